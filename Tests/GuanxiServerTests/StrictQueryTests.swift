import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Query values the server does not understand are refused, never guessed")
struct StrictQueryTests {
    static let csv = "name,phone\n杭州明前茶业,0571-88880001\n"

    @Test("A mistyped dry run or duplicate switch is a 400 naming it, and nothing is imported")
    func mistypedBooleansWriteNothing() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for value in ["1", "yes", "TRUE", "on", "null", "", "true&dry_run=true", "false&dry_run=true"] {
                let refused = try await admin.send(.POST, "/api/v1/imports/customers?dry_run=\(value)", rawBody: Self.csv, contentType: "text/csv")
                #expect(refused.status == .badRequest, "dry_run=\(value)")
                #expect(refused.errorFields["dry_run"] != nil, "dry_run=\(value)")
            }
            let duplicates = try await admin.send(.POST, "/api/v1/imports/customers?allow_duplicates=1", rawBody: Self.csv, contentType: "text/csv")
            #expect(duplicates.status == .badRequest && duplicates.errorFields["allow_duplicates"] != nil)
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)

            let dry = try await admin.send(.POST, "/api/v1/imports/customers?dry_run=true", rawBody: Self.csv, contentType: "text/csv")
            #expect(dry.status == .ok && dry.object?["dry_run"] as? Bool == true && dry.object?["written_rows"] as? Int == 0)
            let real = try await admin.send(.POST, "/api/v1/imports/customers?dry_run=false", rawBody: Self.csv, contentType: "text/csv")
            #expect(real.status == .ok && real.object?["written_rows"] as? Int == 1)
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 1)
        }
    }

    @Test("deleted is true or false in lists, counts and exports; a broken search is a 400, not every customer")
    func oneBooleanAndNoWidenedSearch() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let kept = try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信科技"])
            let gone = try await admin.send(.POST, "/api/v1/customers", json: ["name": "锦程德润"])
            let goneID = try #require(gone.object?["id"] as? Int)
            #expect(kept.status == .created)
            #expect(try await admin.send(.DELETE, "/api/v1/customers/\(goneID)").status == .noContent)

            #expect(try await admin.send(.GET, "/api/v1/customers/count?deleted=true").object?["count"] as? Int == 1)
            #expect(try await admin.send(.GET, "/api/v1/customers/count?deleted=false").object?["count"] as? Int == 1)
            for path in ["/customers/count", "/customers", "/customers/export"] {
                for value in ["yes", "1", "null"] {
                    let refused = try await admin.send(.GET, "/api/v1\(path)?deleted=\(value)")
                    #expect(refused.status == .badRequest && refused.errorFields["deleted"] != nil, "\(path)?deleted=\(value)")
                }
            }
            for query in ["q=%ff%fe", "stage=lead&stage=customer", "q=%E5%8D&deleted=false"] {
                let refused = try await admin.send(.GET, "/api/v1/customers?\(query)")
                #expect(refused.status == .badRequest, "\(query)")
                #expect(!refused.errorFields.isEmpty, "\(query)")
            }
            // A URL that is not percent-encoded at all reaches the server as the literal text ("%zz"): it is searched
            // for as typed and finds nothing, rather than being dropped and finding everyone.
            for query in ["q=%zz", "q=%"] {
                let literal = try await admin.send(.GET, "/api/v1/customers?\(query)")
                #expect(literal.status == .badRequest || (literal.status == .ok && literal.items.isEmpty), "\(query)")
            }
            #expect(try await admin.send(.GET, "/api/v1/customers?q=%E5%8D%8E%E4%BF%A1").items.count == 1)

            // A segment whose filter does not read is refused when saved, never stored as "everything".
            for filter in ["q=%zz", "q=%", "deleted=1", "tag=a&tag=b"] {
                let refused = try await admin.send(.POST, "/api/v1/segments", json: ["name": "坏筛选", "filter": filter])
                #expect(refused.status == .unprocessableEntity && refused.errorFields["filter"] != nil, "\(filter)")
            }
            #expect(try await admin.send(.GET, "/api/v1/segments").items.isEmpty)
        }
    }
}

