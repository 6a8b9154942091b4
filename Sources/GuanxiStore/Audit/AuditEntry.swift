import Fluent
import Foundation

/// Who changed what and when: one row per write.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @OptionalParent(key: "actor_id") public var actor: User?
    @Field(key: "actor_name") public var actorName: String
    @Enum(key: "action") public var action: AuditAction
    @Field(key: "entity") public var entity: String
    @Field(key: "entity_id") public var entityID: Int64
    /// JSON object: field → {"from": old, "to": new}.
    @Field(key: "changes") public var changes: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(actorID: Int64?, actorName: String, action: AuditAction, entity: String, entityID: Int64, changes: String, now: Date) {
        self.$actor.id = actorID
        self.actorName = actorName
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.changes = changes
        self.createdAt = now
    }
}

/// The kind of write an audit entry records.
public enum AuditAction: String, Codable, CaseIterable, Sendable {
    case create, update, delete, login, logout, revoke, restore, merge, `import`, erase
}
