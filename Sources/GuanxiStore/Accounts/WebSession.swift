import Fluent
import Foundation

/// A signed-in browser; kept in the database so every server instance knows it.
public final class WebSession: Model, @unchecked Sendable {
    public static let schema = "web_sessions"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(userID: Int64, tokenHash: String, expiresAt: Date, now: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }
}
