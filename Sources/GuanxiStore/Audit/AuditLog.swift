import Fluent
import Foundation
import GuanxiCore

/// Writes and reads the audit trail.
public enum AuditLog {
    /// Records one write; call inside the same transaction as the write itself.
    public static func record(
        _ action: AuditAction, entity: String, id: Int64, changes: ChangeSet, by actor: Actor, at now: Date,
        on database: any Database
    ) async throws {
        try await AuditEntry(
            actorID: actor.userID, actorName: actor.name, action: action, entity: entity,
            entityID: id, changes: changes.json, now: now
        ).create(on: database)
    }

    /// Filters an administrator can apply to the audit log.
    public struct Filter: Sendable {
        public var entity: String?
        public var entityID: Int64?
        public var actorID: Int64?
        public var action: AuditAction?

        public init(entity: String? = nil, entityID: Int64? = nil, actorID: Int64? = nil, action: AuditAction? = nil) {
            self.entity = entity
            self.entityID = entityID
            self.actorID = actorID
            self.action = action
        }
    }

    /// Newest entries first.
    public static func page(_ filter: Filter, after cursor: PageCursor?, limit: Int, on database: any Database) async throws -> Page<AuditEntry> {
        var query = AuditEntry.query(on: database)
        if let entity = filter.entity { query = query.filter(\.$entity == entity) }
        if let entityID = filter.entityID { query = query.filter(\.$entityID == entityID) }
        if let actorID = filter.actorID { query = query.filter(\.$actor.$id == actorID) }
        if let action = filter.action { query = query.filter(\.$action == action) }
        return try await query.page(after: cursor, limit: limit, order: .newestFirst)
    }
}
