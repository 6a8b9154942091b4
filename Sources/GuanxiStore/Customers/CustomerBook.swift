import Fluent
import FluentSQL
import Foundation
import GuanxiCore
import SQLKit


/// Customers: creating, changing, soft-deleting, restoring, finding duplicates, merging and listing,
/// always within what the acting user may see and change.
public struct CustomerBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    /// Shared by the process's requests; nil decides every search afresh.
    public var commonSubstrings: CommonSubstrings?

    public init(database: any Database, clock: any TimeSource, commonSubstrings: CommonSubstrings? = nil) {
        self.database = database
        self.clock = clock
        self.commonSubstrings = commonSubstrings
    }

    var search: SubstringSearch.Context { .init(common: commonSubstrings, now: clock.now()) }

    // MARK: Writing

    /// Creates a customer. Probable duplicates the actor can see stop the creation with `duplicate`
    /// unless `allowDuplicate` confirms it.
    public func create(_ draft: CustomerDraft, allowDuplicate: Bool = false, by actor: Actor) async throws -> Customer {
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let requested: Int64?? = if let id = draft.ownerID { .some(id) } else { .none }
            let ownerID = try await resolveOwner(requested, by: actor, on: db)
            if !allowDuplicate {
                let matches = try await duplicates(name: draft.name, phone: draft.phone, email: draft.email, excluding: nil, by: actor, on: db)
                if !matches.isEmpty { throw GuanxiError.duplicate(candidates: matches.compactMap(\.id)) }
            }
            let customer = Customer()
            customer.kind = draft.kind
            customer.name = draft.name
            customer.industry = draft.industry
            customer.region = draft.region
            customer.address = draft.address
            customer.phone = draft.phone
            customer.email = draft.email
            customer.website = draft.website
            customer.source = draft.source
            customer.$owner.id = ownerID
            customer.stage = draft.stage
            customer.customFields = draft.customFields
            customer.annualCategorySpend = draft.annualCategorySpend
            customer.marketingConsent = draft.marketingConsent
            customer.$createdBy.id = actor.userID
            Self.refreshKeys(customer, contacts: [])
            var tagChange = ChangeSet()
            tagChange.note("tags", from: nil, to: draft.tags.isEmpty ? nil : draft.tags.joined(separator: ","))
            try await customer.createAudited(noting: tagChange, by: actor, at: now, on: db)
            try await Self.replaceTags(of: try customer.requireID(), with: draft.tags, on: db)
            return customer
        }
    }

    /// Changes the fields `input` names (nil leaves a field as it is), at the version the client read.
    public func update(id: Int64, version: Int, _ input: CustomerChanges, by actor: Actor) async throws -> Customer {
        let input = try Self.validated(input)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let customer = try await CustomerAccess.writableCustomer(id, by: actor, on: db)
            try await customer.updateAuditedNoting(version: version, by: actor, at: now, on: db) {
                if let kind = input.kind { customer.kind = kind }
                if let name = input.name { customer.name = name }
                if let industry = input.industry { customer.industry = industry }
                if let region = input.region { customer.region = region }
                if let address = input.address { customer.address = address }
                if let phone = input.phone { customer.phone = phone }
                if let email = input.email { customer.email = email }
                if let website = input.website { customer.website = website }
                if let source = input.source { customer.source = source }
                if let owner = input.ownerID, owner != customer.$owner.id {
                    customer.$owner.id = try await resolveOwner(owner, by: actor, on: db, requireAssignRight: true)
                }
                if let stage = input.stage { customer.stage = stage }
                if let fields = input.customFields { customer.customFields = fields }
                if let spend = input.annualCategorySpend { customer.annualCategorySpend = spend }
                if let consent = input.marketingConsent { customer.marketingConsent = consent }
                try await Self.refreshKeys(customer, on: db)
                // Tags live in their own table, outside the record's snapshot.
                var tagChange = ChangeSet()
                if let tags = input.tags {
                    let old = try await Self.tags(of: [id], on: db)[id] ?? []
                    if old != tags {
                        tagChange.note("tags", from: old.joined(separator: ","), to: tags.joined(separator: ","))
                        try await Self.replaceTags(of: id, with: tags, on: db)
                    }
                }
                return tagChange
            }
            return customer
        }
    }

    /// Moves a customer to the trash; it can be restored. Its contacts, interactions and tasks stay with it.
    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let customer = try await CustomerAccess.writableCustomer(id, by: actor, on: db)
            customer.deletedAt = now
            customer.version += 1
            customer.updatedAt = now
            try await customer.update(on: db)
            var changes = ChangeSet()
            changes.note("deleted_at", from: nil, to: ISO8601DateFormatter().string(from: now))
            try await AuditLog.record(.delete, entity: "customer", id: id, changes: changes, by: actor, at: now, on: db)
        }
    }

    public func restore(id: Int64, by actor: Actor) async throws -> Customer {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let customer = try await CustomerAccess.writableCustomer(id, by: actor, includeDeleted: true, on: db)
            guard let deletedAt = customer.deletedAt else { return customer }
            customer.deletedAt = nil
            customer.mergedIntoID = nil
            customer.version += 1
            customer.updatedAt = now
            try await customer.update(on: db)
            var changes = ChangeSet()
            changes.note("deleted_at", from: ISO8601DateFormatter().string(from: deletedAt), to: nil)
            try await AuditLog.record(.restore, entity: "customer", id: id, changes: changes, by: actor, at: now, on: db)
            return customer
        }
    }

    // MARK: Validation

    /// The problems the rules find in a draft, for forms that also report their own parsing problems.
    public static func problems(in draft: CustomerDraft) -> FieldProblems {
        do { _ = try validated(draft) } catch GuanxiError.invalid(let problems) { return problems } catch {}
        return FieldProblems()
    }

    static func validated(_ draft: CustomerDraft) throws -> CustomerDraft {
        var draft = draft
        var changes = CustomerChanges(all: draft)
        changes = try validated(changes)
        draft.name = changes.name ?? ""
        draft.industry = changes.industry ?? ""; draft.region = changes.region ?? ""; draft.address = changes.address ?? ""
        draft.phone = changes.phone ?? ""; draft.email = changes.email ?? ""; draft.website = changes.website ?? ""
        draft.source = changes.source ?? ""; draft.tags = changes.tags ?? []; draft.customFields = changes.customFields ?? [:]
        return draft
    }

    static func validated(_ input: CustomerChanges) throws -> CustomerChanges {
        var input = input
        var problems = FieldProblems()
        func trim(_ value: String?) -> String? { value?.trimmingCharacters(in: .whitespacesAndNewlines) }
        input.name = trim(input.name)
        if let name = input.name { problems["name"] = CustomerRules.check(name: name) }
        for (field, keyPath) in [("industry", \CustomerChanges.industry), ("region", \.region), ("address", \.address),
                                 ("website", \.website), ("source", \.source)] {
            input[keyPath: keyPath] = trim(input[keyPath: keyPath])
            if let value = input[keyPath: keyPath] { problems[field] = CustomerRules.check(text: value) }
        }
        input.phone = trim(input.phone)
        if let phone = input.phone { problems["phone"] = CustomerRules.check(phone: phone) }
        input.email = trim(input.email)
        if let email = input.email { problems["email"] = CustomerRules.check(optionalEmail: email) }
        if let tags = input.tags {
            var seen = Set<String>()
            let normalised = tags.map(CustomerRules.normalizedTag).filter { !$0.isEmpty && seen.insert($0).inserted }
            problems["tags"] = CustomerRules.check(rawTags: tags) ?? CustomerRules.check(tags: normalised)
            input.tags = normalised.sorted()
        }
        if let fields = input.customFields { problems["custom_fields"] = CustomerRules.check(customFields: fields) }
        if case .some(.some(let spend)) = input.annualCategorySpend, spend < 0 { problems["annual_category_spend"] = .invalidAmount }
        try problems.throwIfAny()
        return input
    }

    /// The owner a write may set: sales reps and other non-assigning roles always own what they create
    /// and cannot hand customers over; managers assign within their team; administrators to any active user.
    func resolveOwner(_ requested: Int64??, by actor: Actor, on db: any Database, requireAssignRight: Bool = false) async throws -> Int64? {
        let wanted: Int64? = switch requested {
        case .none: actor.userID
        case .some(let value): value
        }
        guard let wanted else { return nil }
        if wanted == actor.userID { return wanted }
        var problems = FieldProblems()
        guard actor.access.assignsOwners else {
            if requireAssignRight { throw GuanxiError.forbidden }
            problems["owner_id"] = .unknownReference
            throw GuanxiError.invalid(problems)
        }
        guard let user = try await User.find(wanted, on: db), user.active,
              AccessPolicy.contains(actor.access.writeScope, ownerID: wanted, ownerTeamID: user.$team.id) else {
            problems["owner_id"] = .unknownReference
            throw GuanxiError.invalid(problems)
        }
        return wanted
    }
}

extension Customer: AuditedRecord {
    static var auditEntity: String { "customer" }

    /// The fields a customer's audit entries name; tags are noted beside them (they live in a table of their own).
    var auditSnapshot: [String: String?] {
        ["kind": kind.rawValue, "name": name, "industry": industry, "region": region, "address": address, "phone": phone,
         "email": email, "website": website, "source": source, "owner_id": $owner.id.map(String.init), "stage": stage.rawValue,
         "custom_fields": customFieldsJSON == "{}" ? nil : customFieldsJSON,
         "annual_category_spend": annualCategorySpend.map(MinorUnits.format), "marketing_consent": String(marketingConsent)]
    }
}
