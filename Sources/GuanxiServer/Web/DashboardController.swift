import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The home page after sign-in.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: show)
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
        async let myTasks = FollowUpTask.query(on: request.db).filter(\.$assignee.$id == (actor.userID ?? 0)).filter(\.$status == .open).count()
        async let overdue = FollowUpTask.query(on: request.db).filter(\.$assignee.$id == (actor.userID ?? 0)).filter(\.$status == .open)
            .filter(\.$dueAt < request.guanxi.clock.now()).count()
        let team: Team? = if let teamID = user.$team.id { try await Team.find(teamID, on: request.db) } else { nil }

        let work: [(TextKey, Int, String)] = [
            (.statsCustomers, try await customerCount, "/customers"), (.statsMyOpenTasks, try await myTasks, "/tasks"),
            (.statsOverdue, try await overdue, "/tasks?view=overdue"),
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
        let rows: [HTML] = activity.map { entry in
            "<tr><td class=\"muted\">\(DateText.short(entry.createdAt))</td><td>\(AuditPage.actionName(entry.action, l))</td><td>\(AuditPage.entityName(entry.entity, l)) #\(entry.entityID)</td></tr>"
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
}

/// Dates as people read them in lists: UTC, minute precision.
enum DateText {
    static func short(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }
}
