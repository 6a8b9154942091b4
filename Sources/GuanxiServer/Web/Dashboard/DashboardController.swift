import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The home page after sign-in.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.dashboard, use: show)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let user = try request.requireUser()
        let context = PageContext(request: request)
        let l = context.l
        let since = request.guanxi.clock.now().addingTimeInterval(-24 * 3600)
        async let userCount = User.query(on: request.db).count()
        async let activeCount = User.query(on: request.db).filter(\.$active == true).count()
        async let teamCount = Team.query(on: request.db).count()
        async let changeCount = AuditEntry.query(on: request.db).filter(\.$createdAt >= since).count()
        async let mine = AuditLog.page(.init(actorID: user.id), after: nil, limit: 8, on: request.db)
        let actor = try request.actor()
        async let customerCount = request.customers.count(CustomerFilter(), by: actor)
        async let myTasks = request.tasks.count(.mine, by: actor)
        async let overdue = request.tasks.count(.overdue, by: actor)
        let team: Team? = if let teamID = user.$team.id { try await Team.find(teamID, on: request.db) } else { nil }

        let work: [(TextKey, Int, String)] = [
            (.statsCustomers, try await customerCount, SitePath.customers.description), (.statsMyOpenTasks, try await myTasks, SitePath.tasks.description),
            (.statsOverdue, try await overdue, "\(SitePath.tasks)?view=overdue"),
        ]
        var cards: [HTML] = work.map { key, value, link in
            "<a class=\"stat\" href=\"\(link)\"><div class=\"value\">\(value)</div><div class=\"label\">\(l[key])</div></a>"
        }
        if user.role.managesAccounts {
            let stats: [(TextKey, Int)] = [
                (.statsUsers, try await userCount), (.statsActiveUsers, try await activeCount),
                (.statsTeams, try await teamCount), (.statsAuditToday, try await changeCount),
            ]
            cards += stats.map { key, value in
                "<div class=\"stat\"><div class=\"value\">\(value)</div><div class=\"label\">\(l[key])</div></div>"
            }
        }
        let activity = try await mine.items
        let names = try await recordNames(activity, request: request, actor: actor)
        let format = WebFormat(timeZone: request.guanxi.settings.timeZone)
        let rows: [HTML] = activity.map { entry in
            "<tr><td class=\"muted\">\(format.dateTime(entry.createdAt))</td><td>\(AuditPage.actionName(entry.action, l))</td><td>\(AuditPage.entityName(entry.entity, l)) \(recordLabel(entry, names: names, l))</td></tr>"
        }
        let content: HTML = """
        <div class="card">
          <h2 id="welcome">\(l(.welcome, ["name": user.displayName]))</h2>
          <p class="muted">\(l[.yourRole]): <strong>\(l.roleName(user.role))</strong> · \(l[.yourTeam]): <strong>\(team?.name ?? l[.noTeam])</strong></p>
        </div>
        <div class="grid">\(cards)</div>
        <div class="card">
          <h2>\(l[.recentActivity])</h2>
          \(rows.isEmpty ? HTML("<p class=\"muted\">\(l[.noActivity])</p>") : HTML("<table class=\"compact\"><tbody>\(rows)</tbody></table>"))
        </div>
        """
        return Layout.page(l[.dashboardTitle], context, content: content)
    }

    /// Fields that name a record in its audit entries, most telling first.
    static let namingFields = ["display_name", "name", "title", "subject", "sku", "username"]

    /// What to call each record of the activity list: the name its own entry noted, else the current name of a user,
    /// team or customer (a customer only when the actor may still see it), keyed by "entity#id".
    private func recordNames(_ entries: [AuditEntry], request: Request, actor: Actor) async throws -> [String: String] {
        var names: [String: String] = [:]
        var missing: [String: Set<Int64>] = [:]
        for entry in entries where entry.action != .import {
            let changes = ChangeSet.decode(entry.changes)
            let noted = Self.namingFields.lazy.compactMap { field in changes[field].flatMap { $0.to ?? $0.from } }.first { !$0.isEmpty }
            if let noted { names["\(entry.entity)#\(entry.entityID)"] = noted } else { missing[entry.entity, default: []].insert(entry.entityID) }
        }
        if let ids = missing["user"], !ids.isEmpty {
            for user in try await User.query(on: request.db).filter(\.$id ~~ Array(ids)).all() { names["user#\(user.id ?? 0)"] = user.displayName }
        }
        if let ids = missing["team"], !ids.isEmpty {
            for team in try await Team.query(on: request.db).filter(\.$id ~~ Array(ids)).all() { names["team#\(team.id ?? 0)"] = team.name }
        }
        for id in missing["customer"] ?? [] {
            if let customer = try? await request.customers.customer(id: id, includeDeleted: true, by: actor) { names["customer#\(id)"] = customer.name }
        }
        return names
    }

    private func recordLabel(_ entry: AuditEntry, names: [String: String], _ l: Localizer) -> HTML {
        // An import's entry counts the rows it wrote instead of naming one record.
        if entry.action == .import { return "\(l(.activityRows, ["n": String(entry.entityID)]))" }
        return "\(names["\(entry.entity)#\(entry.entityID)"] ?? "#\(entry.entityID)")"
    }
}
