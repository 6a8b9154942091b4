import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/quotes`: offers, their revisions, and acceptance into an order.
enum QuotesAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/quotes", operationID: "listQuotes", summary: "Quotes you may see, newest first (every revision is listed)",
                     tag: "quotes", access: .signedIn, reach: .everyone,
                     query: APIRoute.pageParameters + [.id("customer_id", "Of this customer"), .id("opportunity_id", "For this opportunity"),
                                                       .choice("status", "In this status", QuoteStatus.self)],
                     responses: [.init(.ok, "A page of quotes", schemaName: "QuoteList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            var filter = QuoteBook.Filter()
            filter.customerID = try request.idQuery("customer_id")
            filter.opportunityID = try request.idQuery("opportunity_id")
            filter.status = try request.choiceQuery("status", QuoteStatus.self)
            let page = try await request.quotes.quotes(filter, after: cursor, limit: limit, by: request.actor())
            let lines = try await request.quotes.lines(of: page.items.compactMap(\.id))
            return try .json(ListBody(page) { QuoteBody(quote: $0, lines: lines[$0.id ?? 0] ?? []) })
        }
        api.on(.init(.POST, "/quotes", operationID: "createQuote",
                     summary: "Write a draft quote: each line names product_id or a description; prices, costs and tax rates default from the product",
                     tag: "quotes", access: .signedIn, reach: .changesCustomer, request: QuoteInputBody.schemaName,
                     responses: [.init(.created, "The new draft", schemaName: QuoteBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .opportunityOfCustomer, .init(["valid_until"], "not before quote_date"), LineInputBody.rule])) { request in
            let body = try request.decodeJSON(QuoteInputBody.self)
            var problems = FieldProblems()
            if body.customerID == nil { problems["customer_id"] = .required }
            if body.lines == nil { problems["lines"] = .required }
            try problems.throwIfAny()
            let quote = try await request.quotes.create(body.draft(), by: request.actor())
            return try await respond(quote, request, status: .created)
        }
        api.on(.init(.GET, "/quotes/{id}", operationID: "getQuote", summary: "One quote with its lines, totals and margin", tag: "quotes",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The quote", schemaName: QuoteBody.schemaName)])) { request in
            try await respond(try await request.quotes.quote(id: try request.idParameter(), by: request.actor()), request)
        }
        api.on(.init(.PATCH, "/quotes/{id}", operationID: "updateQuote",
                     summary: "Change a draft (lines, when sent, replace all lines); a sent quote answers 409: make a revision",
                     tag: "quotes", access: .signedIn, reach: .changesCustomer, request: QuoteInputBody.schemaName,
                     responses: [.init(.ok, "The changed draft", schemaName: QuoteBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale, or the quote was sent (make a revision)", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .opportunityOfCustomer, .init(["valid_until"], "not before quote_date"), LineInputBody.rule, .customerFixed, .init(["quote_date", "lines", "notes", "contact_id", "opportunity_id"], "only a draft quote changes")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(QuoteInputBody.self)
            let actor = try request.actor()
            let existing = try await request.quotes.quote(id: id, by: actor)
            if let customer = body.customerID, customer != existing.$customer.id { throw GuanxiError.invalid(problem("customer_id", .notAllowed)) }
            let version = try requireVersion(body.version)
            let lines = try await request.quotes.lines(of: [id])[id] ?? []
            let quote = try await request.quotes.update(id: id, version: version, body.draft(over: QuoteInputBody.draft(of: existing, lines: lines)), by: actor)
            return try await respond(quote, request)
        }
        api.on(.init(.DELETE, "/quotes/{id}", operationID: "deleteQuote", summary: "Delete a draft that was never sent", tag: "quotes",
                     access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Deleted", schemaName: nil),
                                                    .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                                    .init(.conflict, "The quote was sent; it stays on record", schemaName: ErrorBody.schemaName)])) { request in
            try await request.quotes.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        step(api, "send", operationID: "sendQuote", summary: "Mark a draft sent; from now on it changes only by a revision") { request, id in
            try await request.quotes.send(id: id, by: request.actor())
        }
        step(api, "reject", operationID: "rejectQuote", summary: "Record that the customer turned a sent quote down") { request, id in
            try await request.quotes.reject(id: id, by: request.actor())
        }
        api.on(.init(.POST, "/quotes/{id}/revisions", operationID: "reviseQuote",
                     summary: "Make a new draft revision of a sent, rejected or expired quote, with its lines; the quote itself becomes superseded",
                     tag: "quotes", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.created, "The new revision", schemaName: QuoteBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "Only a sent, rejected or expired quote is revised", schemaName: ErrorBody.schemaName)])) { request in
            try await respond(try await request.quotes.revise(id: try request.idParameter(), by: request.actor()), request, status: .created)
        }
        api.on(.init(.GET, "/quotes/{id}/revisions", operationID: "listQuoteRevisions", summary: "Every revision under the quote's number, first to last",
                     tag: "quotes", access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The revisions", schemaName: "QuoteList")])) { request in
            let revisions = try await request.quotes.revisions(of: try request.idParameter(), by: request.actor())
            let lines = try await request.quotes.lines(of: revisions.compactMap(\.id))
            return try .json(ListBody(Page(items: revisions, next: nil)) { QuoteBody(quote: $0, lines: lines[$0.id ?? 0] ?? []) })
        }
        api.on(.init(.POST, "/quotes/{id}/accept", operationID: "acceptQuote",
                     summary: "Accept a sent quote: its order is created with the same lines, once (accepting again answers 200 with that order)",
                     tag: "quotes", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.created, "The new order", schemaName: OrderBody.schemaName),
                                 .init(.ok, "The quote was accepted before; its order", schemaName: OrderBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "Only a sent quote is accepted", schemaName: ErrorBody.schemaName)])) { request in
            let (order, created) = try await request.quotes.accept(id: try request.idParameter(), by: request.actor())
            return try await OrdersAPI.respond(order, request, status: created ? .created : .ok)
        }
    }

    /// A status step with no body that answers with the quote.
    private static func step(_ api: APIBuilder, _ name: String, operationID: String, summary: String,
                             _ run: @escaping @Sendable (Request, Int64) async throws -> Quote) {
        api.on(.init(.POST, "/quotes/{id}/\(name)", operationID: operationID, summary: summary, tag: "quotes", access: .signedIn, reach: .changesCustomer,
                     responses: [.init(.ok, "The quote", schemaName: QuoteBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The quote's status does not allow this", schemaName: ErrorBody.schemaName)])) { request in
            try await respond(try await run(request, try request.idParameter()), request)
        }
    }

    static func respond(_ quote: Quote, _ request: Request, status: HTTPStatus = .ok) async throws -> Response {
        let id = try quote.requireID()
        return try .json(QuoteBody(quote: quote, lines: try await request.quotes.lines(of: [id])[id] ?? []), status: status)
    }

    static let components: [(String, JSONSchema)] = [
        (QuoteBody.schemaName, QuoteBody.schema), (QuoteInputBody.schemaName, QuoteInputBody.schema),
        ("QuoteList", ListBody<QuoteBody>.schema(of: QuoteBody.schemaName)),
        (LineBody.quoteSchemaName, LineBody.schema(returns: false)), (LineInputBody.schemaName, LineInputBody.schema),
    ]
}