@Suite("Control characters are refused in every text field, never stored or stripped")
struct ControlCharacterTests {
    @Test("Custom fields, tags, team names and descriptions, display names and segment filters with a NUL are a 422 naming the field")
    func nulRefusedEverywhere() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let cases: [(String, [String: Any], String)] = [
                ("/customers", ["name": "n1", "custom_fields": ["k\u{0}": "v"]], "custom_fields"),
                ("/customers", ["name": "n1", "custom_fields": ["k": "v\u{0}x"]], "custom_fields"),
                ("/customers", ["name": "n1", "tags": ["a\u{0}b"]], "tags"),
                ("/teams", ["name": "team\u{0}x"], "name"),
                ("/teams", ["name": "华东", "description": "d\u{1}"], "description"),
                ("/segments", ["name": "s", "filter": "tag=a\u{0}b"], "filter"),
                ("/segments", ["name": "s", "filter": "tag=a%00b"], "filter"),
                ("/users", ["username": "nul.user", "display_name": "李\u{0}明", "role": "sales", "password": "nul-user-password-1"], "display_name"),
            ]
            for (path, body, field) in cases {
                let refused = try await admin.send(.POST, "/api/v1\(path)", json: body)
                #expect(refused.status == .unprocessableEntity, "\(path) \(body)")
                #expect(refused.errorFields[field] != nil, "\(path) \(body): \(refused.errorFields)")
            }
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)
            #expect(try await admin.send(.GET, "/api/v1/teams").items.isEmpty)
            #expect(try await admin.send(.GET, "/api/v1/segments").items.isEmpty)
            let list = try await admin.send(.GET, "/api/v1/customers?tag=a%00b")
            #expect(list.status == .badRequest && list.errorFields["tag"] != nil)
            // Line breaks stay allowed where text may run over lines.
            let multiLine = try await admin.send(.POST, "/api/v1/customers", json: ["name": "n2", "custom_fields": ["备注": "一\n二"]])
            #expect(multiLine.status == .created)
        }
    }
}

@Suite("A refused JSON value is reported under its own field")
struct FieldBlameTests {
    @Test("An owner id past Int64 or with a fraction is blamed on owner_id, not on name")
    func ownerIDBlamed() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for raw in [#"{"name":"x","owner_id":9223372036854775808}"#, #"{"name":"x","owner_id":1.5}"#,
                        #"{"owner_id":1.5,"name":"x"}"#] {
                let refused = try await admin.send(.POST, "/api/v1/customers", rawBody: raw)
                #expect(refused.status == .unprocessableEntity || refused.status == .badRequest, "\(raw)")
                #expect(refused.errorFields.keys.sorted() == ["owner_id"], "\(raw): \(refused.errorFields)")
            }
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)
        }
    }

    @Test("A time outside the years 1900-2200 is refused with a message about the date, under its field")
    func yearsOutOfRange() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let customer = try #require(try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信"]).object?["id"] as? Int)
            for due in ["99999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z"] {
                let refused = try await admin.send(.POST, "/api/v1/tasks", json: ["customer_id": customer, "title": "t", "due_at": due])
                #expect(refused.status == .unprocessableEntity, "\(due)")
                #expect(refused.errorFields["due_at"] == "Must be a date in the years 1900 to 2200.", "\(due): \(refused.errorFields)")
            }
            let notATime = try await admin.send(.POST, "/api/v1/tasks", json: ["customer_id": customer, "title": "t", "due_at": "明天"])
            #expect(notATime.status == .unprocessableEntity && notATime.errorFields["due_at"] != nil)
            #expect(try await FollowUpTask.query(on: app.db).count() == 0)
            for due in ["1900-01-01T00:00:00Z", "2200-12-31T23:59:59Z", "2030-01-02T09:00:00+08:00"] {
                let made = try await admin.send(.POST, "/api/v1/tasks", json: ["customer_id": customer, "title": "t", "due_at": due])
                #expect(made.status == .created, "\(due): \(made.errorFields)")
            }
        }
    }

    @Test("null is taken only where a field can be cleared; elsewhere it is refused under the field, not ignored")
    func nullOnlyWhereItClears() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let customer = try #require(try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信"]).object?["id"] as? Int)
            let contact = try #require(try await admin.send(.POST, "/api/v1/customers/\(customer)/contacts", json: ["name": "王经理"]).object?["id"] as? Int)
            let task = try #require(try await admin.send(.POST, "/api/v1/tasks", json: [
                "customer_id": customer, "title": "回访", "due_at": "2030-01-02T09:00:00Z", "remind_at": "2030-01-02T08:00:00Z",
            ]).object?["id"] as? Int)
            let refusals: [(HTTPMethod, String, [String: Any], String)] = [
                (.PATCH, "/contacts/\(contact)", ["version": 1, "name": NSNull()], "name"),
                (.PATCH, "/tasks/\(task)", ["version": 1, "title": NSNull()], "title"),
                (.POST, "/teams", ["name": "华东", "description": NSNull()], "description"),
                (.PATCH, "/customers/\(customer)", ["version": 1, "name": NSNull()], "name"),
            ]
            for (method, path, body, field) in refusals {
                let refused = try await admin.send(method, "/api/v1\(path)", json: body)
                #expect(refused.status == .unprocessableEntity, "\(path)")
                #expect(refused.errorFields[field] == "Must have a value; this field does not take null.", "\(path): \(refused.errorFields)")
            }
            #expect(try await admin.send(.GET, "/api/v1/contacts/\(contact)").object?["name"] as? String == "王经理")
            // A field that can be cleared takes null and is cleared.
            let cleared = try await admin.send(.PATCH, "/api/v1/tasks/\(task)", json: ["version": 1, "remind_at": NSNull()])
            #expect(cleared.status == .ok)
            #expect(cleared.object?["remind_at"] is NSNull)
        }
    }
}

