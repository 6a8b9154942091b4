import Foundation
import GuanxiCore
import GuanxiStore
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

/// A clock tests can move.
final class TestClock: TimeSource, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

let adminPassword = "admin-password-1"

/// A fresh database for one test: in-memory SQLite, or a private schema on PostgreSQL when DATABASE_URL is set.
func freshDatabase() -> DatabaseLocation {
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        return .postgres(url: url, schema: "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
    }
    return .sqliteMemory
}

/// Runs a test against a configured Guanxi on its own fresh database.
func withGuanxi<T>(
    clock: TestClock = TestClock(), database: DatabaseLocation? = nil, dropSchema: Bool = true,
    _ body: (Application, TestClock) async throws -> T
) async throws -> T {
    let location = database ?? freshDatabase()
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: settings(location, clock))
        let result = try await body(app, clock)
        if dropSchema { try await location.dropPrivateSchema(app.db) }
        try await app.asyncShutdown()
        return result
    } catch {
        // Database errors hide their details from their description; tests need them.
        if String(describing: type(of: error)).contains("PSQLError") { print("database error: \(String(reflecting: error))") }
        if dropSchema { try? await location.dropPrivateSchema(app.db) }
        try? await app.asyncShutdown()
        throw error
    }
}

/// A database two applications can share: a temporary SQLite file, or one PostgreSQL schema.
func sharedDatabase() -> (DatabaseLocation, cleanup: () -> Void) {
    let location = freshDatabase()
    if case .postgres = location { return (location, {}) }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guanxi-test-\(UUID().uuidString)")
    return (.sqliteFile(path: directory.appendingPathComponent("guanxi.sqlite").path), { try? FileManager.default.removeItem(at: directory) })
}

/// Two server instances on one database, as behind a load balancer; `adjusting` changes both instances' settings.
func withTwoInstances(adjusting: (inout GuanxiSettings) -> Void = { _ in },
                      _ body: (Application, Application, TestClock) async throws -> Void) async throws {
    let (location, cleanup) = sharedDatabase()
    defer { cleanup() }
    let clock = TestClock()
    var configured = settings(location, clock)
    adjusting(&configured)
    let app1 = try await Application.make(.testing)
    let app2 = try await Application.make(.testing)
    do {
        try await configure(app1, settings: configured)
        try await configure(app2, settings: configured)
        try await body(app1, app2, clock)
    } catch {
        if String(describing: type(of: error)).contains("PSQLError") { print("database error: \(String(reflecting: error))") }
        try? await location.dropPrivateSchema(app1.db)
        try? await app1.asyncShutdown()
        try? await app2.asyncShutdown()
        throw error
    }
    try await location.dropPrivateSchema(app1.db)
    try await app1.asyncShutdown()
    try await app2.asyncShutdown()
}

func settings(_ location: DatabaseLocation, _ clock: TestClock) -> GuanxiSettings {
    // One PostgreSQL connection per event loop: the suite runs many applications at once. No request lines: the
    // suite sends tens of thousands of requests and nobody reads them (RequestLogTests turns them on).
    var settings = GuanxiSettings(database: location, adminPassword: adminPassword, bcryptCost: 4, clock: clock, databasePoolSize: 1)
    settings.logsRequests = false
    // The test clock stands still, so every request of a test falls into the same minute (RateLimitTests sets one).
    settings.rateLimitPerToken = 0
    settings.rateLimitPerAddress = 0
    return settings
}

/// A JSON API client that checks every response against the served OpenAPI document.
struct APIClient {
    let app: Application
    var token: String?
    var language = "en"

    init(_ app: Application, token: String? = nil) {
        self.app = app
        self.token = token
    }

    /// Signs in through the API and returns a client carrying the bearer token.
    static func signIn(_ app: Application, username: String = "admin", password: String = adminPassword) async throws -> APIClient {
        let client = APIClient(app)
        let response = try await client.send(.POST, "/api/v1/auth/token", json: ["username": username, "password": password])
        #expect(response.status == .created)
        let token = try #require(response.object?["token"] as? String)
        return APIClient(app, token: token)
    }

