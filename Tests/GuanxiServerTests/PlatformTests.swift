import Foundation
import GuanxiCore
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Start-up, health, metrics, several instances")
struct PlatformTests {
    @Test("First start creates admin once with a generated password; a restart keeps the data and prints nothing")
    func firstStart() async throws {
        let (location, cleanup) = sharedDatabase()
        defer { cleanup() }
        let clock = TestClock()
        var first = settings(location, clock)
        first.adminPassword = nil
        let app1 = try await Application.make(.testing)
        let report1 = try await configure(app1, settings: first)
        let password = try #require(report1.generatedAdminPassword)
        #expect(password.count >= AccountRules.minimumPasswordLength)
        #expect(try await APIClient.signIn(app1, password: password).token != nil)
        if case .sqliteFile(let path) = location {
            let mode = try await app1.db.sql().raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            #expect(FileManager.default.fileExists(atPath: path))
        }
        try await app1.asyncShutdown()

        let app2 = try await Application.make(.testing)
        let report2 = try await configure(app2, settings: first)
        #expect(report2.generatedAdminPassword == nil)
        #expect(report2.adminCreated == false)
        #expect(try await APIClient.signIn(app2, password: password).token != nil)
        try await location.dropPrivateSchema(app2.db)
        try await app2.asyncShutdown()
    }

    @Test("Two instances on one database share sessions and login throttling")
    func twoInstances() async throws {
        try await withTwoInstances { app1, app2, _ in
        let browser = Browser(app1)
        try await browser.signIn()
        let elsewhere = Browser(app2)
        elsewhere.cookies = browser.cookies
        let dashboard = try await elsewhere.get("/")
        #expect(dashboard.status == .ok)
        #expect(dashboard.html.contains("Administrator"))

        for app in [app1, app2, app1, app2, app1] {
            #expect(try await APIClient(app).send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": "wrong-password"]).status == .unauthorized)
        }
        #expect(try await APIClient(app2).send(.POST, "/api/v1/auth/token", json: ["username": "admin", "password": adminPassword]).status == .tooManyRequests)
        }
    }

    @Test("A token revoked on one instance is refused there at once and on the other within a second")
    func tokenRevocationAcrossInstances() async throws {
        try await withTwoInstances { app1, app2, clock in
            let here = try await APIClient.signIn(app1)
            let there = APIClient(app2, token: here.token)
            #expect(try await there.send(.GET, "/api/v1/users").status == .ok)
            let listed = try await here.send(.GET, "/api/v1/auth/tokens")
            let id = try #require(listed.items.first?["id"] as? Int)
            #expect(try await here.send(.DELETE, "/api/v1/auth/tokens/\(id)").status == .noContent)
            #expect(try await here.send(.GET, "/api/v1/users").status == .unauthorized)
            // The other instance looked the token up less than a second ago and still trusts that answer…
            #expect(try await there.send(.GET, "/api/v1/users").status == .ok)
            // …until a second has passed.
            clock.advance(1)
            #expect(try await there.send(.GET, "/api/v1/users").status == .unauthorized)
        }
    }

    @Test("A stopping server waits for the requests still running before it closes the database")
    func stopWaitsForRunningRequests() async throws {
        try await withGuanxi { app, _ in
            let (entered, enteredSignal) = AsyncStream<Void>.makeStream()
            let (gate, opening) = AsyncStream<Void>.makeStream()
            app.get("slow-for-test") { request async throws -> String in
                enteredSignal.yield()
                for await _ in gate { break }
                // The handler still reaches the database after its wait, as a slow list request would.
                return String(try await User.query(on: request.db).count())
            }
            let inFlight = app.guanxi.inFlight
            let answer = Task { try await app.testing().sendRequest(.GET, "/slow-for-test") }
            for await _ in entered { break }
            #expect(inFlight.count == 1)
            #expect(await inFlight.drained(within: .milliseconds(50)) == false)
            opening.yield()
            let response = try await answer.value
            #expect(response.status == .ok)
            #expect(response.body.string == "1")
            #expect(await inFlight.drained(within: .seconds(5)))
            #expect(inFlight.count == 0)
        }
    }

