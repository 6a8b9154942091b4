import Foundation
import Vapor

/// Gives every request an id and writes one log line for every answer, so that a user's complaint ("an error
/// came up, its number was …") leads to the line, and the line to what happened around it.
///
/// The id is the client's `X-Request-Id` when it is a sane token (a proxy in front may have set it, and then its log
/// and ours agree), otherwise a new UUID: a value that could break a log line or fill it is never taken. The answer
/// carries the id back in `X-Request-Id`; error bodies and pages show it.
struct RequestLog: AsyncMiddleware {
    /// Whether to write the per-request line (tests turn it off: thousands of requests, nobody reading).
    let writesLines: Bool
    /// Where the lines go; nil: the request's own logger.
    var logger: Logger?

    static let headerName = "X-Request-Id"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.sane(request.headers.first(name: Self.headerName)) ?? UUID().uuidString
        request.requestID = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let started = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: Self.headerName, value: id)
            log(request, status: response.status, since: started)
            return response
        } catch {
            // The error middleware answers every error it sees; one thrown past it still leaves a line.
            log(request, status: .internalServerError, since: started)
            throw error
        }
    }

    /// A client's id when it is 1–128 letters, digits, `.`, `_`, `-` or `:`; nil otherwise.
    static func sane(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ byte in
                  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                      || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x3A
              })
        else { return nil }
        return value
    }

    private func log(_ request: Request, status: HTTPStatus, since started: ContinuousClock.Instant) {
        guard writesLines else { return }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        // The route's pattern, not the path: ids and search words stay out of the log, and lines group by endpoint.
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "-"
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)), "request-id": .string(request.requestID),
        ]
        if let user = request.signedInUser?.id { metadata["user_id"] = .stringConvertible(user) }
        (logger ?? request.logger).log(level: status.code >= 500 ? .error : .info, "request", metadata: metadata)
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// The id `RequestLog` gave this request (Vapor's own until then).
    var requestID: String {
        get { storage[RequestIDKey.self] ?? id }
        set { storage[RequestIDKey.self] = newValue }
    }
}
