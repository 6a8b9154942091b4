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

    private var search: SubstringSearch.Context { .init(common: commonSubstrings, now: clock.now()) }

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
            customer.version = 1
            customer.createdAt = now
            customer.updatedAt = now
            try await customer.create(on: db)
            let id = try customer.requireID()
            try await Self.replaceTags(of: id, with: draft.tags, on: db)
            var changes = ChangeSet()
            Self.noteAll(customer, tags: draft.tags, into: &changes)
            try await AuditLog.record(.create, entity: "customer", id: id, changes: changes, by: actor, at: now, on: db)
            return customer
        }
    }

    public func update(id: Int64, version: Int, _ input: CustomerChanges, by actor: Actor) async throws -> Customer {
        let input = try Self.validated(input)
        let now = clock.now()
        return try await database.writeTransaction { db in
            _ = try await CustomerAccess.writableCustomer(id, by: actor, on: db)
            try await OptimisticLock.claim(Customer.schema, id: id, expected: version, entity: "customer", on: db)
            guard let customer = try await Customer.find(id, on: db) else { throw GuanxiError.notFound(entity: "customer") }
            var changes = ChangeSet()
            func set(_ field: String, _ keyPath: ReferenceWritableKeyPath<Customer, String>, _ value: String?) {
                guard let value else { return }
                changes.note(field, from: customer[keyPath: keyPath], to: value)
                customer[keyPath: keyPath] = value
            }
            if let kind = input.kind { changes.note("kind", from: customer.kind.rawValue, to: kind.rawValue); customer.kind = kind }
            set("name", \.name, input.name)
            set("industry", \.industry, input.industry)
            set("region", \.region, input.region)
            set("address", \.address, input.address)
            set("phone", \.phone, input.phone)
            set("email", \.email, input.email)
            set("website", \.website, input.website)
            set("source", \.source, input.source)
            if let owner = input.ownerID, owner != customer.$owner.id {
                let newOwner = try await resolveOwner(owner, by: actor, on: db, requireAssignRight: true)
                changes.note("owner_id", from: customer.$owner.id.map(String.init), to: newOwner.map(String.init))
                customer.$owner.id = newOwner
            }
            if let stage = input.stage { changes.note("stage", from: customer.stage.rawValue, to: stage.rawValue); customer.stage = stage }
            if let fields = input.customFields {
                let old = customer.customFieldsJSON
                customer.customFields = fields
                changes.note("custom_fields", from: old, to: customer.customFieldsJSON)
            }
            if let spend = input.annualCategorySpend {
                changes.note("annual_category_spend", from: customer.annualCategorySpend.map(MinorUnits.format), to: spend.map(MinorUnits.format))
                customer.annualCategorySpend = spend
            }
            if let consent = input.marketingConsent {
                changes.note("marketing_consent", from: String(customer.marketingConsent), to: String(consent))
                customer.marketingConsent = consent
            }
            if let tags = input.tags {
                let old = try await Self.tags(of: [id], on: db)[id] ?? []
                if old != tags {
                    changes.note("tags", from: old.joined(separator: ","), to: tags.joined(separator: ","))
                    try await Self.replaceTags(of: id, with: tags, on: db)
                }
            }
            try await Self.refreshKeys(customer, on: db)
            customer.version = version + 1
            customer.updatedAt = now
            try await customer.update(on: db)
            try await AuditLog.record(.update, entity: "customer", id: id, changes: changes, by: actor, at: now, on: db)
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

    /// Merges `duplicateID` into `survivorID`: contacts, interactions and tasks move to the survivor, tags are united,
    /// the survivor's empty fields are filled from the duplicate, and the duplicate goes to the trash pointing at the survivor.
    public func merge(survivorID: Int64, duplicateID: Int64, by actor: Actor) async throws -> Customer {
        guard survivorID != duplicateID else { throw GuanxiError.conflict(reason: .mergeIntoSelf) }
        let now = clock.now()
        return try await database.writeTransaction { db in
            let survivor = try await CustomerAccess.writableCustomer(survivorID, by: actor, on: db)
            let duplicate = try await CustomerAccess.writableCustomer(duplicateID, by: actor, on: db)
            let sql = try db.sql()
            var changes = ChangeSet()
            for table in ["contacts", "interactions", "tasks"] {
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
            var gone = ChangeSet()
            gone.note("merged_into_id", from: nil, to: String(survivorID))
            try await AuditLog.record(.merge, entity: "customer", id: survivorID, changes: changes, by: actor, at: now, on: db)
            try await AuditLog.record(.delete, entity: "customer", id: duplicateID, changes: gone, by: actor, at: now, on: db)
            return survivor
        }
    }

    // MARK: Reading

    public func customer(id: Int64, includeDeleted: Bool = false, by actor: Actor) async throws -> Customer {
        try await CustomerAccess.visibleCustomer(id, by: actor, includeDeleted: includeDeleted, on: database)
    }

    public func canWrite(_ customer: Customer, by actor: Actor) async throws -> Bool {
        try await CustomerAccess.canWrite(customer, by: actor, on: database)
    }

    /// Probable duplicates the actor can see: same normalised phone, e-mail or name.
    public func duplicates(name: String, phone: String, email: String, excluding id: Int64? = nil, by actor: Actor) async throws -> [Customer] {
        try await duplicates(name: name, phone: phone, email: email, excluding: id, by: actor, on: database)
    }

    func duplicates(name: String, phone: String, email: String, excluding id: Int64?, by actor: Actor, on db: any Database) async throws -> [Customer] {
        let keys = [("name_key", DuplicateKey.name(name)), ("phone_key", DuplicateKey.phone(phone)), ("email_key", DuplicateKey.email(email))]
            .compactMap { column, key in key.map { (column, $0) } }
        guard !keys.isEmpty else { return [] }
        var query = Customer.query(on: db).filter(\.$deletedAt == nil)
        query = query.group(.or) { group in
            for (column, key) in keys { group.filter(.sql(embed: "\(ident: column) = \(bind: key)")) }
        }
        if let id { query = query.filter(\.$id != id) }
        if let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: db) { query = query.filter(\.$owner.$id ~~ owners) }
        return try await query.sort(\.$id).limit(10).all()
    }

    /// One page of the customers the actor may see, filtered and ordered as asked.
    public func list(_ filter: CustomerFilter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<CustomerRecord> {
        let limit = min(max(limit, 1), PageCursor.maximumLimit)
        var query = try await CustomerQuery.select(filter, by: actor, on: database, search: search)
        let sort = filter.sort
        let direction: SQLBinaryOperator = sort.ascending ? .greaterThan : .lessThan
        let order: SQLDirection = sort.ascending ? .ascending : .descending
        switch sort.key {
        case .id:
            if let cursor { query = query.where("id", direction, SQLBind(cursor.lastID)) }
        case .name, .pinyin:
            let pinyin = sort.key == .pinyin
            let column = pinyin ? "name_sort_key" : "name"
            // The cursor carries the last name; the pinyin key is a function of it.
            if let cursor, let name = cursor.sortKey {
                let key = pinyin ? PinyinSortKey.key(name) : name
                query = query.where(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn(column), direction, SQLBind(key)), .or,
                    SQLGroupExpression(SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn(column), .equal, SQLBind(key)), .and,
                        SQLBinaryExpression(SQLColumn("id"), direction, SQLBind(cursor.lastID)))))))
            }
            query = query.orderBy(column, order)
        }
        query = query.orderBy("id", order)
        var items = try await CustomerQuery.records(query.limit(limit + 1), on: database)
        var next: PageCursor?
        if items.count > limit {
            items.removeLast(items.count - limit)
            if let last = items.last {
                next = sort.key == .id ? PageCursor(lastID: last.id) : PageCursor(lastID: last.id, sortKey: last.name)
            }
        }
        return Page(items: items, next: next)
    }

    /// How many customers the actor may see match the filter.
    public func count(_ filter: CustomerFilter, by actor: Actor) async throws -> Int {
        let total = SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("total"))
        let query = try await CustomerQuery.select(filter, by: actor, on: database, search: search, columns: [total])
        return try await query.first()?.decode(column: "total", as: Int.self) ?? 0
    }

    /// Every matching customer the actor may see, in id order, handed over in batches (for exports).
    public func forEach(_ filter: CustomerFilter, by actor: Actor, batchSize: Int = 500,
                        _ body: ([CustomerRecord]) async throws -> Void) async throws {
        var filter = filter
        filter.sort = .oldest
        var cursor: PageCursor?
        repeat {
            let page = try await list(filter, after: cursor, limit: batchSize, by: actor)
            try await body(page.items)
            cursor = page.next
        } while cursor != nil
    }

    // MARK: Tags and derived columns

    /// Tags of each customer, sorted by code point (as lists sort them, whatever the database's collation).
    public static func tags(of ids: [Int64], on database: any Database) async throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        let select = try database.sql().select().column("customer_id").column("tag").from("customer_tags")
            .where("customer_id", .in, SQLBind.group(ids))
        let pairs = try await ResultRow.all(select, columns: ["customer_id", "tag"], on: database) { row in
            (try row.int64(0), try row.string(1))
        }
        var out: [Int64: [String]] = [:]
        for (id, tag) in pairs { out[id, default: []].append(tag) }
        return out.mapValues { $0.sorted() }
    }

    static func replaceTags(of id: Int64, with tags: [String], on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.delete(from: "customer_tags").where("customer_id", .equal, SQLBind(id)).run()
        guard !tags.isEmpty else { return }
        var insert = sql.insert(into: "customer_tags").columns("customer_id", "tag")
        for tag in tags { insert = insert.values(SQLBind(id), SQLBind(tag)) }
        try await insert.run()
    }

    /// Recomputes the duplicate keys and search text from the customer and its contacts.
    static func refreshKeys(_ customer: Customer, on database: any Database) async throws {
        let contacts = try await Contact.query(on: database).filter(\.$customer.$id == customer.requireID()).all()
        refreshKeys(customer, contacts: contacts.map { ($0.name, $0.mobile.isEmpty ? $0.phone : $0.mobile, $0.email) })
    }

    static func refreshKeys(_ customer: Customer, contacts: [(name: String, phone: String, email: String)]) {
        customer.nameKey = DuplicateKey.name(customer.name)
        customer.nameSortKey = PinyinSortKey.key(customer.name)
        customer.phoneKey = DuplicateKey.phone(customer.phone)
        customer.emailKey = DuplicateKey.email(customer.email)
        customer.searchText = CustomerRules.searchText(name: customer.name, phone: customer.phone, email: customer.email, contacts: contacts)
    }

    /// Re-derives a customer's search text after its contacts changed.
    static func refreshSearchText(customerID: Int64, on database: any Database) async throws {
        guard let customer = try await Customer.find(customerID, on: database) else { return }
        try await refreshKeys(customer, on: database)
        try await customer.update(on: database)
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
            problems["tags"] = CustomerRules.check(tags: normalised)
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

    static func noteAll(_ customer: Customer, tags: [String], into changes: inout ChangeSet) {
        changes.note("kind", from: nil, to: customer.kind.rawValue)
        changes.note("name", from: nil, to: customer.name)
        for (field, value) in [("industry", customer.industry), ("region", customer.region), ("address", customer.address),
                               ("phone", customer.phone), ("email", customer.email), ("website", customer.website),
                               ("source", customer.source)] where !value.isEmpty {
            changes.note(field, from: nil, to: value)
        }
        changes.note("owner_id", from: nil, to: customer.$owner.id.map(String.init))
        changes.note("stage", from: nil, to: customer.stage.rawValue)
        if !tags.isEmpty { changes.note("tags", from: nil, to: tags.joined(separator: ",")) }
        if !customer.customFields.isEmpty { changes.note("custom_fields", from: nil, to: customer.customFieldsJSON) }
        changes.note("annual_category_spend", from: nil, to: customer.annualCategorySpend.map(MinorUnits.format))
        changes.note("marketing_consent", from: nil, to: String(customer.marketingConsent))
    }
}
