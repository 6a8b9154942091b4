import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

extension CustomersAPI {
    static func registerCatalog(_ api: APIBuilder) {
        let page = AccountsAPI.pageParameters
        api.on(.init(.GET, "/products", operationID: "listProducts", summary: "The product catalog", tag: "products", access: .signedIn,
                     query: page + [.init(name: "q", description: "Substring of name or SKU", schema: .string()),
                                    .init(name: "category", description: "Exact category", schema: .string())],
                     responses: [.init(.ok, "A page of products", schemaName: "ProductList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let result = try await request.products.products(search: request.query[String.self, at: "q"],
                                                             category: request.query[String.self, at: "category"], after: cursor, limit: limit)
            return try .json(ListBody(result, ProductBody.init))
        }
        api.on(.init(.POST, "/products", operationID: "createProduct", summary: "Add a product (administrators and managers)",
                     tag: "products", access: .signedIn, request: ProductInputBody.schemaName,
                     responses: [.init(.created, "The new product", schemaName: ProductBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)])) { request in
            let body = try request.decodeJSON(ProductInputBody.self)
            return try .json(ProductBody(product: try await request.products.create(body.draft(), by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/products/{id}", operationID: "getProduct", summary: "One product", tag: "products", access: .signedIn,
                     responses: [.init(.ok, "The product", schemaName: ProductBody.schemaName)])) { request in
            try .json(ProductBody(product: try await request.products.product(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/products/{id}", operationID: "updateProduct", summary: "Change a product; send the version you read",
                     tag: "products", access: .signedIn, request: ProductInputBody.schemaName,
                     responses: [.init(.ok, "The changed product", schemaName: ProductBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(ProductInputBody.self)
            let existing = try await request.products.product(id: id)
            let product = try await request.products.update(id: id, version: try requireVersion(body.version),
                                                            body.draft(over: ProductDraft.of(existing)), by: request.actor())
            return try .json(ProductBody(product: product))
        }
        api.on(.init(.DELETE, "/products/{id}", operationID: "deleteProduct", summary: "Delete a product", tag: "products", access: .signedIn,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)])) { request in
            try await request.products.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }

        api.on(.init(.GET, "/segments", operationID: "listSegments", summary: "Saved customer filters", tag: "segments", access: .signedIn,
                     responses: [.init(.ok, "Every segment", schemaName: "SegmentList")])) { request in
            try .json(ListBody(Page(items: try await request.segments.segments(), next: nil), SegmentBody.init))
        }
        api.on(.init(.POST, "/segments", operationID: "createSegment", summary: "Save a customer filter as a segment", tag: "segments",
                     access: .signedIn, request: SegmentInputBody.schemaName,
                     responses: [.init(.created, "The new segment", schemaName: SegmentBody.schemaName)])) { request in
            let body = try request.decodeJSON(SegmentInputBody.self)
            let filter = try segmentFilter(body.filter ?? "", request)
            let segment = try await request.segments.create(name: body.name ?? "", description: body.description ?? "", filter: filter, by: request.actor())
            return try .json(SegmentBody(segment: segment), status: .created)
        }
        api.on(.init(.GET, "/segments/{id}", operationID: "getSegment", summary: "One segment", tag: "segments", access: .signedIn,
                     responses: [.init(.ok, "The segment", schemaName: SegmentBody.schemaName)])) { request in
            try .json(SegmentBody(segment: try await request.segments.segment(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/segments/{id}", operationID: "updateSegment", summary: "Change a segment; send the version you read",
                     tag: "segments", access: .signedIn, request: SegmentInputBody.schemaName,
                     responses: [.init(.ok, "The changed segment", schemaName: SegmentBody.schemaName),
                                 .init(.forbidden, "Only its creator or an administrator", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(SegmentInputBody.self)
            let filter = try body.filter.map { try segmentFilter($0, request) }
            let segment = try await request.segments.update(id: id, version: try requireVersion(body.version), name: body.name,
                                                            description: body.description, filter: filter, by: request.actor())
            return try .json(SegmentBody(segment: segment))
        }
        api.on(.init(.DELETE, "/segments/{id}", operationID: "deleteSegment", summary: "Delete a segment", tag: "segments", access: .signedIn,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only its creator or an administrator", schemaName: ErrorBody.schemaName)])) { request in
            try await request.segments.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }

        api.on(.init(.POST, "/imports/{kind}", operationID: "importFile",
                     summary: "Import a CSV file (body: text/csv, UTF-8 or GB18030); all rows or none. Administrators only",
                     tag: "imports", access: .admin,
                     query: [.init(name: "dry_run", description: "Check only; write nothing", schema: .boolean),
                             .init(name: "encoding", description: "Force an encoding instead of detecting it", schema: .enumeration(TextEncoding.allCases.map(\.rawValue))),
                             .init(name: "allow_duplicates", description: "Import customers that look like existing ones", schema: .boolean)],
                     responses: [.init(.ok, "The report; `written_rows` is 0 when anything was refused", schemaName: ImportReportBody.schemaName),
                                 .init(.payloadTooLarge, "The file is larger than 256 MiB", schemaName: ErrorBody.schemaName)],
                     uploadLimit: 256 << 20)) { request in
            guard let kind = request.parameters.get("kind").flatMap(ImportKind.init(rawValue:)) else { throw GuanxiError.notFound(entity: "import") }
            var options = DataImporter.Options(kind: kind)
            options.dryRun = request.query[String.self, at: "dry_run"] == "true"
            options.allowDuplicates = request.query[String.self, at: "allow_duplicates"] == "true"
            if let text = request.query[String.self, at: "encoding"], !text.isEmpty {
                guard let encoding = TextEncoding(rawValue: text.lowercased()) else {
                    throw RequestProblem.badQuery(name: "encoding", message: request.localizer.message(for: .notOneOf(TextEncoding.allCases.map(\.rawValue))))
                }
                options.encoding = encoding
            }
            let bytes = request.body.data.map { Array($0.readableBytesView) } ?? []
            let report = try await request.guanxi.importer(on: request.application.bulkLoadDB).run(bytes, options, by: request.actor())
            if report.writtenRows > 0 { request.application.catchUpIndexes() }
            return try .json(ImportReportBody(report, request.localizer))
        }
    }

    static func segmentFilter(_ text: String, _ request: Request) throws -> CustomerFilter {
        let (filter, problems) = CustomerFilter.parse(queryString: text, timeZone: request.guanxi.settings.timeZone)
        // The filter is one field of the segment; its first refused parameter explains why.
        if let problem = problems.problems.sorted(by: { $0.key < $1.key }).first?.value {
            var fields = FieldProblems()
            fields["filter"] = problem
            throw GuanxiError.invalid(fields)
        }
        return filter
    }
}

enum ProductDraft {
    static func of(_ product: Product) -> ProductCatalog.Draft {
        var draft = ProductCatalog.Draft()
        draft.sku = product.sku; draft.name = product.name; draft.category = product.category; draft.unit = product.unit
        draft.listPrice = product.listPrice; draft.unitCost = product.unitCost; draft.brand = product.brand
        draft.manufacturer = product.manufacturer; draft.isAgentProduct = product.isAgentProduct
        draft.launchDate = product.launchDate ?? ""; draft.active = product.active
        return draft
    }
}
