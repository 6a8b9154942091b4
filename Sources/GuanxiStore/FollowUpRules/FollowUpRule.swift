import Fluent
import Foundation
import GuanxiCore

/// A rule that creates follow-up tasks on its own, e.g. "key customers: contact every 14 days".
public final class FollowUpRule: Model, @unchecked Sendable {
    public static let schema = "follow_up_rules"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "name") public var name: String
    @Enum(key: "trigger") public var trigger: FollowUpTrigger
    @Field(key: "days") public var days: Int
    /// Only customers with this tag (no-interaction rules).
    @OptionalField(key: "tag") public var tag: String?
    /// Only customers in this stage (no-interaction rules).
    @OptionalEnum(key: "stage") public var stage: LifecycleStage?
    /// Only interactions on this channel (after-interaction rules).
    @OptionalEnum(key: "channel") public var channel: InteractionChannel?
    @Field(key: "task_title") public var taskTitle: String
    @Enum(key: "priority") public var priority: TaskPriority
    @Field(key: "active") public var active: Bool
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