    struct Result {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let json: Any?
        /// The body as received (for CSV downloads).
        var raw = Data()
        var object: [String: Any]? { json as? [String: Any] }
        var items: [[String: Any]] { (object?["items"] as? [[String: Any]]) ?? [] }
        var errorCode: String? { (object?["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (object?["error"] as? [String: Any])?["message"] as? String }
        var errorFields: [String: String] { ((object?["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:] }
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, rawBody: String? = nil, bytes: [UInt8]? = nil,
              headers extra: HTTPHeaders = HTTPHeaders(), contentType: String = "application/json",
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> Result {
        var headers = extra
        if let token { headers.bearerAuthorization = .init(token: token) }
        if !language.isEmpty { headers.replaceOrAdd(name: .acceptLanguage, value: language) }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.replaceOrAdd(name: .contentType, value: contentType)
        } else if let rawBody {
            body = ByteBuffer(string: rawBody)
            headers.replaceOrAdd(name: .contentType, value: contentType)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
            headers.replaceOrAdd(name: .contentType, value: contentType)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        let data = Data(buffer: response.body)
        let parsed = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let result = Result(status: response.status, headers: response.headers, json: parsed, raw: data)
        try await OpenAPIConformance.check(app: app, method: method, path: path, status: response.status, body: parsed,
                                           rawBodyEmpty: data.isEmpty, contentType: response.headers.contentType?.serialize(),
                                           sourceLocation: sourceLocation)
        return result
    }

    /// Follows a keyset-paged list from its first page to its last (`path` carries the query, e.g. `?sort=name&limit=1`)
    /// and returns `field` of every item in the order served; each page must answer 200.
    func allPages(_ path: String, field: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        var seen: [String] = []
        var next: String?
        repeat {
            let page = try await send(.GET, path + (next.map { "&after=\($0)" } ?? ""), sourceLocation: sourceLocation)
            #expect(page.status == .ok, sourceLocation: sourceLocation)
            seen += page.items.compactMap { $0[field] as? String }
            next = page.object?["next"] as? String
        } while next != nil
        return seen
    }
}

/// Checks a real response against the OpenAPI document the same server serves.
enum OpenAPIConformance {
    /// Every application of the test process serves the same document (it is built from the route table), so it is
    /// read once; parsing it for each of the suite's calls cost more than the calls themselves.
    nonisolated(unsafe) private static let cached = NIOLockedValueBox<[String: Any]?>(nil)

    static func document(_ app: Application) async throws -> [String: Any] {
        if let document = cached.withLockedValue({ $0 }) { return document }
        let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        cached.withLockedValue { $0 = document }
        return document
    }

    static func check(app: Application, method: HTTPMethod, path: String, status: HTTPStatus, body: Any?, rawBodyEmpty: Bool,
                      contentType: String? = nil, sourceLocation: SourceLocation) async throws {
        guard path.hasPrefix("/api/v1/") else { return }
        let document = try await document(app)
        let concrete = path.split(separator: "?")[0].dropFirst("/api/v1".count).split(separator: "/")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        // Like the router, a literal segment wins over a parameter (/customers/count before /customers/{id}).
        let match = paths.filter { template, _ in
            let parts = template.split(separator: "/")
            return parts.count == concrete.count && zip(parts, concrete).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.max { $0.key.split(separator: "/").filter { !$0.hasPrefix("{") }.count < $1.key.split(separator: "/").filter { !$0.hasPrefix("{") }.count }
        guard let (template, operations) = match else {
            // Unknown paths answer 404 with the error body.
            #expect(status == .notFound, "undocumented path \(path) answered \(status)", sourceLocation: sourceLocation)
            try validate(body, against: ["$ref": "#/components/schemas/Error"], document: document, at: "body", sourceLocation: sourceLocation)
            return
        }
        guard let operation = operations[method.rawValue.lowercased()] as? [String: Any] else {
            #expect(status == .methodNotAllowed, "\(method) \(template) is not documented but answered \(status)", sourceLocation: sourceLocation)
            return
        }
        let responses = try #require(operation["responses"] as? [String: [String: Any]])
        guard let documented = responses[String(status.code)] else {
            Issue.record("\(method) \(template) answered \(status.code), which the document does not list", sourceLocation: sourceLocation)
            return
        }
        let content = documented["content"] as? [String: [String: Any]]
        if let contentType, !contentType.hasPrefix("application/json"), let content {
            // A file download: its media type must be documented; its bytes are checked by the test itself.
            // `*/*` documents a file served with its own type (a bid's attachment).
            #expect(content.keys.contains { contentType.hasPrefix($0) || $0 == "*/*" }, "\(method) \(template) answered \(contentType), not documented",
                    sourceLocation: sourceLocation)
        } else if let content, let schema = content["application/json"]?["schema"] as? [String: Any] {
            try validate(body, against: schema, document: document, at: "body", sourceLocation: sourceLocation)
        } else {
            #expect(rawBodyEmpty, "\(method) \(template) \(status.code) should have no body", sourceLocation: sourceLocation)
        }
    }

    static func validate(_ value: Any?, against schema: [String: Any], document: [String: Any], at location: String,
                         sourceLocation: SourceLocation) throws {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let resolved = try #require(schemas[name], "missing component \(name)")
            return try validate(value, against: resolved, document: document, at: location, sourceLocation: sourceLocation)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            // The document uses oneOf only for "X or null".
            if value is NSNull {
                #expect(options.contains { $0["type"] as? String == "null" }, "\(location): null not allowed", sourceLocation: sourceLocation)
            } else {
                let nonNull = try #require(options.first { $0["type"] as? String != "null" })
                try validate(value, against: nonNull, document: document, at: location, sourceLocation: sourceLocation)
            }
            return
        }
        let type = schema["type"] as? String
        switch type {
        case "object":
            guard let object = value as? [String: Any] else {
                Issue.record("\(location): expected an object, got \(String(describing: value))", sourceLocation: sourceLocation); return
            }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for key in schema["required"] as? [String] ?? [] {
                #expect(object[key] != nil, "\(location): missing required \(key)", sourceLocation: sourceLocation)
            }
            for (key, child) in object {
                if let propertySchema = properties[key] {
                    try validate(child, against: propertySchema, document: document, at: "\(location).\(key)", sourceLocation: sourceLocation)
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    try validate(child, against: additional, document: document, at: "\(location).\(key)", sourceLocation: sourceLocation)
                } else if schema["additionalProperties"] as? Bool == false {
                    Issue.record("\(location): undocumented property \(key)", sourceLocation: sourceLocation)
                }
            }
        case "array":
            guard let array = value as? [Any] else {
                Issue.record("\(location): expected an array", sourceLocation: sourceLocation); return
            }
            let items = schema["items"] as? [String: Any] ?? [:]
            for (index, element) in array.enumerated() {
                try validate(element, against: items, document: document, at: "\(location)[\(index)]", sourceLocation: sourceLocation)
            }
        default:
            #expect((try? strictlyValid(value, schema, document)) == true,
                    "\(location): \(String(describing: value)) does not match \(schema)", sourceLocation: sourceLocation)
        }
    }

    /// Scalar checks.
    static func strictlyValid(_ value: Any?, _ schema: [String: Any], _ document: [String: Any]) throws -> Bool {
        switch schema["type"] as? String {
        case "null": return value is NSNull
        case "string":
            guard let text = value as? String else { return false }
            if let allowed = schema["enum"] as? [String] { return allowed.contains(text) }
            if schema["format"] as? String == "date-time" { return ISO8601DateFormatter().date(from: text) != nil }
            return true
        case "integer":
            guard !isBoolean(value), let number = value as? NSNumber, number.doubleValue.rounded() == number.doubleValue else { return false }
            if let minimum = schema["minimum"] as? Int, number.intValue < minimum { return false }
            return true
        case "number": return !isBoolean(value) && value is NSNumber
        case "boolean": return isBoolean(value)
        default: return true
        }
    }

    static func isBoolean(_ value: Any?) -> Bool {
        if value is Bool && !(value is Int) { return true }
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }
}
