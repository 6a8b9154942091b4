import Fluent
import Foundation

/// One login attempt, kept so throttling works across server instances.
public final class LoginAttempt: Model, @unchecked Sendable {
    public static let schema = "login_attempts"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "username") public var username: String
    @Field(key: "succeeded") public var succeeded: Bool
    @Field(key: "remote_address") public var remoteAddress: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(username: String, succeeded: Bool, remoteAddress: String, now: Date) {
        self.username = username
        self.succeeded = succeeded
        self.remoteAddress = remoteAddress
        self.createdAt = now
    }
}
