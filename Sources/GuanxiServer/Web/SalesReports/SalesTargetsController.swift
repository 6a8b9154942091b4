import GuanxiCore
import GuanxiStore
import Vapor

/// The targets page and its two actions.
struct SalesTargetsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.salesTargets, use: list)
        routes.post(.salesTargets, use: set)
        routes.post(.salesTargetDelete(SitePath.anyID), use: delete)
    }

    struct TargetForm: Content {
        var month: String?, user_id: String?, team_id: String?, amount: String?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        try await render(request, try await SalesTargetsPage.Model.load(request))
    }

    @Sendable func set(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TargetForm.self)
        var problems = FieldProblems()
        var draft = SalesTargets.Draft()
        draft.month = (form.month ?? "").trimmingCharacters(in: .whitespaces)
        draft.userID = FormNumber.id(form.user_id)
        draft.teamID = FormNumber.id(form.team_id)
        draft.amount = FormNumber.money(form.amount, field: "amount", into: &problems) ?? 0
        if (form.amount ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems["amount"] = .required }
        // The store's own checks run only once the form reads; the month is checked here too so that both are named.
        if !SalesTargets.isMonth(draft.month) { problems["month"] = .invalidDate }
        let values = ["month": draft.month, "user_id": form.user_id ?? "", "team_id": form.team_id ?? "", "amount": form.amount ?? ""]
        do {
            try problems.throwIfAny()
            let target = try await SalesTargets(database: request.db, clock: request.guanxi.clock).set(draft, by: try request.actor())
            return request.redirect(to: SitePath.salesTargets.with([("year", String(target.month.prefix(4)))]), flash: .targetSaved, name: target.month)
        } catch GuanxiError.invalid(let refused) {
            // The form's own problems and the store's, together.
            var all = problems
            for (field, problem) in refused.problems { all[field] = problem }
            let messages = all.problems.mapValues { request.localizer.message(for: $0) }
            let response = try await render(request, try await SalesTargetsPage.Model.load(request, values: values, errors: messages))
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable func delete(_ request: Request) async throws -> Response {
        try await SalesTargets(database: request.db, clock: request.guanxi.clock).delete(id: try request.idParameter(), by: try request.actor())
        return request.redirect(to: SitePath.salesTargets.description, flash: .targetDeleted)
    }

    private func render(_ request: Request, _ model: SalesTargetsPage.Model) async throws -> Response {
        let context = PageContext(request: request)
        return Layout.page(context.l[.salesTargetsTitle], context, content: SalesTargetsPage.view(model, context))
    }
}
