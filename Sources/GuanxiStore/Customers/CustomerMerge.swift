import Fluent
import FluentSQL
import Foundation
import GuanxiCore
import SQLKit

extension CustomerBook {
    /// Merges `duplicateID` into `survivorID`: contacts, interactions, tasks and sales records (opportunities, quotes,
    /// orders, with the customers' sales figures) move to the survivor, tags are united,
    /// the survivor's empty fields are filled from the duplicate, and the duplicate goes to the trash pointing at the survivor.
    public func merge(survivorID: Int64, duplicateID: Int64, by actor: Actor) async throws -> Customer {
        guard survivorID != duplicateID else { throw GuanxiError.conflict(reason: .mergeIntoSelf) }
        let now = clock.now()
        return try await database.writeTransaction { db in
            let survivor = try await CustomerAccess.writableCustomer(survivorID, by: actor, on: db)
            let duplicate = try await CustomerAccess.writableCustomer(duplicateID, by: actor, on: db)
            let sql = try db.sql()
            var changes = ChangeSet()
            for table in ["contacts", "interactions", "tasks", "opportunities", "quotes", "orders", "bids"] {
                let moved = try await sql.update(table).set("customer_id", to: SQLBind(survivorID))
                    .where("customer_id", .equal, SQLBind(duplicateID)).returning("id").all()
                if !moved.isEmpty { changes.note("moved_\(table)", from: nil, to: String(moved.count)) }
            }
            func fill(_ field: String, _ keyPath: ReferenceWritableKeyPath<Customer, String>) {
                if survivor[keyPath: keyPath].isEmpty, !duplicate[keyPath: keyPath].isEmpty {
                    changes.note(field, from: "", to: duplicate[keyPath: keyPath])
                    survivor[keyPath: keyPath] = duplicate[keyPath: keyPath]
                }
            }
            fill("industry", \.industry); fill("region", \.region); fill("address", \.address); fill("phone", \.phone)
            fill("email", \.email); fill("website", \.website); fill("source", \.source)
            if survivor.annualCategorySpend == nil, let spend = duplicate.annualCategorySpend {
                changes.note("annual_category_spend", from: nil, to: MinorUnits.format(spend))
                survivor.annualCategorySpend = spend
            }
            var fields = survivor.customFields
            for (key, value) in duplicate.customFields where fields[key] == nil { fields[key] = value }
            if fields != survivor.customFields {
                let old = survivor.customFieldsJSON
                survivor.customFields = fields
                changes.note("custom_fields", from: old, to: survivor.customFieldsJSON)
            }
            let tags = try await Self.tags(of: [survivorID, duplicateID], on: db)
            let united = Array(Set((tags[survivorID] ?? []) + (tags[duplicateID] ?? []))).sorted()
            if united != (tags[survivorID] ?? []) {
                changes.note("tags", from: (tags[survivorID] ?? []).joined(separator: ","), to: united.joined(separator: ","))
                try await Self.replaceTags(of: survivorID, with: united, on: db)
            }
            if let other = duplicate.lastInteractionAt, other > (survivor.lastInteractionAt ?? .distantPast) {
                survivor.lastInteractionAt = other
            }
            changes.note("merged_from", from: nil, to: "\(duplicateID) \(duplicate.name)")
            try await Self.refreshKeys(survivor, on: db)
            survivor.version += 1
            survivor.updatedAt = now
            try await survivor.update(on: db)

            duplicate.deletedAt = now
            duplicate.mergedIntoID = survivorID
            duplicate.version += 1
            duplicate.updatedAt = now
            try await duplicate.update(on: db)
            try await CustomerSalesLedger.refresh(customerID: survivorID, on: db)
            try await CustomerSalesLedger.refresh(customerID: duplicateID, on: db)
            var gone = ChangeSet()
            gone.note("merged_into_id", from: nil, to: String(survivorID))
            try await AuditLog.record(.merge, entity: "customer", id: survivorID, changes: changes, by: actor, at: now, on: db)
            try await AuditLog.record(.delete, entity: "customer", id: duplicateID, changes: gone, by: actor, at: now, on: db)
            return survivor
        }
    }
}
