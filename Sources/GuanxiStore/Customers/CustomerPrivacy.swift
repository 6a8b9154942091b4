import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// A person's rights over what the company stores about them, for one customer: a copy of everything (export)
/// and erasure. Administrators handle these requests.
///
/// Erasure removes what identifies the customer and keeps the anonymous facts the company's figures rest on: the
/// customer row stays (in the trash, as "#id") with its stage, industry, region, source, owner and estimated spend;
/// interactions keep their channel, direction, time, duration and call-centre figures; tasks keep their dates and
/// status. Names, phones, e-mails, addresses, websites, custom fields, tags, contacts and every free text go, and so
/// do the old values in the audit trail, which would otherwise keep them.
public struct CustomerPrivacy: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public static func mayHandle(_ actor: Actor) -> Bool { actor.role == .admin }

    /// Everything stored about one customer, the trash included.
    public struct Export: Sendable {
        public let customer: Customer
        public let tags: [String]
        public let contacts: [Contact]
        public let interactions: [Interaction]
        public let tasks: [FollowUpTask]
        public let audit: [AuditEntry]
    }

    public func export(customerID id: Int64, by actor: Actor) async throws -> Export {
        guard Self.mayHandle(actor) else { throw GuanxiError.forbidden }
        let customer = try await CustomerAccess.visibleCustomer(id, by: actor, includeDeleted: true, on: database)
        let contacts = try await Contact.query(on: database).filter(\.$customer.$id == id).sort(\.$id).all()
        let interactions = try await Interaction.query(on: database).filter(\.$customer.$id == id).sort(\.$occurredAt).sort(\.$id).all()
        let tasks = try await FollowUpTask.query(on: database).filter(\.$customer.$id == id).sort(\.$id).all()
        let audit = try await auditEntries(customerID: id, contactIDs: contacts.compactMap(\.id),
                                           interactionIDs: interactions.compactMap(\.id), taskIDs: tasks.compactMap(\.id), on: database)
        return Export(customer: customer, tags: try await CustomerBook.tags(of: [id], on: database)[id] ?? [],
                      contacts: contacts, interactions: interactions, tasks: tasks, audit: audit)
    }

    /// Erases the customer's personal data (see the type's description) in one transaction; returns the erased record.
    public func erase(customerID id: Int64, by actor: Actor) async throws -> Customer {
        guard Self.mayHandle(actor) else { throw GuanxiError.forbidden }
        let now = clock.now()
        return try await database.writeTransaction { db in
            let customer = try await CustomerAccess.visibleCustomer(id, by: actor, includeDeleted: true, on: db)
            let contacts = try await Contact.query(on: db).filter(\.$customer.$id == id).all()
            let interactionIDs = try await Interaction.query(on: db).filter(\.$customer.$id == id).all(\.$id)
            let taskIDs = try await FollowUpTask.query(on: db).filter(\.$customer.$id == id).all(\.$id)
            let history = try await auditEntries(customerID: id, contactIDs: contacts.compactMap(\.id), interactionIDs: interactionIDs,
                                                 taskIDs: taskIDs, on: db)
            for entry in history {
                entry.changes = ChangeSet.redacted(entry.changes)
                try await entry.update(on: db)
            }
            try await Interaction.query(on: db).filter(\.$customer.$id == id)
                .set(\.$subject, to: "").set(\.$notes, to: "").set(\.$outcome, to: "").set(\.$updatedAt, to: now).update()
            try await FollowUpTask.query(on: db).filter(\.$customer.$id == id)
                .set(\.$title, to: Self.erasedName(id)).set(\.$notes, to: "").set(\.$updatedAt, to: now).update()
            try await Contact.query(on: db).filter(\.$customer.$id == id).delete()
            try await db.sql().delete(from: "customer_tags").where("customer_id", .equal, SQLBind(id)).run()

            customer.name = Self.erasedName(id)
            customer.address = ""
            customer.phone = ""
            customer.email = ""
            customer.website = ""
            customer.customFieldsJSON = "{}"
            customer.marketingConsent = false
            customer.deletedAt = customer.deletedAt ?? now
            customer.version += 1
            customer.updatedAt = now
            // No duplicate keys: an erased customer must not be offered as someone's duplicate.
            CustomerBook.refreshKeys(customer, contacts: [])
            customer.nameKey = nil
            try await customer.update(on: db)

            var changes = ChangeSet()
            changes.note("contacts", from: nil, to: String(contacts.count))
            changes.note("interactions", from: nil, to: String(interactionIDs.count))
            changes.note("tasks", from: nil, to: String(taskIDs.count))
            changes.note("audit_entries", from: nil, to: String(history.count))
            try await AuditLog.record(.erase, entity: "customer", id: id, changes: changes, by: actor, at: now, on: db)
            return customer
        }
    }

    /// What an erased customer is called: its number only.
    public static func erasedName(_ id: Int64) -> String { "#\(id)" }

    /// The audit entries about the customer and its contacts, interactions and tasks, oldest first.
    private func auditEntries(customerID: Int64, contactIDs: [Int64], interactionIDs: [Int64], taskIDs: [Int64],
                              on db: any Database) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for (entity, ids) in [("customer", [customerID]), ("contact", contactIDs), ("interaction", interactionIDs), ("task", taskIDs)] {
            // Chunks keep the bind count far below every database's limit however long the customer's history is.
            for start in stride(from: 0, to: ids.count, by: 1_000) {
                let chunk = Array(ids[start..<min(start + 1_000, ids.count)])
                entries += try await AuditEntry.query(on: db).filter(\.$entity == entity).filter(\.$entityID ~~ chunk).all()
            }
        }
        return entries.sorted { ($0.createdAt, $0.id ?? 0) < ($1.createdAt, $1.id ?? 0) }
    }
}
