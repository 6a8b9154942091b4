import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/pipeline-stages`, `/pipeline` and `/forecast`.
enum PipelineAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/pipeline-stages", operationID: "listPipelineStages", summary: "Every stage in pipeline order, retired ones too",
                     tag: "pipeline", access: .signedIn, reach: .everyone, responses: [.init(.ok, "The stages", schemaName: "PipelineStageList")])) { request in
            try .json(ListBody(Page(items: try await request.stages.stages(), next: nil), StageBody.init))
        }
        api.on(.init(.POST, "/pipeline-stages", operationID: "createPipelineStage", summary: "Add a stage", tag: "pipeline", access: .admin,
                     request: StageInputBody.schemaName, requiring: ["name_en", "name_zh", "position", "probability"],
                     responses: [.init(.created, "The new stage", schemaName: StageBody.schemaName)], rules: [.init(["is_lost"], "not together with is_won")])) { request in
            let body = try request.decodeJSON(StageInputBody.self)
            var problems = FieldProblems()
            for field in ["name_en", "name_zh", "position", "probability"] where !body.present.contains(field) { problems[field] = .required }
            try problems.throwIfAny()
            return try .json(StageBody(stage: try await request.stages.create(body.draft(), by: request.actor())), status: .created)
        }
        api.on(.init(.PATCH, "/pipeline-stages/{id}", operationID: "updatePipelineStage", summary: "Change or retire a stage; send the version you read",
                     tag: "pipeline", access: .admin, request: StageInputBody.schemaName,
                     responses: [.init(.ok, "The changed stage", schemaName: StageBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)], rules: [.init(["is_lost"], "not together with is_won")])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(StageInputBody.self)
            let existing = try await request.stages.stage(id: id)
            return try .json(StageBody(stage: try await request.stages.update(id: id, version: try requireVersion(body.version),
                                                                              body.draft(over: StageInputBody.draft(of: existing)), by: request.actor())))
        }
        api.on(.init(.DELETE, "/pipeline-stages/{id}", operationID: "deletePipelineStage",
                     summary: "Delete a stage no opportunity was ever in (retire one in use instead: active false)", tag: "pipeline", access: .admin,
                     responses: [.init(.noContent, "Deleted", schemaName: nil),
                                 .init(.conflict, "Opportunities are or were in this stage", schemaName: ErrorBody.schemaName)])) { request in
            try await request.stages.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
        api.on(.init(.GET, "/pipeline", operationID: "getPipeline",
                     summary: "The board: per open stage the count, amount and weighted amount (amount × probability) of the opportunities you may see",
                     tag: "pipeline", access: .signedIn, reach: .everyone, query: Array(OpportunitiesAPI.filterParameters.filter { $0.name != "stage_id" && $0.name != "open" }),
                     responses: [.init(.ok, "The columns", schemaName: PipelineBody.schemaName)])) { request in
            var filter = try OpportunitiesAPI.filter(request)
            filter.openOnly = true
            let columns = try await request.pipeline.columns(filter, cardsPerColumn: 0, by: request.actor())
            return try .json(PipelineBody(columns: columns))
        }
        api.on(.init(.GET, "/forecast", operationID: "getForecast",
                     summary: "Open opportunities by expected close month (amount and weighted amount), and the win rate and average cycle of those closed in the period",
                     tag: "pipeline", access: .signedIn, reach: .everyone,
                     query: [.day("from", "First day of the period (default: the first of this month)"),
                             .lastDay("Last day of the period (default: six months on)", days: 3660),
                             .id("owner_id", "Owned by this user"), .id("team_id", "Owned by a member of this team")],
                     responses: [.init(.ok, "The forecast", schemaName: ForecastBody.schemaName)])) { request in
            var filter = OpportunityBook.Filter()
            filter.ownerID = try request.idQuery("owner_id")
            filter.teamID = try request.idQuery("team_id")
            let calendar = request.guanxi.calendar
            let today = calendar.day(request.guanxi.clock.now())
            let from = try request.dayQuery("from") ?? String(today.prefix(8)) + "01"
            let to = try request.dayQuery("to") ?? calendar.day(from, plus: 182) ?? from
            guard to >= from else { throw RequestProblem.badQuery(name: "to", message: request.localizer.message(for: .beforeDate("from"))) }
            guard (calendar.start(of: to) ?? .distantPast).timeIntervalSince(calendar.start(of: from) ?? .distantPast) <= 3660 * 86_400 else {
                throw RequestProblem.badQuery(name: "to", message: request.localizer.message(for: .outOfRange(minimum: 1, maximum: 3660)))
            }
            let forecast = try await request.pipeline.forecast(filter, from: from, to: to, calendar: calendar, by: request.actor())
            return try .json(ForecastBody(forecast: forecast, from: from, to: to))
        }
    }

    static let components: [(String, JSONSchema)] = [
        (StageBody.schemaName, StageBody.schema), (StageInputBody.schemaName, StageInputBody.schema),
        ("PipelineStageList", ListBody<StageBody>.schema(of: StageBody.schemaName)),
        (PipelineBody.schemaName, PipelineBody.schema), (ForecastBody.schemaName, ForecastBody.schema),
    ]
}
