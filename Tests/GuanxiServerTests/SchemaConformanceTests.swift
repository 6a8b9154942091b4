import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("The OpenAPI document says exactly what the server accepts")
struct SchemaConformanceTests {
    @Test("A 422 names every refused field at once: missing, mistyped and malformed together")
    func everyFieldAtOnce() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let user = try await admin.send(.POST, "/api/v1/users", json: ["username": "zhang", "email": "zhang@", "role": "sales", "password": "long-enough-pw"])
            #expect(user.status == .unprocessableEntity)
            #expect(user.errorFields["display_name"] == "Required.")
            #expect(user.errorFields["email"] == "Not a valid email address.")

            let customer = try await admin.send(.POST, "/api/v1/customers", json: [
                "name": " ", "email": "not-an-email", "stage": "friend", "annual_category_spend": 12.345, "phone": "abc",
                "tags": [String](repeating: "t", count: 31), "owner_id": "me", "website": "a\u{0}b",
            ])
            #expect(customer.status == .unprocessableEntity)
            #expect(Set(customer.errorFields.keys) == ["name", "email", "stage", "annual_category_spend", "phone", "tags", "owner_id", "website"],
                    "\(customer.errorFields)")

            let line = try await admin.send(.POST, "/api/v1/orders", json: [
                "customer_id": 1, "lines": [["quantity": 0, "unit_price": -1, "colour": "red"]], "ordered_at": "0001-01-01T00:00:00Z",
            ])
            #expect(Set(line.errorFields.keys).isSuperset(of: ["lines.0.quantity", "lines.0.unit_price", "lines.0.colour", "ordered_at"]),
                    "\(line.errorFields)")
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)
        }
    }

    @Test("Strings the rules refuse are refused by the schema: empty and blank names, over-long text, control characters")
    func requiredStringsAndLimits() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for (path, field) in [("/teams", "name"), ("/customers", "name"), ("/products", "name"), ("/segments", "name")] {
                for value in ["", " \u{3000}", String(repeating: "长", count: 201), "a\nb"] {
                    var body: [String: Any] = path == "/products" ? ["name": "x", "sku": "SKU-1"] : ["name": "x"]
                    body[field] = value
                    let refused = try await admin.send(.POST, "/api/v1\(path)", json: body)
                    #expect(refused.status == .unprocessableEntity && refused.errorFields[field] != nil, "\(path) \(field)=\(value.prefix(8))")
                }
            }
            // Counted in code points, as the document's maxLength counts them: 200 are taken.
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": String(repeating: "长", count: 200)]).status == .created)
        }
    }

    @Test("Query values outside their schema are a 400: int64 bounds, dates, cursors, required parameters")
    func strictQueries() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for (path, name) in [("/customers/duplicates?exclude_id=9223372036854775808", "exclude_id"), ("/customers/duplicates?exclude_id=0", "exclude_id"),
                                 ("/customers?created_from=2024-13-01", "created_from"), ("/customers?created_from=0999-01-01", "created_from"),
                                 ("/customers?after=%21%21", "after"), ("/customers?after=aWQ6MA", "after"), ("/customers?limit=501", "limit"),
                                 ("/customers?q=a%00b", "q"), ("/sales-targets?to=", "to"), ("/reports/sales?group_by=", "group_by"),
                                 ("/audit?entity_id=1.5", "entity_id"), ("/imports/customers?dry_run=true&dry_run=true", "dry_run")] {
                let method: HTTPMethod = path.hasPrefix("/imports") ? .POST : .GET
                let refused = try await admin.send(method, "/api/v1\(path)", rawBody: method == .POST ? "name\nx\n" : nil, contentType: "text/csv")
                #expect(refused.status == .badRequest && refused.errorFields[name] != nil, "\(path): \(refused.status) \(refused.errorFields)")
            }
            let noFile = try await admin.send(.POST, "/api/v1/imports/customers?dry_run=true", rawBody: "", contentType: "text/csv")
            #expect(noFile.status == .unprocessableEntity && noFile.errorFields["file"] != nil)
            #expect(try await admin.send(.GET, "/api/v1/customers/duplicates?exclude_id=9223372036854775807").status == .ok)
        }
    }

    @Test("A whole number written with a fraction is an integer, as JSON Schema counts it; a PATCH needs its version")
    func wholeNumbersAndVersions() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let id = try #require(try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信"]).object?["id"] as? Int)
            let changed = try await admin.send(.PATCH, "/api/v1/customers/\(id)", rawBody: #"{"version": 1.0, "region": "华东"}"#)
            #expect(changed.status == .ok, "\(changed.errorFields)")
            let product = try await admin.send(.POST, "/api/v1/products", json: ["sku": "P-1", "name": "绿茶"])
            let productID = try #require(product.object?["id"] as? Int)
            let noVersion = try await admin.send(.PATCH, "/api/v1/products/\(productID)", json: ["name": "红茶"])
            #expect(noVersion.status == .unprocessableEntity && noVersion.errorFields["version"] == "Required.")
        }
    }

    @Test("A method a literal path lacks is a 405 even where a parameter route has it")
    func literalPathsAnswer405() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            for path in ["/customers/count", "/customers/export", "/bids/statistics"] {
                let refused = try await admin.send(.PATCH, "/api/v1\(path)", json: ["version": 1])
                #expect(refused.status == .methodNotAllowed, "\(path)")
                #expect(refused.headers.first(name: .allow) == "GET", "\(path)")
            }
        }
    }

    @Test("Each text pattern's regular expression and the server's check agree")
    func patternsAgree() throws {
        let samples = ["", "a", " ", "\t", "a\n", "abc\n", "2024-05\n", "\u{3000}", "\u{85}", "a\nb", "a\u{0}", "华信科技", " x ", "abc", "Ab", "a.b-c_d",
                       "123", "+86 138", "1-2", "aWQ6MTI", "a=b", "2024-05-01", "1899-12-31", "2200-12-31T00:00:00Z", "99999-01-01",
                       "2024-13", "2024-12", "Q", "QT1", "Q-1", "online_store", "b2b_portal", "9x", "_a",
                       String(repeating: "a", count: 40), "a" + String(repeating: "1", count: 40)]
        for pattern in TextPattern.allCases {
            let regex = try NSRegularExpression(pattern: pattern.regex)
            for sample in samples {
                let range = NSRange(sample.startIndex..., in: sample)
                let matched = regex.firstMatch(in: sample, range: range) != nil
                #expect(matched == pattern.matches(sample), "\(pattern) \(sample.debugDescription)")
            }
        }
    }

    @Test("Every operation states its rules beyond the schemas; required strings have a minimum length; integers their int64 bounds")
    func documentStatesTheRules() async throws {
        try await withGuanxi { app, _ in
            let document = try #require(try await APIClient(app).send(.GET, "/api/v1/openapi.json").object)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let createUser = try #require(paths["/users"]?["post"])
            #expect((createUser["description"] as? String)?.contains("`username`") == true)
            #expect((paths["/customers"]?["get"]?["x-rules"] as? [[String: Any]])?.contains { ($0["fields"] as? [String]) == ["after"] } == true)
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let team = try #require(schemas["NewTeam"]?["properties"] as? [String: [String: Any]])
            #expect(team["name"]?["minLength"] as? Int == 1 && team["name"]?["maxLength"] as? Int == AccountRules.teamNameMaximum)
            let merge = try #require(schemas["Merge"]?["properties"] as? [String: [String: Any]])
            #expect(merge["duplicate_id"]?["maximum"] as? Int == Int(Int64.max))
        }
    }
}
