import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Every touch with a customer: one timeline per customer, newest first.
///
/// Anyone who can see a customer may log an interaction with it (service agents take calls for every customer);
/// an interaction can be changed by the colleague who had it or by whoever may change the customer.
public struct InteractionLog: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var contactID: Int64?
        public var channel: InteractionChannel = .phone
        public var direction: InteractionDirection = .outbound
        /// nil: now.
        public var occurredAt: Date?
        public var durationSeconds = 0
        public var subject = ""
        public var notes = ""
        public var outcome = ""
        public var queueWaitSeconds: Int?
        public var abandoned: Bool?
        public init() {}
    }

    public func timeline(of customerID: Int64, channel: InteractionChannel?, after cursor: PageCursor?, limit: Int,
                         includeDeleted: Bool = false, by actor: Actor) async throws -> Page<Interaction> {
        _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, includeDeleted: includeDeleted, on: database)
        var query = Interaction.query(on: database).filter(\.$customer.$id == customerID)
        if let channel { query = query.filter(\.$channel == channel) }
        let limit = min(max(limit, 1), PageCursor.maximumLimit)
        if let cursor, let key = cursor.sortKey, let time = Double(key) {
            let at = Date(timeIntervalSince1970: time)
            query = query.group(.or) { or in
                or.filter(\.$occurredAt < at)
                or.group(.and) { $0.filter(\.$occurredAt == at).filter(\.$id < cursor.lastID) }
            }
        }
        let rows = try await query.sort(\.$occurredAt, .descending).sort(\.$id, .descending).limit(limit + 1).all()
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.flatMap { last in
            last.id.map { PageCursor(lastID: $0, sortKey: String(last.occurredAt.timeIntervalSince1970)) }
        } : nil
        return Page(items: items, next: next)
    }

    public func interaction(id: Int64, by actor: Actor) async throws -> Interaction {
        try await interaction(id: id, by: actor, on: database)
    }

    public func create(customerID: Int64, _ draft: Draft, by actor: Actor) async throws -> Interaction {
        let now = clock.now()
        let draft = try Self.validated(draft, now: now)
        return try await database.writeTransaction { db in
            _ = try await CustomerAccess.visibleCustomer(customerID, by: actor, on: db)
            try await Self.checkContact(draft.contactID, belongsTo: customerID, on: db)
            let interaction = Interaction()
            interaction.$customer.id = customerID
            interaction.$user.id = actor.userID
            Self.apply(draft, to: interaction, now: now)
            var belongsTo = ChangeSet()
            belongsTo.note("customer_id", from: nil, to: String(customerID))
            try await interaction.createAudited(noting: belongsTo, by: actor, at: now, on: db)
            try await Self.touchCustomer(customerID, at: interaction.occurredAt, on: db)
            return interaction
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Interaction {
        let now = clock.now()
        let draft = try Self.validated(draft, now: now)
        return try await database.writeTransaction { db in
            let existing = try await interaction(id: id, by: actor, on: db)
            try await requireWrite(existing, by: actor, on: db)
            try await Self.checkContact(draft.contactID, belongsTo: existing.$customer.id, on: db)
            try await existing.updateAudited(version: version, by: actor, at: now, on: db) { Self.apply(draft, to: existing, now: now) }
            try await Self.touchCustomer(existing.$customer.id, at: existing.occurredAt, on: db)
            return existing
        }
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let existing = try await interaction(id: id, by: actor, on: db)
            try await requireWrite(existing, by: actor, on: db)
            try await existing.deleteAudited(naming: "channel", existing.channel.rawValue, by: actor, at: now, on: db)
            // The customer's last interaction may have been this one.
            let latest = try await Interaction.query(on: db).filter(\.$customer.$id == existing.$customer.id)
                .sort(\.$occurredAt, .descending).first()
            try await db.sql().update(Customer.schema).set("last_interaction_at", to: SQLBind(latest?.occurredAt))
                .where("id", .equal, SQLBind(existing.$customer.id)).run()
        }
    }

    /// Whether the actor may change this interaction.
    public func canWrite(_ interaction: Interaction, by actor: Actor) async throws -> Bool {
        if interaction.$user.id != nil, interaction.$user.id == actor.userID { return true }
        guard let customer = try await Customer.find(interaction.$customer.id, on: database) else { return false }
        return try await CustomerAccess.canWrite(customer, by: actor, on: database)
    }

    private func requireWrite(_ interaction: Interaction, by actor: Actor, on db: any Database) async throws {
        guard try await InteractionLog(database: db, clock: clock).canWrite(interaction, by: actor) else { throw GuanxiError.forbidden }
    }

    private func interaction(id: Int64, by actor: Actor, on db: any Database) async throws -> Interaction {
        guard let interaction = try await Interaction.find(id, on: db) else { throw GuanxiError.notFound(entity: "interaction") }
        do {
            _ = try await CustomerAccess.visibleCustomer(interaction.$customer.id, by: actor, on: db)
        } catch GuanxiError.notFound { throw GuanxiError.notFound(entity: "interaction") }
        return interaction
    }

    /// The longest interaction one entry may record: a day.
    public static let maximumDurationSeconds = 86_400
    /// How far ahead an interaction may be dated (planned visits are logged ahead; a typo in the year is not).
    public static let maximumDaysAhead = 366

    /// The longest subject or outcome.
    public static let maximumLabelLength = 200

    /// The rules of an interaction, shared by the form, the API and the import: the draft tidied, and each refused
    /// field by its field name.
    static func checked(_ draft: Draft, now: Date) -> (draft: Draft, problems: FieldProblems) {
        var draft = draft
        var problems = FieldProblems()
        draft.subject = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.outcome = draft.outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        problems["subject"] = CustomerRules.check(text: draft.subject, maximum: maximumLabelLength)
        problems["outcome"] = CustomerRules.check(text: draft.outcome, maximum: maximumLabelLength)
        problems["notes"] = CustomerRules.check(text: draft.notes, maximum: CustomerRules.maximumNotesLength)
        if !(0...Self.maximumDurationSeconds).contains(draft.durationSeconds) {
            problems["duration_seconds"] = .outOfRange(minimum: 0, maximum: Self.maximumDurationSeconds)
        }
        if let wait = draft.queueWaitSeconds, !(0...Self.maximumDurationSeconds).contains(wait) {
            problems["queue_wait_seconds"] = .outOfRange(minimum: 0, maximum: Self.maximumDurationSeconds)
        }
        // Queue wait and abandonment describe inbound call-center contacts only.
        let isQueuedCall = draft.channel == .callCenter && draft.direction == .inbound
        if !isQueuedCall {
            if draft.queueWaitSeconds != nil { problems["queue_wait_seconds"] = .onlyForInboundCallCenter }
            if draft.abandoned != nil { problems["abandoned"] = .onlyForInboundCallCenter }
        }
        if let at = draft.occurredAt, at > now.addingTimeInterval(Double(Self.maximumDaysAhead) * 86_400) {
            problems["occurred_at"] = .tooFarAhead(days: Self.maximumDaysAhead)
        }
        return (draft, problems)
    }

    static func validated(_ draft: Draft, now: Date) throws -> Draft {
        let (draft, problems) = checked(draft, now: now)
        try problems.throwIfAny()
        return draft
    }

    static func checkContact(_ contactID: Int64?, belongsTo customerID: Int64, on db: any Database) async throws {
        guard let contactID else { return }
        guard let contact = try await Contact.find(contactID, on: db), contact.$customer.id == customerID else {
            var problems = FieldProblems()
            problems["contact_id"] = .unknownReference
            throw GuanxiError.invalid(problems)
        }
    }

    static func apply(_ draft: Draft, to interaction: Interaction, now: Date) {
        interaction.$contact.id = draft.contactID
        interaction.channel = draft.channel
        interaction.direction = draft.direction
        interaction.occurredAt = draft.occurredAt ?? now
        interaction.durationSeconds = draft.durationSeconds
        interaction.subject = draft.subject
        interaction.notes = draft.notes
        interaction.outcome = draft.outcome
        interaction.queueWaitSeconds = draft.queueWaitSeconds
        interaction.abandoned = draft.abandoned
    }


    /// Keeps the customer's last-interaction time, which lists filter on and follow-up rules watch.
    static func touchCustomer(_ customerID: Int64, at time: Date, on db: any Database) async throws {
        try await db.sql().update(Customer.schema).set("last_interaction_at", to: SQLBind(time))
            .where("id", .equal, SQLBind(customerID))
            .where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("last_interaction_at"), .is, SQLLiteral.null), .or,
                SQLBinaryExpression(SQLColumn("last_interaction_at"), .lessThan, SQLBind(time)))))
            .run()
    }
}

extension Interaction: AuditedRecord {
    static var auditEntity: String { "interaction" }

    var auditSnapshot: [String: String?] {
        ["contact_id": $contact.id.map(String.init), "channel": channel.rawValue,
         "direction": direction.rawValue, "occurred_at": ISO8601DateFormatter().string(from: occurredAt),
         "duration_seconds": String(durationSeconds), "subject": subject, "notes": notes,
         "outcome": outcome, "queue_wait_seconds": queueWaitSeconds.map(String.init),
         "abandoned": abandoned.map { String($0) }]
    }
}
