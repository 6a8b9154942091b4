import Fluent
import Foundation
import GuanxiCore

/// A record whose writes carry a version (stale edits are refused) and leave an audit entry naming the fields they
/// changed. Customers, contacts, interactions, tasks, follow-up rules, products and segments share this shape; each service
/// keeps its own checks and side effects around it.
protocol AuditedRecord: Model where IDValue == Int64 {
    /// The entity's name in the audit log and in "not found" and "stale version" errors.
    static var auditEntity: String { get }
    var version: Int { get set }
    var createdAt: Date { get set }
    var updatedAt: Date { get set }
    /// The audited fields, as text.
    var auditSnapshot: [String: String?] { get }
}

extension AuditedRecord {
    /// Inserts the record as version 1 and audits the fields it was created with (`noting` first: facts outside the
    /// snapshot, such as the customer it belongs to). Empty fields are left out of the entry.
    func createAudited(noting extra: ChangeSet = ChangeSet(), by actor: Actor, at now: Date, on db: any Database) async throws {
        version = 1
        createdAt = now
        updatedAt = now
        try await create(on: db)
        var changes = extra
        for (field, value) in auditSnapshot where value != nil && value != "" { changes.note(field, from: nil, to: value) }
        try await AuditLog.record(.create, entity: Self.auditEntity, id: try requireID(), changes: changes, by: actor, at: now, on: db)
    }

    /// Claims `version` (another edit in between makes this a 409), applies `change`, saves the record as the next
    /// version and audits each field that differs. The caller has loaded the record and checked the actor may write it.
    func updateAudited(version expected: Int, by actor: Actor, at now: Date, on db: any Database,
                       _ change: () async throws -> Void) async throws {
        try await updateAuditedNoting(version: expected, by: actor, at: now, on: db) {
            try await change()
            return ChangeSet()
        }
    }

    /// As above, for a change that also alters facts outside the snapshot (a customer's tags): `change` returns
    /// them, and the audit entry names them beside the fields.
    func updateAuditedNoting(version expected: Int, by actor: Actor, at now: Date, on db: any Database,
                             _ change: () async throws -> ChangeSet) async throws {
        let id = try requireID()
        try await OptimisticLock.claim(Self.schema, id: id, expected: expected, entity: Self.auditEntity, on: db)
        let before = auditSnapshot
        var changes = try await change()
        version = expected + 1
        updatedAt = now
        try await update(on: db)
        let after = auditSnapshot
        for (field, old) in before { changes.note(field, from: old, to: after[field] ?? nil) }
        try await AuditLog.record(.update, entity: Self.auditEntity, id: id, changes: changes, by: actor, at: now, on: db)
    }

    /// Deletes the record; the audit entry keeps what named it (`field`: its value before).
    func deleteAudited(naming field: String, _ value: String, by actor: Actor, at now: Date, on db: any Database) async throws {
        let id = try requireID()
        try await delete(on: db)
        var changes = ChangeSet()
        changes.note(field, from: value, to: nil)
        try await AuditLog.record(.delete, entity: Self.auditEntity, id: id, changes: changes, by: actor, at: now, on: db)
    }
}
