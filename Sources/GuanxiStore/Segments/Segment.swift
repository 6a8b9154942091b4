import Fluent
import Foundation

/// A saved customer filter that anyone may reuse; each user sees only the customers they may see.
public final class Segment: Model, @unchecked Sendable {
    public static let schema = "segments"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    /// The filter as a query string (`stage=customer&tag=vip`), the same form the list page uses.
    @Field(key: "filter") public var filter: String
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
