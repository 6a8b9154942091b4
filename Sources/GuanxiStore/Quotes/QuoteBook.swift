import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Quotes and their revisions. A draft is edited freely; once sent, a quote changes only by a revision (a new row
/// under the same number, the old one kept read-only as `superseded`). Accepting a quote makes its order in the
/// same transaction, once.
public struct QuoteBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    public let calendar: CompanyCalendar

    public init(database: any Database, clock: any TimeSource, calendar: CompanyCalendar) {
        self.database = database
        self.clock = clock
        self.calendar = calendar
    }

    public struct Draft: Sendable {
        public var customerID: Int64 = 0
        public var contactID: Int64?
        public var opportunityID: Int64?
        /// YYYY-MM-DD; empty: today.
        public var quoteDate = ""
        /// YYYY-MM-DD; empty: the quote date plus the company's validity days.
        public var validUntil = ""
        public var notes = ""
        public var lines: [LineDraft] = []
        public init() {}
    }

    public struct Filter: Sendable {
        public var customerID: Int64?
        public var opportunityID: Int64?
        public var status: QuoteStatus?
        public init() {}
    }

    public func quotes(_ filter: Filter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<Quote> {
        let query = try await SalesAccess.scoped(Quote.query(on: database), customer: \.$customer, by: actor, on: database)
        if let id = filter.customerID { query.filter(\.$customer.$id == id) }
        if let id = filter.opportunityID { query.filter(\.$opportunity.$id == id) }
        if let status = filter.status { query.filter(\.$status == status) }
        return try await query.page(after: cursor, limit: limit, order: .newestFirst)
    }

    public func quote(id: Int64, by actor: Actor) async throws -> Quote {
        try await Self.quote(id: id, by: actor, on: database)
    }

    static func quote(id: Int64, by actor: Actor, on db: any Database) async throws -> Quote {
        guard let quote = try await Quote.find(id, on: db) else { throw GuanxiError.notFound(entity: "quote") }
        _ = try await SalesAccess.visible(quote.$customer.id, entity: "quote", by: actor, on: db)
        return quote
    }

    /// The lines of quotes the caller has already been allowed to read, by quote (one query).
    public func lines(of quoteIDs: [Int64]) async throws -> [Int64: [QuoteLine]] {
        guard !quoteIDs.isEmpty else { return [:] }
        let lines = try await QuoteLine.query(on: database).filter(\.$quote.$id ~~ quoteIDs).sort(\.$position).all()
        return Dictionary(grouping: lines, by: { $0.$quote.id })
    }

    /// Every revision under the quote's number, first to last.
    public func revisions(of id: Int64, by actor: Actor) async throws -> [Quote] {
        let quote = try await quote(id: id, by: actor)
        return try await Quote.query(on: database).filter(\.$number == quote.number).sort(\.$revision).all()
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> Quote {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            _ = try await OpportunityBook.writableCustomer(draft.customerID, by: actor, on: db)
            let profile = try await CompanySettings.profile(on: db)
            let (draft, lines) = try await Self.checked(draft, mode: profile.taxMode, profile: profile, calendar: calendar, now: now, on: db)
            let quote = Quote()
            let year = DayParser.parse(draft.quoteDate)?.year ?? calendar.year(now)
            quote.number = try await DocumentSequence.next(.quote, year: year, prefix: profile.quotePrefix, on: db)
            quote.revision = 1
            quote.$customer.id = draft.customerID
            quote.status = .draft
            quote.taxMode = profile.taxMode
            quote.$createdBy.id = actor.userID
            Self.apply(draft, lines: lines, to: quote)
            var belongsTo = ChangeSet()
            belongsTo.note("customer_id", from: nil, to: String(draft.customerID))
            belongsTo.note("number", from: nil, to: quote.number)
            try await quote.createAudited(noting: belongsTo, by: actor, at: now, on: db)
            try await Self.writeLines(lines, of: try quote.requireID(), on: db)
            return quote
        }
    }

    /// Changes a draft; a quote that has been sent answers 409 (make a revision).
    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Quote {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            let existing = try await Self.writableQuote(id, by: actor, on: db)
            guard existing.status.isEditable else { throw GuanxiError.conflict(reason: .quoteNotEditable) }
            var draft = draft
            draft.customerID = existing.$customer.id
            let profile = try await CompanySettings.profile(on: db)
            let (checked, lines) = try await Self.checked(draft, mode: existing.taxMode, profile: profile, calendar: calendar, now: now, on: db)
            try await existing.updateAudited(version: version, by: actor, at: now, on: db) {
                Self.apply(checked, lines: lines, to: existing)
                try await QuoteLine.query(on: db).filter(\.$quote.$id == id).delete()
                try await Self.writeLines(lines, of: id, on: db)
            }
            return existing
        }
    }

    public func send(id: Int64, by actor: Actor) async throws -> Quote {
        try await decide(id, from: [.draft], to: .sent, by: actor)
    }

    public func reject(id: Int64, by actor: Actor) async throws -> Quote {
        try await decide(id, from: [.sent], to: .rejected, by: actor)
    }

    private func decide(_ id: Int64, from: [QuoteStatus], to status: QuoteStatus, by actor: Actor) async throws -> Quote {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let quote = try await Self.writableQuote(id, by: actor, on: db)
            guard from.contains(quote.status) else { throw GuanxiError.conflict(reason: .quoteStatus) }
            try await quote.updateAudited(version: quote.version, by: actor, at: now, on: db) {
                quote.status = status
                if status == .sent { quote.sentAt = now } else { quote.decidedAt = now }
            }
            return quote
        }
    }

    /// A new draft revision of a sent, rejected or expired quote, with its lines; the quote itself becomes superseded.
    public func revise(id: Int64, by actor: Actor) async throws -> Quote {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            let quote = try await Self.writableQuote(id, by: actor, on: db)
            guard [.sent, .rejected, .expired].contains(quote.status) else { throw GuanxiError.conflict(reason: .quoteStatus) }
            let profile = try await CompanySettings.profile(on: db)
            let lines = try await QuoteLine.query(on: db).filter(\.$quote.$id == id).sort(\.$position).all()
            try await quote.updateAudited(version: quote.version, by: actor, at: now, on: db) { quote.status = .superseded }
            let revision = Quote()
            revision.number = quote.number
            revision.revision = quote.revision + 1
            revision.$customer.id = quote.$customer.id
            revision.$contact.id = quote.$contact.id
            revision.$opportunity.id = quote.$opportunity.id
            revision.quoteDate = calendar.day(now)
            let validUntil = calendar.day(revision.quoteDate, plus: profile.quoteValidityDays) ?? revision.quoteDate
            revision.validUntil = max(validUntil, quote.validUntil)
            revision.status = .draft
            revision.taxMode = quote.taxMode
            revision.notes = quote.notes
            revision.setTotals(quote.totals)
            revision.$createdBy.id = actor.userID
            var from = ChangeSet()
            from.note("revision_of", from: nil, to: String(id))
            try await revision.createAudited(noting: from, by: actor, at: now, on: db)
            try await Self.writeLines(lines.map(\.resolved), of: try revision.requireID(), on: db)
            return revision
        }
    }

    /// Accepts a sent quote and makes its order with the same lines, in one transaction. Accepting it again (also
    /// at the same moment, from another instance) returns that same order: `created` is false then.
    public func accept(id: Int64, by actor: Actor) async throws -> (order: Order, created: Bool) {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            let quote = try await Self.writableQuote(id, by: actor, on: db)
            if quote.status == .accepted, let orderID = quote.orderID, let order = try await Order.find(orderID, on: db) {
                return (order, false)
            }
            guard quote.status == .sent else { throw GuanxiError.conflict(reason: .quoteStatus) }
            // The conditional update decides between two acceptances at once: the database lets one through, the
            // other waits for it and then finds the quote accepted.
            let claimed = try await db.sql().update(Quote.schema).set("status", to: SQLBind(QuoteStatus.accepted.rawValue))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(QuoteStatus.sent.rawValue))
                .returning("id").all()
            guard !claimed.isEmpty else {
                if let accepted = try await Quote.find(id, on: db), let orderID = accepted.orderID,
                   let order = try await Order.find(orderID, on: db) { return (order, false) }
                throw GuanxiError.conflict(reason: .quoteStatus)
            }
            let profile = try await CompanySettings.profile(on: db)
            let lines = try await QuoteLine.query(on: db).filter(\.$quote.$id == id).sort(\.$position).all()
            var draft = OrderBook.Draft()
            draft.customerID = quote.$customer.id
            draft.contactID = quote.$contact.id
            draft.opportunityID = quote.$opportunity.id
            draft.orderedAt = now
            draft.status = .confirmed
            draft.notes = quote.notes
            let order = try await OrderBook.insert(draft, lines: lines.map(\.resolved), quoteID: id, taxMode: quote.taxMode,
                                                   prefix: profile.orderPrefix, calendar: calendar, by: actor, at: now, on: db)
            quote.status = .sent // what the row held before the claim, so the audit names the change
            try await quote.updateAudited(version: quote.version, by: actor, at: now, on: db) {
                quote.status = .accepted
                quote.decidedAt = now
                quote.orderID = order.id
            }
            return (order, true)
        }
    }

    /// Deletes a draft that was never sent.
    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let quote = try await Self.writableQuote(id, by: actor, on: db)
            guard quote.status == .draft, quote.revision == 1 else { throw GuanxiError.conflict(reason: .quoteNotEditable) }
            try await quote.deleteAudited(naming: "number", quote.number, by: actor, at: now, on: db)
        }
    }

    /// Marks every sent quote whose last valid day is before `today` expired; returns how many. The scheduled job
    /// runs it on one instance at a time, and the conditional update makes a second run a no-op.
    public static func expireDue(today: String, at now: Date, on db: any Database) async throws -> Int {
        let rows = try await db.sql().update(Quote.schema)
            .set("status", to: SQLBind(QuoteStatus.expired.rawValue)).set("decided_at", to: SQLBind(now))
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLBind(1)))
            .where("status", .equal, SQLBind(QuoteStatus.sent.rawValue)).where("valid_until", .lessThan, SQLBind(today))
            .returning("id").all()
        return rows.count
    }

    static func writableQuote(_ id: Int64, by actor: Actor, on db: any Database) async throws -> Quote {
        let quote = try await quote(id: id, by: actor, on: db)
        _ = try await SalesAccess.writable(quote.$customer.id, entity: "quote", by: actor, on: db)
        return quote
    }

    static func checked(_ draft: Draft, mode: TaxMode, profile: CompanyProfile, calendar: CompanyCalendar, now: Date,
                        on db: any Database) async throws -> (Draft, [ResolvedLine]) {
        var draft = draft
        var problems = FieldProblems()
        draft.quoteDate = draft.quoteDate.trimmingCharacters(in: .whitespaces)
        draft.validUntil = draft.validUntil.trimmingCharacters(in: .whitespaces)
        if draft.quoteDate.isEmpty { draft.quoteDate = calendar.day(now) }
        if DayParser.parse(draft.quoteDate) == nil { problems["quote_date"] = .invalidDate }
        if draft.validUntil.isEmpty { draft.validUntil = calendar.day(draft.quoteDate, plus: profile.quoteValidityDays) ?? "" }
        if DayParser.parse(draft.validUntil) == nil { problems["valid_until"] = .invalidDate }
        else if problems["quote_date"] == nil, draft.validUntil < draft.quoteDate { problems["valid_until"] = .beforeDate("quote_date") }
        problems["notes"] = CustomerRules.check(text: draft.notes, maximum: CustomerRules.maximumNotesLength)
        try await SalesAccess.checkContact(draft.contactID, of: draft.customerID, on: db, into: &problems)
        if let id = draft.opportunityID, try await Opportunity.find(id, on: db)?.$customer.id != draft.customerID {
            problems["opportunity_id"] = .unknownReference
        }
        var lines: [ResolvedLine] = []
        do { lines = try await SalesLineRules.resolve(draft.lines, mode: mode, on: db) }
        catch GuanxiError.invalid(let lineProblems) { for (field, problem) in lineProblems.problems { problems[field] = problem } }
        try problems.throwIfAny()
        return (draft, lines)
    }

    static func apply(_ draft: Draft, lines: [ResolvedLine], to quote: Quote) {
        quote.$contact.id = draft.contactID
        quote.$opportunity.id = draft.opportunityID
        quote.quoteDate = draft.quoteDate
        quote.validUntil = draft.validUntil
        quote.notes = draft.notes
        quote.setTotals(DocumentTotals(lines.map(\.priced)))
    }

    static func writeLines(_ lines: [ResolvedLine], of quoteID: Int64, on db: any Database) async throws {
        for (index, line) in lines.enumerated() {
            let record = QuoteLine()
            record.$quote.id = quoteID
            record.fill(with: line, position: index + 1)
            try await record.create(on: db)
        }
    }
}

extension Quote: AuditedRecord {
    static var auditEntity: String { "quote" }

    var auditSnapshot: [String: String?] {
        ["status": status.rawValue, "contact_id": $contact.id.map(String.init), "opportunity_id": $opportunity.id.map(String.init),
         "quote_date": quoteDate, "valid_until": validUntil, "notes": notes, "gross_total": MinorUnits.format(grossTotal),
         "order_id": orderID.map(String.init)]
    }
}
