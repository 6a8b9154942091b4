import Crypto
import Fluent
import SQLKit
import Foundation
import GuanxiCore

/// Signing in: password checks with throttling, browser sessions and API tokens.
/// Everything lives in the database, so any number of server instances agree.
public struct Credentials: Sendable {
    public let database: any Database
    public let hasher: any PasswordHashing
    public let clock: any TimeSource
    public var throttle = LoginThrottle()
    public var sessionLifetime: TimeInterval = 12 * 3600
    public var tokenLifetime: TimeInterval = 30 * 24 * 3600
    /// The process's recent token lookups; nil looks every token up.
    public var tokenUsers: TokenUserCache?

    public init(database: any Database, hasher: any PasswordHashing, clock: any TimeSource, tokenUsers: TokenUserCache? = nil) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.tokenUsers = tokenUsers
    }

    /// Checks a username and password. Unknown users and wrong passwords fail alike;
    /// after too many failures the account is locked for a while, whatever the password.
    public func authenticate(username rawUsername: String, password: String, remoteAddress: String) async throws -> User {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let now = clock.now()
        let since = now.addingTimeInterval(-throttle.lookback)
        let recent = try await LoginAttempt.query(on: database)
            .filter(\.$username == username)
            .filter(\.$createdAt >= since)
            .sort(\.$createdAt, .descending)
            .all()
        let failuresSinceSuccess = recent.prefix { !$0.succeeded }.map(\.createdAt)
        if let until = throttle.lockedUntil(failures: failuresSinceSuccess, now: now) {
            throw GuanxiError.loginLocked(retryAfterSeconds: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        }
        let user = try await User.query(on: database).filter(\.$username == username).first()
        let accepted: Bool
        if let user, user.active {
            accepted = try hasher.verify(password, against: user.passwordHash)
        } else {
            accepted = false
        }
        try await LoginAttempt(username: username, succeeded: accepted, remoteAddress: remoteAddress, now: now)
            .create(on: database)
        guard accepted, let user else { throw GuanxiError.unauthenticated }
        return user
    }

    // MARK: Browser sessions

    /// Starts a browser session and returns the secret for the cookie.
    public func startSession(for user: User) async throws -> String {
        let secret = Self.newSecret()
        let now = clock.now()
        try await database.writeTransaction { db in
            let session = WebSession(userID: try user.requireID(), tokenHash: Self.digest(secret), expiresAt: now.addingTimeInterval(sessionLifetime), now: now)
            try await session.create(on: db)
            try await AuditLog.record(.login, entity: "user", id: try user.requireID(), changes: ChangeSet(), by: try Actor(user), at: now, on: db)
        }
        return secret
    }

    /// The active user behind a session cookie, or nil when the session is unknown, expired or the user disabled.
    public func sessionUser(secret: String) async throws -> User? {
        let now = clock.now()
        guard let session = try await WebSession.query(on: database)
            .filter(\.$tokenHash == Self.digest(secret))
            .filter(\.$expiresAt > now)
            .with(\.$user)
            .first(),
            session.user.active
        else { return nil }
        return session.user
    }

    public func endSession(secret: String) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let session = try await WebSession.query(on: db).filter(\.$tokenHash == Self.digest(secret)).with(\.$user).first() else { return }
            try await session.delete(on: db)
            try await AuditLog.record(.logout, entity: "user", id: session.$user.id, changes: ChangeSet(), by: try Actor(session.user), at: now, on: db)
        }
    }

    // MARK: API tokens

    /// Issues a bearer token; only its hash is stored, so the secret is shown once.
    public func issueToken(for user: User, name: String) async throws -> (token: APIToken, secret: String) {
        let secret = "gx_" + Self.newSecret()
        let now = clock.now()
        let label = name.isEmpty ? "api" : String(name.prefix(100))
        return try await database.writeTransaction { db in
            let token = APIToken(userID: try user.requireID(), tokenHash: Self.digest(secret), name: label,
                                 expiresAt: now.addingTimeInterval(tokenLifetime), now: now)
            try await token.create(on: db)
            var changes = ChangeSet()
            changes.note("name", from: nil, to: label)
            try await AuditLog.record(.create, entity: "api_token", id: token.requireID(), changes: changes,
                                      by: try Actor(user), at: now, on: db)
            return (token, secret)
        }
    }

    /// The active user behind a bearer token, or nil.
    public func tokenUser(secret: String) async throws -> User? {
        let now = clock.now()
        let digest = Self.digest(secret)
        if let cached = tokenUsers?.user(forDigest: digest, at: now) { return cached }
        let generation = tokenUsers?.currentGeneration() ?? 0
        // Every API request passes here: one query, and the user read by column position instead of reflectively.
        let select = try database.sql().select()
            .column(Self.tokenUserSelectList)
            .column(SQLColumn("expires_at", table: APIToken.schema))
            .column(SQLColumn("last_used_at", table: APIToken.schema))
            .from(APIToken.schema)
            .join(User.schema, on: SQLColumn("user_id", table: APIToken.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("token_hash", table: APIToken.schema), .equal, SQLBind(digest))
            .where(SQLColumn("expires_at", table: APIToken.schema), .greaterThan, SQLBind(now))
            .limit(1)
        let rows = try await ResultRow.all(select, columns: Self.tokenUserColumns + ["expires_at", "last_used_at"], on: database) { row -> (TokenUserCache.UserColumns, Date, Date?)? in
            guard let role = Role(rawValue: try row.string(4)) else { return nil }
            let user = TokenUserCache.UserColumns(
                id: try row.int64(0), username: try row.string(1), displayName: try row.string(2), email: try row.string(3), role: role,
                teamID: try row.optionalInt64(5), language: try row.optionalString(6).flatMap(Language.init(rawValue:)),
                active: try row.bool(7), passwordHash: try row.string(8), version: try row.int(9),
                createdAt: try row.date(10), updatedAt: try row.date(11))
            return (user, try row.date(12), try row.optionalDate(13))
        }
        guard let (user, expiresAt, lastUsedAt) = rows.first ?? nil, user.active else { return nil }
        if lastUsedAt.map({ now.timeIntervalSince($0) >= Self.lastUseResolution }) ?? true {
            // At most once a minute per token, and only on a cache miss: a user can tell a token they still use from
            // one they forgot, at the cost of one small write a minute. A busy database does not fail the request.
            try? await database.sql().raw("""
                UPDATE \(ident: APIToken.schema) SET last_used_at = \(bind: now)
                WHERE token_hash = \(bind: digest) AND (last_used_at IS NULL OR last_used_at < \(bind: now - Self.lastUseResolution))
                """).run()
        }
        tokenUsers?.store(user, tokenExpiresAt: expiresAt, forDigest: digest, at: now, generation: generation)
        return user.model()
    }

    /// How precisely a token's last use is recorded.
    public static let lastUseResolution: TimeInterval = 60

    private static let tokenUserColumns = ["id", "username", "display_name", "email", "role", "team_id", "language", "active",
                                           "password_hash", "version", "created_at", "updated_at"]
    private static let tokenUserSelectList = QuotedColumns(tokenUserColumns, table: User.schema)

    public func tokens(of userID: Int64, after cursor: PageCursor?, limit: Int) async throws -> Page<APIToken> {
        try await APIToken.query(on: database).filter(\.$user.$id == userID).page(after: cursor, limit: limit)
    }

    /// Revokes one of the caller's own tokens; someone else's token is reported as missing.
    public func revokeToken(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            guard let token = try await APIToken.find(id, on: db), token.$user.id == actor.userID else {
                throw GuanxiError.notFound(entity: "api_token")
            }
            var changes = ChangeSet()
            changes.note("name", from: token.name, to: nil)
            try await token.delete(on: db)
            try await AuditLog.record(.revoke, entity: "api_token", id: id, changes: changes, by: actor, at: now, on: db)
        }
        tokenUsers?.forgetAll()
    }

    // MARK: Secrets

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 is enough here: the secrets are 256 random bits, not guessable passwords.
    /// Lower-case hex, written by hand: formatting each byte with `String(format:)` showed in every API request's profile.
    static func digest(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.byteCount)
        for byte in SHA256.hash(data: Array(secret.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
