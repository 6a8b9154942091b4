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
            let teams = try await Team.query(on: request.db).sort(\.$name).all()
            // Every user, for the names of old targets; the active ones are offered in the form.
            let users = try await User.query(on: request.db).sort(\.$displayName).all()
            return Model(year: year, targets: targets,
                         userNames: Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { first, _ in first }),
                         teamNames: Dictionary(teams.compactMap { team in team.id.map { ($0, team.name) } }, uniquingKeysWith: { first, _ in first }),
                         users: users.filter(\.active).map { (String($0.id ?? 0), $0.displayName) },
                         teams: teams.map { (String($0.id ?? 0), $0.name) },
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
