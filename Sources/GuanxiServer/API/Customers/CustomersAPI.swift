import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/customers`: the list, search, duplicates, export, create, change, trash and merge.
enum CustomersAPI {
    static let filterParameters: [APIRoute.Parameter] = [
        .init(name: "owner_id", description: "Owner (user id)", schema: .integer(minimum: 1)),
        .init(name: "stage", description: "Lifecycle stage", schema: .enumeration(LifecycleStage.allCases.map(\.rawValue))),
        .init(name: "kind", description: "Company or person", schema: .enumeration(CustomerKind.allCases.map(\.rawValue))),
        .init(name: "industry", description: "Exact industry", schema: .line()),
        .init(name: "region", description: "Exact region", schema: .line()),
        .init(name: "tag", description: "Has this tag", schema: .line()),
        .init(name: "source", description: "Exact source", schema: .line()),
        .init(name: "created_from", description: "Created on or after (YYYY-MM-DD or ISO 8601)", schema: .dayOrTime),
        .init(name: "created_to", description: "Created on or before", schema: .dayOrTime),
        .init(name: "last_interaction_from", description: "Last interaction on or after", schema: .dayOrTime),
        .init(name: "last_interaction_to", description: "Last interaction on or before", schema: .dayOrTime),
        .init(name: "q", description: "Substring of name, phone, e-mail or a contact's name", schema: .line()),
        .init(name: "sort", description: "Order", schema: .enumeration(CustomerFilter.Sort.allCases.map(\.rawValue))),
        .init(name: "deleted", description: "true: the trash instead of live customers", schema: .boolean),
        .init(name: "segment_id", description: "Start from a saved segment's filter", schema: .integer(minimum: 1)),
    ]

    static func register(_ api: APIBuilder) {
        let page = APIRoute.pageParameters
        api.on(.init(.GET, "/customers", operationID: "listCustomers", summary: "Customers you may see, filtered, searched and sorted",
                     tag: "customers", access: .signedIn, reach: .everyone, query: page + filterParameters,
                     responses: [.init(.ok, "A page of customers", schemaName: "CustomerList")])) { request in
            let filter = try await request.customerFilter()
            let (cursor, limit) = try request.pageRequest()
            let actor = try request.actor()
            return CustomerJSON.listResponse(try await request.customers.list(filter, after: cursor, limit: limit, by: actor))
        }
        api.on(.init(.GET, "/customers/count", operationID: "countCustomers", summary: "How many customers you may see match the filter",
                     tag: "customers", access: .signedIn, reach: .everyone, query: filterParameters,
                     responses: [.init(.ok, "The count", schemaName: CountBody.schemaName)])) { request in
            let filter = try await request.customerFilter()
            return try .json(CountBody(count: try await request.customers.count(filter, by: request.actor())))
        }
        api.on(.init(.GET, "/customers/duplicates", operationID: "findDuplicateCustomers",
                     summary: "Customers you may see with the same normalised name, phone or e-mail", tag: "customers", access: .signedIn, reach: .everyone,
                     query: [.init(name: "name", description: "Name", schema: .string()), .init(name: "phone", description: "Phone", schema: .string()),
                             .init(name: "email", description: "E-mail", schema: .string()),
                             .init(name: "exclude_id", description: "Leave out this customer", schema: .integer(minimum: 1))],
                     responses: [.init(.ok, "Probable duplicates", schemaName: "CustomerList")])) { request in
            let found = try await request.customers.duplicates(
                name: request.query[String.self, at: "name"] ?? "", phone: request.query[String.self, at: "phone"] ?? "",
                email: request.query[String.self, at: "email"] ?? "", excluding: request.query[Int64.self, at: "exclude_id"], by: request.actor())
            let tags = try await CustomerBook.tags(of: found.compactMap(\.id), on: request.db)
            return try .json(ListBody(Page(items: found, next: nil)) { try CustomerBody(customer: $0, tags: tags[$0.id ?? 0] ?? []) })
        }
        api.on(.init(.GET, "/customers/export", operationID: "exportCustomers",
                     summary: "Every matching customer you may see, as CSV (UTF-8 with BOM, or GB18030) or JSON", tag: "customers",
                     access: .signedIn, reach: .everyone, query: filterParameters + [
                        .init(name: "format", description: "csv (default) or json", schema: .enumeration(["csv", "json"])),
                        .init(name: "encoding", description: "CSV encoding", schema: .enumeration(TextEncoding.allCases.map(\.rawValue))),
                     ],
                     responses: [.init(.ok, "The file", schemaName: "CustomerCSV", contentType: "text/csv",
                                       alternatives: [("application/json", "CustomerArray")])])) { request in
            try await CustomerExport.response(request)
        }
        api.on(.init(.POST, "/customers", operationID: "createCustomer",
                     summary: "Create a customer; probable duplicates answer 409 `duplicate` unless allow_duplicate is true", tag: "customers",
                     access: .signedIn, reach: .everyone, request: NewCustomerBody.schemaName,
                     responses: [.init(.created, "The new customer", schemaName: CustomerBody.schemaName),
                                 .init(.conflict, "Probable duplicates exist; `fields.duplicate_of` lists their ids", schemaName: ErrorBody.schemaName)],
                     rules: [ownerRule])) { request in
            let body = try request.decodeJSON(NewCustomerBody.self)
            var problems = FieldProblems()
            let draft = body.draft(&problems)
            try problems.throwIfAny()
            let customer = try await request.customers.create(draft, allowDuplicate: body.allow_duplicate ?? false, by: request.actor())
            return try .json(CustomerBody(customer: customer, tags: try await tags(customer, request)), status: .created)
        }
        api.on(.init(.GET, "/customers/{id}", operationID: "getCustomer", summary: "One customer", tag: "customers", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The customer", schemaName: CustomerBody.schemaName)])) { request in
            let customer = try await request.customers.customer(id: try request.idParameter(), includeDeleted: true, by: request.actor())
            return try .json(CustomerBody(customer: customer, tags: try await tags(customer, request)))
        }
        api.on(.init(.PATCH, "/customers/{id}", operationID: "updateCustomer", summary: "Change a customer; send the version you read",
                     tag: "customers", access: .signedIn, reach: .changesCustomer, request: CustomerPatchBody.schemaName,
                     responses: [.init(.ok, "The changed customer", schemaName: CustomerBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [ownerRule])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(CustomerPatchBody.self)
            try body.problems.throwIfAny()
            let customer = try await request.customers.update(id: id, version: body.version, body.changes, by: request.actor())
            return try .json(CustomerBody(customer: customer, tags: try await tags(customer, request)))
        }
        api.on(.init(.DELETE, "/customers/{id}", operationID: "deleteCustomer", summary: "Move a customer to the trash (restorable)",
                     tag: "customers", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.noContent, "In the trash", schemaName: nil),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)])) { request in
            try await request.customers.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.POST, "/customers/{id}/restore", operationID: "restoreCustomer", summary: "Bring a customer back from the trash",
                     tag: "customers", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.ok, "The restored customer", schemaName: CustomerBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)])) { request in
            let customer = try await request.customers.restore(id: try request.idParameter(), by: request.actor())
            return try .json(CustomerBody(customer: customer, tags: try await tags(customer, request)))
        }
        api.on(.init(.POST, "/customers/{id}/merge", operationID: "mergeCustomer",
                     summary: "Merge another customer into this one: its contacts, interactions and tasks move here", tag: "customers",
                     access: .signedIn, reach: .changesCustomer, request: MergeBody.schemaName,
                     responses: [.init(.ok, "The surviving customer", schemaName: CustomerBody.schemaName),
                                 .init(.forbidden, "You may not change one of the two customers", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "A customer cannot be merged into itself", schemaName: ErrorBody.schemaName)],
                     rules: [.init(["duplicate_id"], "a customer the caller may see")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(MergeBody.self)
            // A duplicate that is not there (or is in the trash, where it cannot be merged) is a field of the body,
            // not the survivor the path names.
            do {
                _ = try await request.customers.customer(id: body.duplicate_id, by: request.actor())
            } catch GuanxiError.notFound {
                var problems = FieldProblems()
                problems["duplicate_id"] = .unknownReference
                throw GuanxiError.invalid(problems)
            }
            let customer = try await request.customers.merge(survivorID: id, duplicateID: body.duplicate_id, by: request.actor())
            return try .json(CustomerBody(customer: customer, tags: try await tags(customer, request)))
        }
    }

    static let ownerRule = APIRoute.Rule(["owner_id"], "an active user the caller may give customers to (sales reps: themselves)")

    static func tags(_ customer: Customer, _ request: Request) async throws -> [String] {
        let id = try customer.requireID()
        return try await CustomerBook.tags(of: [id], on: request.db)[id] ?? []
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (CustomerBody.schemaName, CustomerBody.schema),
        (NewCustomerBody.schemaName, NewCustomerBody.schema),
        (CustomerPatchBody.schemaName, CustomerPatchBody.schema),
        ("CustomerList", ListBody<CustomerBody>.schema(of: CustomerBody.schemaName)),
        (MergeBody.schemaName, MergeBody.schema),
        (CountBody.schemaName, CountBody.schema),
        ("CustomerCSV", .string()), ("CustomerArray", .array(.ref(CustomerBody.schemaName))),
    ]
}

extension Request {
    /// The customer filter of this request's query string, starting from `segment_id` when given.
    func customerFilter() async throws -> CustomerFilter {
        var parameters = try strictQuery()
        let timeZone = guanxi.settings.timeZone
        if let text = parameters["segment_id"], !text.isEmpty {
            guard let id = Int64(text), id > 0 else { throw RequestProblem.badQuery(name: "segment_id", message: localizer[.fpMustBeInteger]) }
            let segment = try await segments.segment(id: id)
            let stored = CustomerFilter.parse(queryString: segment.filter, timeZone: timeZone).0
            for (name, value) in stored.parameters(timeZone: timeZone) where (parameters[name] ?? "").isEmpty { parameters[name] = value }
        }
        let (filter, problems) = CustomerFilter.parse(parameters, timeZone: timeZone)
        if let (name, problem) = problems.problems.sorted(by: { $0.key < $1.key }).first {
            throw RequestProblem.badQuery(name: name, message: localizer.message(for: problem))
        }
        return filter
    }
}
