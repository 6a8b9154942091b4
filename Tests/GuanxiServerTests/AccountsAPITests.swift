import Foundation
import GuanxiCore
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Accounts API")
struct AccountsAPITests {
    @Test("An admin creates, reads, changes and deletes a user; every step is audited")
    func userLifecycle() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let created = try await admin.send(.POST, "/api/v1/users", json: [
                "username": "Wang.Wei", "display_name": "王伟", "email": "wangwei@example.cn", "role": "sales", "password": "correct-horse-1",
            ])
            #expect(created.status == .created)
            #expect(created.object?["username"] as? String == "wang.wei")
            #expect(created.object?["display_name"] as? String == "王伟")
            #expect(created.object?["version"] as? Int == 1)
            let id = try #require(created.object?["id"] as? Int)

            let changed = try await admin.send(.PATCH, "/api/v1/users/\(id)", json: ["version": 1, "role": "manager", "email": "wei@example.cn"])
            #expect(changed.status == .ok)
            #expect(changed.object?["role"] as? String == "manager")
            #expect(changed.object?["version"] as? Int == 2)

            let audit = try await admin.send(.GET, "/api/v1/audit?entity=user&entity_id=\(id)")
            #expect(audit.status == .ok)
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(actions == ["update", "create"])
            let update = try #require(audit.items.first)
            #expect(update["actor_name"] as? String == "admin")
            let roleChange = (update["changes"] as? [String: Any])?["role"] as? [String: Any]
            #expect(roleChange?["from"] as? String == "sales")
            #expect(roleChange?["to"] as? String == "manager")

