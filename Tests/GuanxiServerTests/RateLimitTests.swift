import Foundation
import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("API rate limit")
struct RateLimitTests {
    @Test("A token over its rate gets 429 with Retry-After and the documented body; others go on; it refills with time")
    func tokenRate() async throws {
        let clock = TestClock()
        var configured = settings(freshDatabase(), clock)
        configured.rateLimitPerToken = 6
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: configured)
            let busy = try await APIClient.signIn(app)
            for _ in 0..<6 { #expect(try await busy.send(.GET, "/api/v1/users").status == .ok) }
            let refused = try await busy.send(.GET, "/api/v1/users")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "rate_limited")
            // Six a minute: one comes back every ten seconds.
            #expect(refused.headers.first(name: .retryAfter) == "10")
            #expect(refused.errorMessage?.contains("10") == true)

            // Another token is counted on its own (signing in is not limited by token).
            let other = try await APIClient.signIn(app)
            #expect(try await other.send(.GET, "/api/v1/users").status == .ok)

            clock.advance(10)
            #expect(try await busy.send(.GET, "/api/v1/users").status == .ok)
            #expect(try await busy.send(.GET, "/api/v1/users").status == .tooManyRequests)
            // Pages are not limited by the API's rate.
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("Each address has its own bucket; a bucket refills to its size and no further")
    func buckets() {
        let limiter = RateLimiter(perMinute: 60)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<60 { #expect(limiter.take("10.0.0.1", now: start) == nil) }
        #expect(limiter.take("10.0.0.1", now: start) == 1)
        #expect(limiter.take("10.0.0.2", now: start) == nil)
        // An hour of quiet gives back 60, not 3600.
        let later = start + 3600
        for _ in 0..<60 { #expect(limiter.take("10.0.0.1", now: later) == nil) }
        #expect(limiter.take("10.0.0.1", now: later) != nil)
        #expect(RateLimiter(perMinute: 0).take("any", now: start) == nil)
    }
}
