import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import GuanxiServer
import GuanxiStore
import Fluent

@Suite("Request ids, request log lines and security headers")
struct RequestLogTests {
    /// Collects what a `JSONLogHandler` writes.
    final class Lines: Sendable {
        private let box = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        var objects: [[String: Any]] {
            box.withLockedValue { $0 }.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }
        }
    }

    @Test("every answer carries its request id (the client's when sane), an error body names it, and the JSON log line has method, route, status, duration and user")
    func requestLines() async throws {
        let lines = Lines()
        let location = freshDatabase()
        let app = try await Application.make(.testing)
        var configured = settings(location, TestClock())
        configured.logsRequests = true
        configured.requestLogger = Logger(label: "guanxi.requests") { label in
            JSONLogHandler(label: label, level: .info, write: { lines.append($0) })
        }
        do {
            try await configure(app, settings: configured)
            let client = try await APIClient.signIn(app)
            let userID = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first()?.id)
            var sane = HTTPHeaders(), insane = HTTPHeaders()
            sane.replaceOrAdd(name: "X-Request-Id", value: "proxy-4711.a")
            insane.replaceOrAdd(name: "X-Request-Id", value: "bad id; with spaces")
            let missing = try await client.send(.GET, "/api/v1/customers/987654", headers: sane)
            #expect(missing.status == .notFound)
            #expect(missing.headers.first(name: "X-Request-Id") == "proxy-4711.a")
            #expect((missing.object?["error"] as? [String: Any])?["request_id"] as? String == "proxy-4711.a")
            let generated = try await client.send(.GET, "/api/v1/customers", headers: insane)
            let id = try #require(generated.headers.first(name: "X-Request-Id"))
            #expect(id != "bad id; with spaces" && UUID(uuidString: id) != nil)
            // Security headers on an API answer as on a page.
            #expect(generated.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(generated.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(generated.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)

            let objects = lines.objects
            let line = try #require(objects.first { $0["request_id"] as? String == "proxy-4711.a" })
            #expect(line["message"] as? String == "request" && line["level"] as? String == "info")
            #expect(line["method"] as? String == "GET" && line["route"] as? String == "/api/v1/customers/:id")
            #expect(line["status"] as? Int == 404 && (line["user_id"] as? Int).map(Int64.init) == userID)
            #expect(Double(line["duration_ms"] as? String ?? "") != nil)
            #expect((line["time"] as? String).flatMap { ISO8601DateFormatter.withFractions.date(from: $0) } != nil)
            #expect(objects.contains { $0["request_id"] as? String == id && $0["status"] as? Int == 200 })
        } catch {
            try? await location.dropPrivateSchema(app.db)
            try? await app.asyncShutdown()
            throw error
        }
        try await location.dropPrivateSchema(app.db)
        try await app.asyncShutdown()
    }

    @Test("a page and its error page carry the security headers; the error page shows the request number")
    func pageHeaders() async throws {
        try await withGuanxi { app, _ in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: "X-Request-Id", value: "page-check-1")
            headers.replaceOrAdd(name: .accept, value: "text/html")
            try await app.testing().test(.GET, "/no-such-page", headers: headers) { response in
                #expect(response.status == .notFound)
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(response.body.string.contains("page-check-1"))
            }
        }
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