            #expect(try await admin.send(.DELETE, "/api/v1/users/\(id)").status == .noContent)
            #expect(try await admin.send(.GET, "/api/v1/users/\(id)").status == .notFound)
            let deletions = try await admin.send(.GET, "/api/v1/audit?action=delete")
            #expect(deletions.items.first?["entity_id"] as? Int == id)
        }
    }

    @Test("A stale version gets 409 and changes nothing")
    func staleVersion() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let team = try await admin.send(.POST, "/api/v1/teams", json: ["name": "华东销售部"])
            let id = try #require(team.object?["id"] as? Int)
            #expect(try await admin.send(.PATCH, "/api/v1/teams/\(id)", json: ["version": 1, "name": "华东一部"]).status == .ok)
            let stale = try await admin.send(.PATCH, "/api/v1/teams/\(id)", json: ["version": 1, "name": "华东二部"])
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "stale_version")
            #expect(stale.errorMessage?.contains("version 2") == true)
            let current = try await admin.send(.GET, "/api/v1/teams/\(id)")
            #expect(current.object?["name"] as? String == "华东一部")
            #expect(current.object?["version"] as? Int == 2)
        }
    }

    @Test("Keyset pagination walks every record once, without gaps or duplicates")
    func pagination() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            var expected: [String] = []
            for index in 1...7 {
                let name = "Team \(index)"
                expected.append(name)
                #expect(try await admin.send(.POST, "/api/v1/teams", json: ["name": name]).status == .created)
            }
            var seen: [String] = []
            var path = "/api/v1/teams?limit=3"
            var pages = 0
            while true {
                let page = try await admin.send(.GET, path)
                #expect(page.status == .ok)
                seen += page.items.compactMap { $0["name"] as? String }
                pages += 1
                guard let next = page.object?["next"] as? String else {
                    #expect(page.object?["next"] is NSNull)
                    break
                }
                path = "/api/v1/teams?limit=3&after=\(next)"
            }
            #expect(seen == expected)
            #expect(pages == 3)
            #expect(try await admin.send(.GET, "/api/v1/teams?limit=0").status == .badRequest)
            #expect(try await admin.send(.GET, "/api/v1/teams?limit=501").status == .badRequest)
            let badCursor = try await admin.send(.GET, "/api/v1/teams?after=garbage")
            #expect(badCursor.status == .badRequest)
            #expect(badCursor.errorFields["after"] != nil)
        }
    }

    @Test("Only administrators write users and teams; others may read")
    func rolesInAPI() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for role in Role.allCases where role != .admin {
                let name = "user-\(role.rawValue)"
                let created = try await admin.send(.POST, "/api/v1/users", json: ["username": name, "display_name": name, "role": role.rawValue, "password": "long-enough-pw"])
                #expect(created.status == .created)
                let id = try #require(created.object?["id"] as? Int)
                let client = try await APIClient.signIn(app, username: name, password: "long-enough-pw")
                #expect(try await client.send(.GET, "/api/v1/users").status == .ok)
                let forbidden = try await client.send(.POST, "/api/v1/users", json: ["username": "x-\(name)", "display_name": "x", "role": "admin", "password": "long-enough-pw"])
                #expect(forbidden.status == .forbidden)
                #expect(forbidden.errorCode == "forbidden")
                #expect(try await client.send(.PATCH, "/api/v1/users/\(id)", json: ["version": 1, "role": "admin"]).status == .forbidden)
                #expect(try await client.send(.DELETE, "/api/v1/users/1").status == .forbidden)
                #expect(try await client.send(.POST, "/api/v1/teams", json: ["name": "t-\(name)"]).status == .forbidden)
                #expect(try await client.send(.GET, "/api/v1/audit").status == .forbidden)
            }
            // Nothing was written by the refused requests.
            let users = try await admin.send(.GET, "/api/v1/users?limit=500")
            #expect(users.items.count == Role.allCases.count)
            #expect(users.items.allSatisfy { ($0["role"] as? String) != "admin" || ($0["username"] as? String) == "admin" })
        }
    }

    @Test("The last active administrator cannot be removed, demoted or deactivated; nobody deletes themselves")
    func lastAdminProtection() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let me = try await admin.send(.DELETE, "/api/v1/users/1")
            #expect(me.status == .conflict)
            #expect(me.errorCode == "cannot_delete_self")
            let other = try await admin.send(.POST, "/api/v1/users", json: ["username": "boss", "display_name": "Boss", "role": "admin", "password": "long-enough-pw"])
            let otherID = try #require(other.object?["id"] as? Int)
            let boss = try await APIClient.signIn(app, username: "boss", password: "long-enough-pw")
            #expect(try await boss.send(.PATCH, "/api/v1/users/1", json: ["version": 1, "role": "sales"]).status == .ok)
            let demoteLast = try await boss.send(.PATCH, "/api/v1/users/\(otherID)", json: ["version": 1, "role": "sales"])
            #expect(demoteLast.status == .conflict)
            #expect(demoteLast.errorCode == "last_admin")
        }
    }

    @Test("Deactivated users cannot sign in and their tokens stop working")
    func deactivation() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let created = try await admin.send(.POST, "/api/v1/users", json: ["username": "li.na", "display_name": "李娜", "role": "service", "password": "long-enough-pw"])
            let id = try #require(created.object?["id"] as? Int)
            let li = try await APIClient.signIn(app, username: "li.na", password: "long-enough-pw")
            #expect(try await li.send(.GET, "/api/v1/users").status == .ok)
            #expect(try await admin.send(.PATCH, "/api/v1/users/\(id)", json: ["version": 1, "active": false]).status == .ok)
            let refused = try await li.send(.GET, "/api/v1/users")
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "unauthorized")
            let login = try await APIClient(app).send(.POST, "/api/v1/auth/token", json: ["username": "li.na", "password": "long-enough-pw"])
            #expect(login.status == .unauthorized)
        }
    }

    @Test("A user changes their own password through the API; the old password is required")
    func ownPassword() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let wrong = try await admin.send(.POST, "/api/v1/auth/password", json: ["old_password": "not-it-at-all", "new_password": "another-long-one"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.errorFields["old_password"] == "The password is wrong.")
            let short = try await admin.send(.POST, "/api/v1/auth/password", json: ["old_password": adminPassword, "new_password": "short"])
            #expect(short.errorFields["new_password"] == "Must be at least 10 characters.")
            #expect(try await admin.send(.POST, "/api/v1/auth/password", json: ["old_password": adminPassword, "new_password": "another-long-one"]).status == .noContent)
            #expect(try await admin.send(.GET, "/api/v1/users").status == .unauthorized)
            #expect(try await APIClient.signIn(app, password: "another-long-one").token != nil)
        }
    }

    @Test("Tokens can be listed and revoked; a revoked token stops working")
    func tokens() async throws {
        try await withGuanxi { app, _ in
            let first = try await APIClient.signIn(app)
            let second = try await APIClient.signIn(app)
            let listed = try await first.send(.GET, "/api/v1/auth/tokens")
            #expect(listed.items.count == 2)
            #expect(listed.items.allSatisfy { $0["token"] == nil && $0["token_hash"] == nil })
            let secondID = try #require(listed.items.last?["id"] as? Int)
            // Used first, so this server remembers it; revoking it here must still refuse it on the next request.
            #expect(try await second.send(.GET, "/api/v1/users").status == .ok)
            #expect(try await first.send(.DELETE, "/api/v1/auth/tokens/\(secondID)").status == .noContent)
            #expect(try await second.send(.GET, "/api/v1/users").status == .unauthorized)
            #expect(try await first.send(.GET, "/api/v1/users").status == .ok)
        }
    }

    @Test("A token records when it was last used, to the minute, and the token list shows it")
    func tokenLastUse() async throws {
        try await withGuanxi { app, clock in
            let client = try await APIClient.signIn(app)
            let unused = try await APIClient.signIn(app)
            _ = unused
            func lastUse() async throws -> [String?] {
                try await client.send(.GET, "/api/v1/auth/tokens").items.map { $0["last_used_at"] as? String }
            }
            let first = try await lastUse()
            #expect(first.count == 2 && first[0] != nil && first[1] == nil, "\(first)")
            // Within the minute (and past the one-second memory of the token) the time stays; after it, it moves on.
            clock.advance(30)
            _ = try await client.send(.GET, "/api/v1/users")
            #expect(try await lastUse() == first)
            clock.advance(31)
            _ = try await client.send(.GET, "/api/v1/users")
            let later = try await lastUse()
            #expect(later[0] != nil && later[0] != first[0] && later[1] == nil, "\(later)")
        }
    }
}
