import Crypto
import Foundation
import GuanxiCore
import NIOConcurrencyHelpers
import Vapor

/// Token buckets, one per key: `perMinute` requests a minute on average, up to `perMinute` at once after a quiet
/// minute. Kept in memory, per instance (behind a load balancer each instance counts its own share).
final class RateLimiter: @unchecked Sendable {
    let perMinute: Int
    private let lock = NIOLock()
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]
    /// Above this many keys, the buckets that have filled up again are forgotten (they would start full anyway); the
    /// mark then moves up to twice what is left, so that many busy keys do not make every request sweep them all.
    private var pruneAbove = 50_000

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Takes one request from `key`'s bucket: nil when allowed, else the whole seconds until one is.
    func take(_ key: String, now: Date) -> Int? {
        guard perMinute > 0 else { return nil }
        let capacity = Double(perMinute), perSecond = capacity / 60
        return lock.withLock {
            var bucket = buckets[key] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * perSecond)
            bucket.updated = now
            defer {
                buckets[key] = bucket
                if buckets.count > pruneAbove {
                    buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.updated) * perSecond < capacity }
                    pruneAbove = max(50_000, buckets.count * 2)
                }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}

/// A request over its rate: answered 429 with `Retry-After`.
struct RateLimited: Error {
    let retryAfter: Int
}

/// Limits API requests per bearer token and per client address (settings `rateLimitPerToken`, `rateLimitPerAddress`).
/// A token is counted by a digest of what was sent, valid or not, so guessing tokens is limited too.
struct RateLimit: AsyncMiddleware {
    let perToken: RateLimiter
    let perAddress: RateLimiter
    let clock: any TimeSource

    init(settings: GuanxiSettings) {
        perToken = RateLimiter(perMinute: settings.rateLimitPerToken)
        perAddress = RateLimiter(perMinute: settings.rateLimitPerAddress)
        clock = settings.clock
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/") else { return try await next.respond(to: request) }
        let now = clock.now()
        var wait: Int?
        if let bearer = request.headers.bearerAuthorization {
            let digest = SHA256.hash(data: Data(bearer.token.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
            wait = perToken.take(digest, now: now)
        }
        if wait == nil, let address = request.remoteAddress?.ipAddress {
            wait = perAddress.take(address, now: now)
        }
        if let wait { throw RateLimited(retryAfter: wait) }
        return try await next.respond(to: request)
    }
}
