import Fluent
import Foundation

/// A sales or service team; users belong to at most one.
public final class Team: Model, @unchecked Sendable {
    public static let schema = "teams"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(name: String, description: String, now: Date) {
        self.name = name
        self.description = description
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }
}
