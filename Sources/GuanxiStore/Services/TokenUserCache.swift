import Foundation
import GuanxiCore

/// Bearer token → signed-in user, remembered for a second.
///
/// Every API request resolves its token, and under load that lookup was one of the three database queries of a
/// customer-list request (each a trip to the database's thread and back). An entry is used for `lifetime` by the
/// injected clock and never past the token's own expiry. Whatever changes a token, password or user through this
/// process forgets every entry at once (`forgetAll`), so here a revoked token or a disabled user is refused on the
/// next request; another server instance on the same database, or a change made with the command line, takes
/// effect within `lifetime`.
public final class TokenUserCache: @unchecked Sendable {
    public let lifetime: TimeInterval
    /// Tokens remembered at most; beyond it the cache starts over (a safeguard, not an eviction policy).
    static let capacity = 10_000

    /// What a cached lookup found: the user's columns, copied into a fresh model for each request
    /// (handlers may change the model they get).
    struct Snapshot {
        let id: Int64
        let username: String
        let displayName: String
        let email: String
        let role: Role
        let teamID: Int64?
        let language: Language?
        let passwordHash: String
        let version: Int
        let createdAt: Date
        let updatedAt: Date
        let tokenExpiresAt: Date
        let cachedAt: Date

        init(_ user: User, tokenExpiresAt: Date, at now: Date) {
            id = user.id ?? 0
            username = user.username
            displayName = user.displayName
            email = user.email
            role = user.role
            teamID = user.$team.id
            language = user.language
            passwordHash = user.passwordHash
            version = user.version
            createdAt = user.createdAt
            updatedAt = user.updatedAt
            self.tokenExpiresAt = tokenExpiresAt
            cachedAt = now
        }

        func model() -> User {
            let user = User()
            user.id = id
            user.username = username
            user.displayName = displayName
            user.email = email
            user.role = role
            user.$team.id = teamID
            user.language = language
            user.active = true
            user.passwordHash = passwordHash
            user.version = version
            user.createdAt = createdAt
            user.updatedAt = updatedAt
            user.$id.exists = true
            return user
        }
    }

    private let lock = NSLock()
    private var entries: [String: Snapshot] = [:]
    /// Bumped by `forgetAll`; a lookup that started before a change must not store what it read.
    private var generation = 0

    public init(lifetime: TimeInterval = 1) {
        self.lifetime = lifetime
    }

    /// The generation a lookup starts in; pass it back to `store`.
    func currentGeneration() -> Int {
        lock.withLock { generation }
    }

    func user(forDigest digest: String, at now: Date) -> User? {
        let snapshot: Snapshot? = lock.withLock { entries[digest] }
        guard let snapshot, now < snapshot.tokenExpiresAt, now >= snapshot.cachedAt,
              now.timeIntervalSince(snapshot.cachedAt) < lifetime else { return nil }
        return snapshot.model()
    }

    func store(_ user: User, tokenExpiresAt: Date, forDigest digest: String, at now: Date, generation started: Int) {
        let snapshot = Snapshot(user, tokenExpiresAt: tokenExpiresAt, at: now)
        lock.withLock {
            guard generation == started else { return }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = snapshot
        }
    }

    /// After any change to tokens, passwords or users.
    public func forgetAll() {
        lock.withLock {
            generation += 1
            entries.removeAll(keepingCapacity: true)
        }
    }
}
