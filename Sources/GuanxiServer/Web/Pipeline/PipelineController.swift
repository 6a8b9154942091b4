import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The pipeline board, its one action (moving a card to another stage) and the forecast.
struct PipelineController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pipeline, use: board)
        routes.get(.pipelineForecast, use: forecast)
        routes.post(.opportunityMove(SitePath.anyID), use: move)
    }

    struct MoveForm: Content {
        var stage_id: String?
        var lost_reason: String?
        var version: Int?
        var owner_id: String?, team_id: String?, close_from: String?, close_to: String?
    }

    @Sendable func board(_ request: Request) async throws -> Response {
        try await render(request, filters: PipelineFilters(request), attempt: nil)
    }

    @Sendable func forecast(_ request: Request) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await ForecastPage.Model.load(request)
        return Layout.page(context.l[.forecastTitle], context, content: ForecastPage.view(model, context))
    }

    /// Moves the card and returns to the board as it was filtered; a refused move (a lost stage without a reason)
    /// shows the board again with the problem on that card.
    @Sendable func move(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(MoveForm.self)
        let filters = PipelineFilters { name in
            switch name {
            case "owner_id": values.owner_id
            case "team_id": values.team_id
            case "close_from": values.close_from
            case "close_to": values.close_to
            default: nil
            }
        }
        let reason = (values.lost_reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            guard let stageID = FormNumber.id(values.stage_id) else {
                var problems = FieldProblems()
                problems["stage_id"] = .required
                throw GuanxiError.invalid(problems)
            }
            let moved = try await request.opportunities.move(id: id, version: values.version ?? 0, toStage: stageID,
                                                             lostReason: reason.isEmpty ? nil : reason, by: try request.actor())
            return request.redirect(to: SitePath.pipeline.with(filters.query), flash: .opportunityMoved, name: moved.title)
        } catch GuanxiError.invalid(let problems) {
            let attempt = PipelineBoardPage.MoveAttempt(opportunityID: id, stageID: values.stage_id ?? "", lostReason: reason, problems: problems)
            return try await render(request, filters: filters, attempt: attempt, status: .unprocessableEntity)
        }
    }

    private func render(_ request: Request, filters: PipelineFilters, attempt: PipelineBoardPage.MoveAttempt?,
                        status: HTTPStatus = .ok) async throws -> Response {
        let context = PageContext(request: request)
        let model = try await PipelineBoardPage.Model.load(request, filters: filters, attempt: attempt)
        let response = Layout.page(context.l[.pipelineTitle], context, content: PipelineBoardPage.view(model, context))
        response.status = status
        return response
    }
}