    @Test("/health answers 200 with a database and 503 without one")
    func health() async throws {
        try await withGuanxi { app, _ in
            let response = try await app.testing().sendRequest(.GET, "/health")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("\"status\":\"ok\""))
        }
        let app = try await Application.make(.testing)
        try await configure(app, settings: GuanxiSettings(database: .postgres(url: "postgres://nobody:nothing@127.0.0.1:1/none"), bcryptCost: 4), migrate: false)
        let down = try await app.testing().sendRequest(.GET, "/health")
        #expect(down.status == .serviceUnavailable)
        #expect(down.body.string.contains("\"status\":\"unavailable\""))
        try await app.asyncShutdown()
    }

    @Test("/metrics exposes request counts and latency by route and status, and process memory")
    func metrics() async throws {
        try await withGuanxi { app, _ in
            _ = try await APIClient(app).send(.GET, "/api/v1/users")
            let text = try await app.testing().sendRequest(.GET, "/metrics").body.string
            #expect(text.contains("http_requests_total{method=\"GET\",path=\"/api/v1/users\",status=\"401\"}"))
            #expect(text.contains("http_request_duration_seconds_bucket{method=\"GET\",path=\"/api/v1/users\",status=\"401\""))
            #expect(text.contains("process_resident_memory_bytes"))
            #expect(text.contains("guanxi_db_pool_max_connections"))
        }
    }
}

@Suite("OpenAPI document and interface texts")
struct DocumentTests {
    @Test("Every API route the server answers is in the document, with every parameter")
    func documentCoversRoutes() async throws {
        try await withGuanxi { app, _ in
            let document = try await OpenAPIConformance.document(app)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let served = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(served.count == app.guanxi.api.routes.count)
            for route in served {
                let template = "/" + route.path.dropFirst(2).map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let operation = paths[template]?[route.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(route.method) \(template) is served but not documented")
                if template.contains("{id}") {
                    let parameters = operation?["parameters"] as? [[String: Any]] ?? []
                    #expect(parameters.contains { $0["name"] as? String == "id" && $0["in"] as? String == "path" })
                }
            }
        }
    }

    @Test("Every interface text is in exactly one feature's table, in both languages")
    func textTablesComplete() {
        var owner: [TextKey: String] = [:]
        var repeated: [String] = []
        var empty: [String] = []
        for table in TextTable.all {
            for (key, text) in table.texts {
                if let first = owner[key] { repeated.append("\(key.rawValue) in \(first) and \(table.name)") } else { owner[key] = table.name }
                if text.english.isEmpty { empty.append("\(table.name).\(key.rawValue) (English)") }
                if text.chinese.isEmpty { empty.append("\(table.name).\(key.rawValue) (Chinese)") }
            }
        }
        let missing = TextKey.allCases.filter { owner[$0] == nil }
        #expect(missing.isEmpty, "in no table: \(missing.map(\.rawValue))")
        #expect(repeated.isEmpty, "in two tables: \(repeated)")
        #expect(empty.isEmpty, "empty: \(empty)")
        for language in [Language.chinese, .english] {
            #expect(TextKey.allCases.allSatisfy { !(TextTable.texts(in: language)[$0] ?? "").isEmpty })
        }
    }

    @Test("Accept-Language picks the best supported language", arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", Language.chinese), ("en-US,en;q=0.9", .english), ("fr-FR, en;q=0.5", .english),
        ("de-DE", .chinese), ("", .chinese), ("en;q=0.4, zh-TW;q=0.6", .chinese),
    ])
    func acceptLanguage(header: String, expected: Language) {
        #expect(Language.preferred(fromAcceptLanguage: header) == expected)
    }
}

@Suite("Scheduled jobs")
struct ScheduledJobTests {
    @Test("Of two instances on one database exactly one runs a due job, once per period; housekeeping removes what expired")
    func oneInstanceRunsEachJob() async throws {
        try await withTwoInstances { app1, app2, clock in
        // A browser session that will expire, and a login attempt that will age out.
        let browser = Browser(app1)
        try await browser.signIn()
        #expect(try await browser.get("/").status == .ok)
        clock.advance(2 * 24 * 3600)

        let first = await app1.guanxi.scheduler.runDueJobs(app1)
        let second = await app2.guanxi.scheduler.runDueJobs(app2)
        #expect((first + second).sorted() == ["follow-up-rules", "housekeeping", "index-catch-up", "quote-expiry"])
        #expect(try await WebSession.query(on: app1.db).count() == 0)
        #expect(try await LoginAttempt.query(on: app1.db).count() == 0)

        // Within the period nobody runs it again; after it, one instance does.
        // (The index catch-up runs every minute, follow-up rules every five minutes, housekeeping and quote expiry hourly.)
        clock.advance(1800)
        let third = await app1.guanxi.scheduler.runDueJobs(app1)
        let fourth = await app2.guanxi.scheduler.runDueJobs(app2)
        #expect((third + fourth).sorted() == ["follow-up-rules", "index-catch-up"])
        clock.advance(1801)
        async let a = app1.guanxi.scheduler.runDueJobs(app1)
        async let b = app2.guanxi.scheduler.runDueJobs(app2)
        #expect(await (a + b).sorted() == ["follow-up-rules", "housekeeping", "index-catch-up", "quote-expiry"])
        }
    }
}
