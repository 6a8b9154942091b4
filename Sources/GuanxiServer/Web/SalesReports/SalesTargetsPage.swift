import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Monthly revenue targets of reps and teams for a year, and the form that sets one (administrators, and managers
/// for their own team; the store decides). The sales report shows each target beside what was sold.
enum SalesTargetsPage {
    struct Model: Sendable {
        var year: Int
        var targets: [SalesTarget]
        var userNames: [Int64: String]
        var teamNames: [Int64: String]
        var users: [(value: String, label: String)]
        var teams: [(value: String, label: String)]
        var values: [String: String]
        var errors: [String: String]

        static func load(_ request: Request, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> Model {
            let today = request.guanxi.calendar.day(request.guanxi.clock.now())
            let thisYear = Int(today.prefix(4)) ?? 2026
            let year = request.query[String.self, at: "year"].flatMap(Int.init).flatMap { (1900...2200).contains($0) ? $0 : nil } ?? thisYear
            let targets = try await SalesTargets(database: request.db, clock: request.guanxi.clock)
                .targets(from: String(format: "%04d-01", year), to: String(format: "%04d-12", year))
            let users = try await SalesLookup.activeUsers(on: request.db)
            let teams = try await Team.query(on: request.db).sort(\.$name).all()
            let allUsers = try await User.query(on: request.db).all()
            return Model(year: year, targets: targets,
                         userNames: Dictionary(allUsers.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { first, _ in first }),
                         teamNames: Dictionary(teams.compactMap { team in team.id.map { ($0, team.name) } }, uniquingKeysWith: { first, _ in first }),
                         users: users, teams: teams.map { (String($0.id ?? 0), $0.name) },
                         values: values.isEmpty ? ["month": String(today.prefix(7))] : values, errors: errors)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let rows: [HTML] = model.targets.map { target in
            let who = target.$user.id.flatMap { model.userNames[$0] } ?? target.$team.id.flatMap { model.teamNames[$0] } ?? l[.none]
            let kind = target.$user.id == nil ? l[.rdTeam] : l[.rdOwner]
            return """
            <tr id="target-\(target.id ?? 0)"><td>\(target.month)</td><td>\(who)</td><td>\(kind)</td>\(SalesFormat.cell(target.amount))\
            <td><form class="inline" method="post" action="\(SitePath.salesTargetDelete(target.id ?? 0))" data-confirm="\(l[.confirmDeleteTarget])">\
            \(context.csrfField)<button class="ghost" type="submit">\(l[.delete])</button></form></td></tr>
            """
        }
        let none = [(value: "", label: l[.none])]
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.salesTargets)" class="filters" id="target-year">
            \(Form.text("year", label: l[.rpYear], value: String(model.year), errors: [:], type: "number"))
            <button type="submit">\(l[.applyFilters])</button>
          </form>
          <a class="button ghost" href="\(SitePath.salesReport.with([("period", "month"), ("group_by", "owner")]))">\(l[.salesReportTitle])</a>
        </div>
        <div class="card"><h2>\(l[.setTarget])</h2>
          <form method="post" action="\(SitePath.salesTargets)" id="target-form">\(context.csrfField)
            \(Form.text("month", label: l[.month], value: model.values["month"] ?? "", errors: model.errors, type: "month"))
            \(Form.select("user_id", label: l[.rdOwner], options: none + model.users, selected: model.values["user_id"] ?? "", errors: model.errors))
            \(Form.select("team_id", label: l[.rdTeam], options: none + model.teams, selected: model.values["team_id"] ?? "", errors: model.errors))
            \(Form.text("amount", label: l[.amountYuan], value: model.values["amount"] ?? "", errors: model.errors))
            <p class="hint">\(l[.targetHint])</p>
            <button type="submit" id="save-target">\(l[.setTarget])</button>
          </form>
        </div>
        <div class="table-card"><table id="targets-table">
          <thead><tr><th>\(l[.month])</th><th>\(l[.targetFor])</th><th></th><th class="num">\(l[.salesTarget])</th><th></th></tr></thead>
          <tbody>\(rows.isEmpty ? ("<tr><td colspan=\"5\" class=\"empty\">\(l[.noTargets])</td></tr>" as HTML) : rows.joined())</tbody>
        </table></div>
        """
    }
}

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
