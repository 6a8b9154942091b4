import Fluent
import Foundation

/// A bearer token for the API; only a SHA-256 hash of the secret is stored.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "name") public var name: String
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(userID: Int64, tokenHash: String, name: String, expiresAt: Date, now: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.name = name
        self.expiresAt = expiresAt
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }
}
