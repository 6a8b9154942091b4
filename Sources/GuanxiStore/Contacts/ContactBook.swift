import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// The people at a customer. Whoever may change the customer may change its contacts.
public struct ContactBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var name = ""
        public var title = ""
        public var phone = ""
        public var mobile = ""
        public var email = ""
        public var wechatID = ""
        /// YYYY-MM-DD or empty.
        public var birthday = ""
        public var isPrimary = false
        public init() {}
    }

    /// `includeDeleted` serves a trashed customer's page, which still shows what will come back on restore.
    public func contacts(of customerID: Int64, includeDeleted: Bool = false, by actor: Actor) async throws -> [Contact] {
        _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, includeDeleted: includeDeleted, on: database)
        return try await Contact.query(on: database).filter(\.$customer.$id == customerID)
            .sort(\.$isPrimary, .descending).sort(\.$id).all()
    }

    public func contact(id: Int64, by actor: Actor) async throws -> Contact {
        guard let contact = try await Contact.find(id, on: database) else { throw GuanxiError.notFound(entity: "contact") }
        do {
            _ = try await CustomerAccess.visibleCustomer(contact.$customer.id, by: actor, on: database)
        } catch GuanxiError.notFound { throw GuanxiError.notFound(entity: "contact") }
        return contact
    }

    public func create(customerID: Int64, _ draft: Draft, by actor: Actor) async throws -> Contact {
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            _ = try await CustomerAccess.writableCustomer(customerID, by: actor, on: db)
            let contact = Contact()
            contact.$customer.id = customerID
            Self.apply(draft, to: contact)
            contact.$createdBy.id = actor.userID
            var belongsTo = ChangeSet()
            belongsTo.note("customer_id", from: nil, to: String(customerID))
            try await contact.createAudited(noting: belongsTo, by: actor, at: now, on: db)
            if draft.isPrimary { try await Self.clearOtherPrimaries(customerID: customerID, keep: try contact.requireID(), on: db) }
            try await CustomerBook.refreshSearchText(customerID: customerID, on: db)
            return contact
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Contact {
        let draft = try Self.validated(draft)
        let now = clock.now()
        return try await database.writeTransaction { db in
            let existing = try await contact(id: id, by: actor, on: db)
            _ = try await CustomerAccess.writableCustomer(existing.$customer.id, by: actor, on: db)
            try await existing.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: existing) }
            if draft.isPrimary { try await Self.clearOtherPrimaries(customerID: existing.$customer.id, keep: id, on: db) }
            try await CustomerBook.refreshSearchText(customerID: existing.$customer.id, on: db)
            return existing
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let existing = try await contact(id: id, by: actor, on: db)
            _ = try await CustomerAccess.writableCustomer(existing.$customer.id, by: actor, on: db)
            try await existing.deleteAudited(naming: "name", existing.name, by: actor, at: now, on: db)
            try await CustomerBook.refreshSearchText(customerID: existing.$customer.id, on: db)
        }
    }

    private func contact(id: Int64, by actor: Actor, on db: any Database) async throws -> Contact {
        try await ContactBook(database: db, clock: clock).contact(id: id, by: actor)
    }

    /// The longest title or WeChat id.
    public static let maximumLabelLength = 100

    /// The rules of a contact, shared by the form, the API and the import: the draft tidied, and each refused field
    /// by its field name.
    static func checked(_ draft: Draft) -> (draft: Draft, problems: FieldProblems) {
        var draft = draft
        var problems = FieldProblems()
        draft.name = draft.name.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.phone = draft.phone.trimmingCharacters(in: .whitespaces)
        draft.mobile = draft.mobile.trimmingCharacters(in: .whitespaces)
        draft.email = draft.email.trimmingCharacters(in: .whitespaces)
        draft.wechatID = draft.wechatID.trimmingCharacters(in: .whitespaces)
        draft.birthday = draft.birthday.trimmingCharacters(in: .whitespaces)
        problems["name"] = CustomerRules.check(name: draft.name)
        problems["title"] = CustomerRules.check(text: draft.title, maximum: maximumLabelLength)
        problems["phone"] = CustomerRules.check(phone: draft.phone)
        problems["mobile"] = CustomerRules.check(phone: draft.mobile)
        problems["email"] = CustomerRules.check(optionalEmail: draft.email)
        problems["wechat_id"] = CustomerRules.check(text: draft.wechatID, maximum: maximumLabelLength)
        if !draft.birthday.isEmpty, DayParser.parse(draft.birthday) == nil { problems["birthday"] = .invalidDate }
        return (draft, problems)
    }

    static func validated(_ draft: Draft) throws -> Draft {
        let (draft, problems) = checked(draft)
        try problems.throwIfAny()
        return draft
    }

    static func apply(_ draft: Draft, to contact: Contact) {
        contact.name = draft.name
        contact.title = draft.title
        contact.phone = draft.phone
        contact.mobile = draft.mobile
        contact.email = draft.email
        contact.wechatID = draft.wechatID
        contact.birthday = draft.birthday.isEmpty ? nil : draft.birthday
        contact.isPrimary = draft.isPrimary
    }


    /// One primary contact per customer.
    static func clearOtherPrimaries(customerID: Int64, keep id: Int64, on db: any Database) async throws {
        try await db.sql().update(Contact.schema).set("is_primary", to: SQLBind(false))
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLBind(1)))
            .where("customer_id", .equal, SQLBind(customerID)).where("id", .notEqual, SQLBind(id))
            .where("is_primary", .equal, SQLBind(true)).run()
    }
}

extension Contact: AuditedRecord {
    static var auditEntity: String { "contact" }

    var auditSnapshot: [String: String?] {
        ["name": name, "title": title, "phone": phone, "mobile": mobile, "email": email,
         "wechat_id": wechatID, "birthday": birthday, "is_primary": String(isPrimary)]
    }
}
