import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Every error has the documented body")
struct ErrorResponseTests {
    @Test("400 malformed JSON, 415 wrong content type, 413 too large, 422 naming the field")
    func requestProblems() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let broken = try await admin.send(.POST, "/api/v1/teams", rawBody: "{\"name\": ")
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "invalid_json")

            let text = try await admin.send(.POST, "/api/v1/teams", rawBody: "name=x", contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            #expect(text.errorCode == "unsupported_media_type")

            let huge = try await admin.send(.POST, "/api/v1/teams", json: ["name": String(repeating: "x", count: 2_000_000)])
            #expect(huge.status == .payloadTooLarge)
            #expect(huge.errorCode == "payload_too_large")

            // Nesting deeper than 32 levels is refused before the body is parsed; brackets inside a text do not count.
            let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
            let nested = try await admin.send(.POST, "/api/v1/teams", rawBody: "{\"name\": \"华东\", \"description\": \(deep)}")
            #expect(nested.status == .badRequest && nested.errorCode == "invalid_json")
            #expect(nested.errorMessage?.contains("32") == true)
            let bracketsInText = try await admin.send(.POST, "/api/v1/teams", json: ["description": deep])
            #expect(bracketsInText.status == .unprocessableEntity && Set(bracketsInText.errorFields.keys) == ["name"])

            let missing = try await admin.send(.POST, "/api/v1/users", json: ["username": "zhang", "role": "sales", "password": "long-enough-pw"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.errorFields["display_name"] == "Required.")

            let badEmail = try await admin.send(.POST, "/api/v1/users", json: ["username": "zhang", "display_name": "张三", "email": "zhang@", "role": "sales", "password": "long-enough-pw"])
            #expect(badEmail.status == .unprocessableEntity)
            #expect(badEmail.errorFields["email"] == "Not a valid email address.")

            let shortPassword = try await admin.send(.POST, "/api/v1/users", json: ["username": "zhang", "display_name": "张三", "role": "sales", "password": "short"])
            #expect(shortPassword.errorFields["password"] == "Must be at least 10 characters.")

            let badRole = try await admin.send(.POST, "/api/v1/users", json: ["username": "zhang", "display_name": "张三", "role": "king", "password": "long-enough-pw"])
            #expect(badRole.status == .unprocessableEntity)
            #expect(badRole.errorFields["role"]?.contains("admin") == true)

            let wrongType = try await admin.send(.POST, "/api/v1/teams", json: ["name": 42])
            #expect(wrongType.status == .unprocessableEntity)
            #expect(wrongType.errorFields["name"]?.contains("string") == true)

            let typo = try await admin.send(.POST, "/api/v1/teams", json: ["name": "A", "descripton": "typo"])
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.errorFields["descripton"] == "Unknown field.")

            // None of the refused requests wrote anything.
            #expect(try await admin.send(.GET, "/api/v1/teams").items.isEmpty)
            #expect(try await admin.send(.GET, "/api/v1/users").items.count == 1)
        }
    }

    @Test("401 without a token, 404 for unknown records and paths, 405 with Allow")
    func statusBodies() async throws {
        try await withGuanxi { app, _ in
            let anonymous = APIClient(app)
            let unauthorized = try await anonymous.send(.GET, "/api/v1/users")
            #expect(unauthorized.status == .unauthorized)
            #expect(unauthorized.errorMessage?.isEmpty == false)
            let badToken = try await APIClient(app, token: "gx_not-a-token").send(.GET, "/api/v1/users")
            #expect(badToken.status == .unauthorized)

            let admin = try await APIClient.signIn(app)
            let missing = try await admin.send(.GET, "/api/v1/users/999")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(try await admin.send(.GET, "/api/v1/users/abc").status == .notFound)
            let nowhere = try await admin.send(.GET, "/api/v1/nowhere")
            #expect(nowhere.status == .notFound)

            let wrongMethod = try await admin.send(.PUT, "/api/v1/users/1", json: ["version": 1])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.errorCode == "method_not_allowed")
            #expect(wrongMethod.headers.first(name: .allow) == "GET, PATCH, DELETE")
            // A literal path such as /customers/count offers its own methods, once each, not those of /customers/{id}.
            #expect(try await admin.send(.PUT, "/api/v1/customers/count").headers.first(name: .allow) == "GET")
        }
    }

    @Test("A mistyped JSON value is named by its field, whatever the decoder made of it")
    func mistypedValuesNameTheirField() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let customer = try #require(try await admin.send(.POST, "/api/v1/customers", json: ["name": "Acme"]).object?["id"] as? Int)
            for (field, value) in [("duration_seconds", 1.5 as Any), ("duration_seconds", Double(1e20) as Any), ("occurred_at", "yesterday" as Any)] {
                let refused = try await admin.send(.POST, "/api/v1/customers/\(customer)/interactions", json: ["channel": "phone", field: value])
                #expect(refused.status == .unprocessableEntity)
                #expect(Array(refused.errorFields.keys) == [field], "\(field)=\(value): \(refused.errorFields)")
            }
            let overflow = try await admin.send(.POST, "/api/v1/customers/\(customer)/interactions",
                                                rawBody: #"{"channel": "phone", "duration_seconds": 9223372036854775808}"#)
            #expect(Array(overflow.errorFields.keys) == ["duration_seconds"], "\(overflow.errorFields)")
        }
    }

    @Test("API error messages follow Accept-Language, else the account's language")
    func localizedErrors() async throws {
        try await withGuanxi { app, _ in
            var admin = try await APIClient.signIn(app)
            admin.language = "en-US"
            #expect(try await admin.send(.POST, "/api/v1/teams", json: [:]).errorFields["name"] == "Required.")
            admin.language = "zh-CN,zh;q=0.9"
            #expect(try await admin.send(.POST, "/api/v1/teams", json: [:]).errorFields["name"] == "必填。")
            admin.language = ""  // no header and no saved choice: English
            #expect(try await admin.send(.POST, "/api/v1/teams", json: [:]).errorFields["name"] == "Required.")
            #expect(try await admin.send(.PATCH, "/api/v1/users/1", json: ["version": 1, "language": "zh-CN"]).status == .ok)
            #expect(try await admin.send(.POST, "/api/v1/teams", json: [:]).errorFields["name"] == "必填。")

            var anonymous = APIClient(app)
            anonymous.language = "zh-CN,zh;q=0.9,en;q=0.5"
            let refused = try await anonymous.send(.GET, "/api/v1/users")
            #expect(refused.errorMessage == Localizer(.chinese)[.errUnauthenticated])
        }
    }
}
