import Fluent
import Foundation
import GuanxiCore

/// Something to do for a customer by a due time, optionally with a reminder.
public final class FollowUpTask: Model, @unchecked Sendable {
    public static let schema = "tasks"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @OptionalParent(key: "customer_id") public var customer: Customer?
    @OptionalParent(key: "assignee_id") public var assignee: User?
    @Field(key: "title") public var title: String
    @Field(key: "notes") public var notes: String
    @Field(key: "due_at") public var dueAt: Date
    @OptionalField(key: "remind_at") public var remindAt: Date?
    @Enum(key: "priority") public var priority: TaskPriority
    @Enum(key: "status") public var status: TaskStatus
    @OptionalField(key: "completed_at") public var completedAt: Date?
    @OptionalParent(key: "rule_id") public var rule: FollowUpRule?
    @OptionalField(key: "rule_key") public var ruleKey: String?
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
