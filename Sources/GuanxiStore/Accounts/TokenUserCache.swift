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

    /// A signed-in user's columns as the token lookup reads them; each request gets a fresh model made from them
    /// (handlers may change the model they get).
    struct UserColumns {
        let id: Int64
        let username: String
        let displayName: String
        let email: String
        let role: Role
        let teamID: Int64?
        let language: Language?
        let active: Bool
        let passwordHash: String
        let version: Int
        let createdAt: Date
        let updatedAt: Date

        func model() -> User {
            let user = User()
            user.id = id
            user.username = username
            user.displayName = displayName
            user.email = email
            user.role = role
            user.$team.id = teamID
            user.language = language
            user.active = active
            user.passwordHash = passwordHash
            user.version = version
            user.createdAt = createdAt
            user.updatedAt = updatedAt
            user.$id.exists = true
            return user
        }
    }

    private struct Entry {
        let user: UserColumns
        let tokenExpiresAt: Date
        let cachedAt: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
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
        let entry: Entry? = lock.withLock { entries[digest] }
        guard let entry, now < entry.tokenExpiresAt, now >= entry.cachedAt,
              now.timeIntervalSince(entry.cachedAt) < lifetime else { return nil }
        return entry.user.model()
    }

    func store(_ user: UserColumns, tokenExpiresAt: Date, forDigest digest: String, at now: Date, generation started: Int) {
        let entry = Entry(user: user, tokenExpiresAt: tokenExpiresAt, cachedAt: now)
        lock.withLock {
            guard generation == started else { return }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = entry
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
