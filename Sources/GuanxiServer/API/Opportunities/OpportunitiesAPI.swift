import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/opportunities`: the sales pipeline's records.
enum OpportunitiesAPI {
    static let filterParameters: [APIRoute.Parameter] = [
        .id("customer_id", "Of this customer"), .id("owner_id", "Owned by this user"), .id("team_id", "Owned by a member of this team"),
        .id("stage_id", "At this stage"), .init(name: "open", description: "true: only open ones", schema: .boolean),
        .day("close_from", "Expected to close on or after this day"), .day("close_to", "Expected to close on or before this day"),
    ]

    static func filter(_ request: Request) throws -> OpportunityBook.Filter {
        var filter = OpportunityBook.Filter()
        filter.customerID = try request.idQuery("customer_id")
        filter.ownerID = try request.idQuery("owner_id")
        filter.teamID = try request.idQuery("team_id")
        filter.stageID = try request.idQuery("stage_id")
        filter.openOnly = try request.booleanQuery("open") ?? false
        filter.closeFrom = try request.dayQuery("close_from")
        filter.closeTo = try request.dayQuery("close_to")
        return filter
    }

    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/opportunities", operationID: "listOpportunities", summary: "Opportunities you may see, newest first",
                     tag: "opportunities", access: .signedIn, reach: .everyone, query: APIRoute.pageParameters + filterParameters,
                     responses: [.init(.ok, "A page of opportunities", schemaName: "OpportunityList")])) { request in
            let (cursor, limit) = try request.pageRequest()
            let page = try await request.opportunities.opportunities(try filter(request), after: cursor, limit: limit, by: request.actor())
            let presenter = try await OpportunityPresenter.load(for: page.items, request)
            return try .json(ListBody(page, presenter.body))
        }
        api.on(.init(.POST, "/opportunities", operationID: "createOpportunity",
                     summary: "Open an opportunity; without stage_id it starts at the first open stage, without owner_id it goes to the customer's owner",
                     tag: "opportunities", access: .signedIn, reach: .changesCustomer, request: OpportunityInputBody.schemaName, requiring: ["customer_id", "title"],
                     responses: [.init(.created, "The new opportunity", schemaName: OpportunityBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .assignableOwner, .init(["stage_id"], "an active pipeline stage"), .init(["lost_reason"], "required when the stage is a lost one")])) { request in
            let body = try request.decodeJSON(OpportunityInputBody.self)
            guard body.customerID != nil else { throw GuanxiError.invalid(problem("customer_id", .required)) }
            let opportunity = try await request.opportunities.create(body.draft(), by: request.actor())
            return try .json(try await OpportunityPresenter.load(for: [opportunity], request).body(opportunity), status: .created)
        }
        api.on(.init(.GET, "/opportunities/{id}", operationID: "getOpportunity", summary: "One opportunity", tag: "opportunities",
                     access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The opportunity", schemaName: OpportunityBody.schemaName)])) { request in
            let opportunity = try await request.opportunities.opportunity(id: try request.idParameter(), by: request.actor())
            return try .json(try await OpportunityPresenter.load(for: [opportunity], request).body(opportunity))
        }
        api.on(.init(.PATCH, "/opportunities/{id}",
                     operationID: "updateOpportunity", summary: "Change an opportunity or move it to another stage (a lost stage needs lost_reason); send the version you read",
                     tag: "opportunities", access: .signedIn, reach: .changesCustomer, request: OpportunityInputBody.schemaName,
                     responses: [.init(.ok, "The changed opportunity", schemaName: OpportunityBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.customerExists, .contactOfCustomer, .assignableOwner, .init(["stage_id"], "an active pipeline stage"), .init(["lost_reason"], "required when the stage is a lost one"), .customerFixed])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(OpportunityInputBody.self)
            let actor = try request.actor()
            let existing = try await request.opportunities.opportunity(id: id, by: actor)
            if let customer = body.customerID, customer != existing.$customer.id { throw GuanxiError.invalid(problem("customer_id", .notAllowed)) }
            let version = try requireVersion(body.version)
            let opportunity = try await request.opportunities.update(id: id, version: version, body.draft(over: OpportunityBook.draft(of: existing)), by: actor)
            return try .json(try await OpportunityPresenter.load(for: [opportunity], request).body(opportunity))
        }
        api.on(.init(.DELETE, "/opportunities/{id}", operationID: "deleteOpportunity", summary: "Delete an opportunity", tag: "opportunities",
                     access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Deleted", schemaName: nil),
                                                    .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)])) { request in
            try await request.opportunities.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.GET, "/opportunities/{id}/history", operationID: "getOpportunityHistory",
                     summary: "Its moves from stage to stage, oldest first (the first is its creation)", tag: "opportunities", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The stage changes", schemaName: "StageChangeList")])) { request in
            let changes = try await request.opportunities.history(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: changes, next: nil), StageChangeBody.init))
        }
    }

    static let components: [(String, JSONSchema)] = [
        (OpportunityBody.schemaName, OpportunityBody.schema),
        (OpportunityInputBody.schemaName, OpportunityInputBody.schema),
        ("OpportunityList", ListBody<OpportunityBody>.schema(of: OpportunityBody.schemaName)),
        (StageChangeBody.schemaName, StageChangeBody.schema),
        ("StageChangeList", ListBody<StageChangeBody>.schema(of: StageChangeBody.schemaName)),
    ]
}

/// One refused field, for checks an API route makes itself.
func problem(_ field: String, _ problem: FieldProblem) -> FieldProblems {
    var problems = FieldProblems()
    problems[field] = problem
    return problems
}
