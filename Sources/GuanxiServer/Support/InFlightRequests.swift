import NIOConcurrencyHelpers
import Vapor

/// Counts the requests being answered, so that a stopping server closes the database only after them.
///
/// On SIGTERM the HTTP server stops when its connections close, but a handler whose client has gone away keeps
/// running; if the databases shut down under it, its next database access traps and the process dies mid-request
/// instead of exiting cleanly.
public final class InFlightRequests: AsyncMiddleware, Sendable {
    private let running = NIOLockedValueBox(0)

    public init() {}

    /// Requests that have entered the middleware chain and not yet left it.
    public var count: Int { running.withLockedValue { $0 } }

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        running.withLockedValue { $0 += 1 }
        defer { running.withLockedValue { $0 -= 1 } }
        return try await next.respond(to: request)
    }

    /// Waits until no request is running or `limit` has passed (a handler that never ends must not hold the process
    /// forever); true when none is left.
    public func drained(within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while count > 0 {
            guard clock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
