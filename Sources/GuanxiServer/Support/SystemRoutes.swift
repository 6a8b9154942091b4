import Fluent
import Foundation
import GuanxiStore
import SQLKit
import Vapor

/// Health, readiness, metrics, the stylesheet and the page script.
struct SystemRoutes: RouteCollection {
    let poolSize: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("ready", use: health)
        routes.get("metrics", use: metrics)
        routes.get("assets", "app.css", use: stylesheet)
        routes.get("assets", "app.js", use: script)
    }

    /// 200 when the database answers a query, 503 when it does not.
    @Sendable func health(_ request: Request) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let up: Bool
        do {
            _ = try await request.db.sql().raw("SELECT 1 AS one").first()
            up = true
        } catch {
            request.logger.warning("health check: database did not answer: \(error)")
            up = false
        }
        GuanxiMetrics.databaseUp.set(Double(up ? 1 : 0))
        GuanxiMetrics.databaseProbeSeconds.set(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 as Double)
        return try .json(HealthBody(status: up ? "ok" : "unavailable", database: up ? "up" : "down"),
                         status: up ? .ok : .serviceUnavailable)
    }

    @Sendable func metrics(_ request: Request) async throws -> Response {
        GuanxiMetrics.residentMemory.set(GuanxiMetrics.residentBytes())
        GuanxiMetrics.poolConnections.set(Double(poolSize * System.coreCount))
        GuanxiMetrics.requestsInFlight.set(Double(request.guanxi.inFlight.count))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: GuanxiMetrics.registry.emitToString()))
    }

    @Sendable func stylesheet(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }

    @Sendable func script(_ request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: PageScript.javaScript))
    }
}
