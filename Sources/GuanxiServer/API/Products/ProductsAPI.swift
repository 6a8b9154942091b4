import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/products`: the product catalog.
enum ProductsAPI {
    static func register(_ api: APIBuilder) {
        let page = APIRoute.pageParameters
        api.on(.init(.GET, "/products", operationID: "listProducts", summary: "The product catalog", tag: "products", access: .signedIn, reach: .everyone,
                     query: page + [.init(name: "q", description: "Substring of name or SKU", schema: .string()),
                                    .init(name: "category", description: "Exact category", schema: .string())],
                     responses: [.init(.ok, "A page of products", schemaName: "ProductList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let result = try await request.products.products(search: request.query[String.self, at: "q"],
                                                             category: request.query[String.self, at: "category"], after: cursor, limit: limit)
            return try .json(ListBody(result, ProductBody.init))
        }
        api.on(.init(.POST, "/products", operationID: "createProduct", summary: "Add a product (administrators and managers)",
                     tag: "products", access: .signedIn, reach: .roles([.admin, .manager]), request: ProductInputBody.schemaName, requiring: ["name", "sku"],
                     responses: [.init(.created, "The new product", schemaName: ProductBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)], rules: [.init(["sku"], "not the SKU of another product")])) { request in
            let body = try request.decodeJSON(ProductInputBody.self)
            return try .json(ProductBody(product: try await request.products.create(body.draft(), by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/products/{id}", operationID: "getProduct", summary: "One product", tag: "products", access: .signedIn, reach: .everyone,
                     responses: [.init(.ok, "The product", schemaName: ProductBody.schemaName)])) { request in
            try .json(ProductBody(product: try await request.products.product(id: try request.idParameter())))
        }
        api.on(.init(.PATCH, "/products/{id}", operationID: "updateProduct", summary: "Change a product; send the version you read",
                     tag: "products", access: .signedIn, reach: .roles([.admin, .manager]), request: ProductInputBody.schemaName,
                     responses: [.init(.ok, "The changed product", schemaName: ProductBody.schemaName),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.init(["sku"], "not the SKU of another product")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(ProductInputBody.self)
            let existing = try await request.products.product(id: id)
            let product = try await request.products.update(id: id, version: try requireVersion(body.version),
                                                            body.draft(over: ProductDraft.of(existing)), by: request.actor())
            return try .json(ProductBody(product: product))
        }
        api.on(.init(.DELETE, "/products/{id}", operationID: "deleteProduct", summary: "Delete a product", tag: "products", access: .signedIn, reach: .roles([.admin, .manager]),
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.forbidden, "Only administrators and managers", schemaName: ErrorBody.schemaName)])) { request in
            try await request.products.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (ProductBody.schemaName, ProductBody.schema),
        (ProductInputBody.schemaName, ProductInputBody.schema),
        ("ProductList", ListBody<ProductBody>.schema(of: ProductBody.schemaName)),
    ]
}

/// A draft rebuilt from the stored product, so a PATCH changes only the fields it names.
enum ProductDraft {
    static func of(_ product: Product) -> ProductCatalog.Draft {
        var draft = ProductCatalog.Draft()
        draft.sku = product.sku; draft.name = product.name; draft.category = product.category; draft.unit = product.unit
        draft.listPrice = product.listPrice; draft.unitCost = product.unitCost; draft.brand = product.brand
        draft.manufacturer = product.manufacturer; draft.isAgentProduct = product.isAgentProduct
        draft.launchDate = product.launchDate ?? ""; draft.active = product.active
        draft.taxRateBasis = product.taxRateBasis
        return draft
    }
}