@Suite("The staff directory by role")
struct StaffDirectoryTests {
    @Test("Reps and other staff see colleagues' names, roles and teams but only their own e-mail; managers see all")
    func emailOnlyForThoseWhoManagePeople() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for (username, role, email) in [("rep.a", "sales", "rep.a@example.cn"), ("svc.c", "service", "svc.c@example.cn"),
                                            ("mgr.b", "manager", "mgr.b@example.cn")] {
                #expect(try await admin.send(.POST, "/api/v1/users", json: [
                    "username": username, "display_name": username.uppercased(), "role": role, "email": email,
                    "password": "directory-password-1",
                ]).status == .created)
            }
            func emails(_ client: APIClient) async throws -> [String: String] {
                let listed = try await client.send(.GET, "/api/v1/users?limit=500")
                #expect(listed.status == .ok)
                return Dictionary(uniqueKeysWithValues: listed.items.map { ($0["username"] as? String ?? "", $0["email"] as? String ?? "?") })
            }
            let rep = try await APIClient.signIn(app, username: "rep.a", password: "directory-password-1")
            let service = try await APIClient.signIn(app, username: "svc.c", password: "directory-password-1")
            let manager = try await APIClient.signIn(app, username: "mgr.b", password: "directory-password-1")
            #expect(try await emails(rep) == ["admin": "", "rep.a": "rep.a@example.cn", "svc.c": "", "mgr.b": ""])
            #expect(try await emails(service) == ["admin": "", "rep.a": "", "svc.c": "svc.c@example.cn", "mgr.b": ""])
            let managerView = try await emails(manager)
            #expect(managerView["rep.a"] == "rep.a@example.cn" && managerView["svc.c"] == "svc.c@example.cn")
            #expect(try await emails(admin)["mgr.b"] == "mgr.b@example.cn")
            let one = try await rep.send(.GET, "/api/v1/users?limit=500").items.first { $0["username"] as? String == "mgr.b" }
            let managerID = try #require(one?["id"] as? Int)
            let single = try await rep.send(.GET, "/api/v1/users/\(managerID)")
            #expect(single.object?["display_name"] as? String == "MGR.B" && single.object?["email"] as? String == "")
        }
    }
}
