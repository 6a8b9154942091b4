import Fluent
import Foundation
import GuanxiCore

/// Bids for customers' tenders (投标), their competitors and their files. They follow their customer's access, like
/// every sales record: out of sight is "not found", read-only is "forbidden". The owner (the customer's owner unless
/// a manager assigns someone else) gets a task to finish the bid a few days before its deadline; the task moves with
/// the deadline and is done once the bid is handed in or cancelled.
public struct BidBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    public let calendar: CompanyCalendar

    public init(database: any Database, clock: any TimeSource, calendar: CompanyCalendar) {
        self.database = database
        self.clock = clock
        self.calendar = calendar
    }

    /// How many days before the submission deadline the owner's reminder falls due.
    public static let reminderLeadDays = 3
    public static let maximumTenderNumberLength = 64
    public static let maximumTitleLength = 200
    public static let maximumCompetitors = 50
    /// The largest file a bid keeps (20 MiB).
    public static let maximumAttachmentBytes = 20 << 20
    public static let maximumFilenameLength = 255

    public struct Competitor: Sendable, Equatable {
        public var name: String
        /// Their bid in fen; nil when unknown.
        public var amount: Int64?
        public init(name: String, amount: Int64? = nil) {
            self.name = name
            self.amount = amount
        }
    }

    public struct Draft: Sendable {
        public var customerID: Int64 = 0
        public var opportunityID: Int64?
        public var tenderNumber = ""
        public var title = ""
        public var submissionDeadline: Date?
        /// YYYY-MM-DD or empty.
        public var openingDate = ""
        public var bidAmount: Int64?
        public var bondAmount: Int64 = 0
        public var bondPaid = false
        /// YYYY-MM-DD; empty with `bondPaid` means today.
        public var bondPaidOn = ""
        public var bondReturned = false
        /// YYYY-MM-DD; empty with `bondReturned` means today.
        public var bondReturnedOn = ""
        public var status: BidStatus = .preparing
        public var winningBidder = ""
        public var winningAmount: Int64?
        public var resultReason = ""
        public var notes = ""
        /// nil: the customer's owner (or the creator).
        public var ownerID: Int64?
        public var competitors: [Competitor] = []
        public init() {}
    }

    /// What a list of bids is narrowed to.
    public struct Filter: Sendable {
        public var customerID: Int64?
        public var status: BidStatus?
        public var ownerID: Int64?
        public init() {}
    }

    // MARK: Reading

    /// Bids the actor may see, newest first.
    public func bids(_ filter: Filter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<Bid> {
        let query = try await SalesAccess.scoped(Bid.query(on: database), customer: \.$customer, by: actor, on: database)
        if let id = filter.customerID { query.filter(\.$customer.$id == id) }
        if let status = filter.status { query.filter(\.$status == status) }
        if let id = filter.ownerID { query.filter(\.$owner.$id == id) }
        return try await query.page(after: cursor, limit: limit, order: .newestFirst)
    }

    public func bid(id: Int64, by actor: Actor) async throws -> Bid {
        try await Self.bid(id: id, by: actor, on: database)
    }

    static func bid(id: Int64, by actor: Actor, on db: any Database) async throws -> Bid {
        guard let bid = try await Bid.find(id, on: db) else { throw GuanxiError.notFound(entity: "bid") }
        _ = try await SalesAccess.visible(bid.$customer.id, entity: "bid", by: actor, on: db)
        return bid
    }

    /// The competitors of bids already read (and so allowed), in their order, by bid id.
    public func competitors(of bids: [Bid]) async throws -> [Int64: [BidCompetitor]] {
        try await Self.competitors(of: bids.compactMap(\.id), on: database)
    }

    static func competitors(of ids: [Int64], on db: any Database) async throws -> [Int64: [BidCompetitor]] {
        var out: [Int64: [BidCompetitor]] = [:]
        var start = 0
        // In slices, so no query binds more values than either database takes.
        while start < ids.count {
            let slice = Array(ids[start..<min(start + 1000, ids.count)])
            for row in try await BidCompetitor.query(on: db).filter(\.$bid.$id ~~ slice).sort(\.$bid.$id).sort(\.$position).all() {
                out[row.$bid.id, default: []].append(row)
            }
            start += 1000
        }
        return out
    }

    // MARK: Writing

    /// Creates a bid. `refused` are problems the caller found in what it was sent (an unknown status); they are
    /// reported with the bid's own, after the access checks, and nothing is written.
    public func create(_ draft: Draft, refusing refused: FieldProblems = FieldProblems(), by actor: Actor) async throws -> Bid {
        let now = clock.now()
        let calendar = self.calendar
        return try await database.writeTransaction { db in
            let customer = try await OpportunityBook.writableCustomer(draft.customerID, by: actor, on: db)
            var draft = draft
            if draft.ownerID == nil { draft.ownerID = customer.$owner.id ?? actor.userID }
            let checked = try await Self.validated(draft, current: nil, refusing: refused, by: actor, calendar: calendar, now: now, on: db)
            let bid = Bid()
            bid.$customer.id = checked.customerID
            bid.$createdBy.id = actor.userID
            Self.apply(checked, to: bid, now: now)
            try await Self.syncReminder(of: bid, previous: nil, calendar: calendar, by: actor, at: now, on: db)
            var noted = ChangeSet()
            noted.note("customer_id", from: nil, to: String(checked.customerID))
            noted.note("competitors", from: nil, to: Self.describe(checked.competitors).nilIfEmpty)
            try await bid.createAudited(noting: noted, by: actor, at: now, on: db)
            try await Self.replaceCompetitors(of: try bid.requireID(), with: checked.competitors, on: db)
            return bid
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, refusing refused: FieldProblems = FieldProblems(),
                       by actor: Actor) async throws -> Bid {
        let now = clock.now()
        let calendar = self.calendar
        return try await database.writeTransaction { db in
            let existing = try await Self.bid(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "bid", by: actor, on: db)
            var draft = draft
            draft.customerID = existing.$customer.id
            let checked = try await Self.validated(draft, current: existing, refusing: refused, by: actor, calendar: calendar, now: now, on: db)
            let before = Self.describe((try await Self.competitors(of: [id], on: db)[id] ?? []).map { Competitor(name: $0.name, amount: $0.amount) })
            let previous = Previous(deadline: existing.submissionDeadline, ownerID: existing.$owner.id, status: existing.status,
                                    reminderTitle: Self.reminderTitle(existing))
            try await existing.updateAuditedNoting(version: version, by: actor, at: now, on: db) {
                Self.apply(checked, to: existing, now: now)
                try await Self.syncReminder(of: existing, previous: previous, calendar: calendar, by: actor, at: now, on: db)
                var changes = ChangeSet()
                let after = Self.describe(checked.competitors)
                if after != before {
                    try await Self.replaceCompetitors(of: id, with: checked.competitors, on: db)
                    changes.note("competitors", from: before, to: after)
                }
                return changes
            }
            return existing
        }
    }

    /// Deletes a bid with its competitors and files, and its reminder while that is still open.
    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let existing = try await Self.bid(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "bid", by: actor, on: db)
            let reminder = try await Self.reminder(of: existing, on: db)
            try await BidCompetitor.query(on: db).filter(\.$bid.$id == id).delete()
            try await BidAttachment.query(on: db).filter(\.$bid.$id == id).delete()
            try await existing.deleteAudited(naming: "tender_number", existing.tenderNumber, by: actor, at: now, on: db)
            if let reminder, reminder.status == .open {
                try await reminder.deleteAudited(naming: "title", reminder.title, by: actor, at: now, on: db)
            }
        }
    }

    /// The draft that leaves a bid as it is: a patch applies its fields over it.
    public static func draft(of bid: Bid, competitors: [BidCompetitor]) -> Draft {
        var draft = Draft()
        draft.customerID = bid.$customer.id
        draft.opportunityID = bid.$opportunity.id
        draft.tenderNumber = bid.tenderNumber
        draft.title = bid.title
        draft.submissionDeadline = bid.submissionDeadline
        draft.openingDate = bid.openingDate ?? ""
        draft.bidAmount = bid.bidAmount
        draft.bondAmount = bid.bondAmount
        draft.bondPaid = bid.bondPaidOn != nil
        draft.bondPaidOn = bid.bondPaidOn ?? ""
        draft.bondReturned = bid.bondReturnedOn != nil
        draft.bondReturnedOn = bid.bondReturnedOn ?? ""
        draft.status = bid.status
        draft.winningBidder = bid.winningBidder
        draft.winningAmount = bid.winningAmount
        draft.resultReason = bid.resultReason
        draft.notes = bid.notes
        draft.ownerID = bid.$owner.id
        draft.competitors = competitors.map { Competitor(name: $0.name, amount: $0.amount) }
        return draft
    }

    /// The same, loading the bid's competitors.
    public func draft(of bid: Bid) async throws -> Draft {
        Self.draft(of: bid, competitors: try await competitors(of: [bid])[bid.id ?? 0] ?? [])
    }

    // MARK: Rules

    /// What the rules refuse in a new bid's draft, without writing or checking its customer (for a request that named none).
    public func problems(of draft: Draft, by actor: Actor) async throws -> FieldProblems {
        do {
            _ = try await Self.validated(draft, current: nil, by: actor, calendar: calendar, now: clock.now(), on: database)
            return FieldProblems()
        } catch GuanxiError.invalid(let problems) {
            return problems
        }
    }

    /// Every rule of a bid at once, with the problems the caller found (`refused`) reported beside them.
    static func validated(_ draft: Draft, current: Bid?, refusing refused: FieldProblems = FieldProblems(), by actor: Actor,
                          calendar: CompanyCalendar, now: Date, on db: any Database) async throws -> Draft {
        var draft = draft
        var problems = FieldProblems()
        draft.tenderNumber = draft.tenderNumber.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.winningBidder = draft.winningBidder.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.resultReason = draft.resultReason.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.notes = draft.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.openingDate = draft.openingDate.trimmingCharacters(in: .whitespaces)
        draft.bondPaidOn = draft.bondPaidOn.trimmingCharacters(in: .whitespaces)
        draft.bondReturnedOn = draft.bondReturnedOn.trimmingCharacters(in: .whitespaces)

        problems["tender_number"] = singleLine(draft.tenderNumber, required: true, maximum: maximumTenderNumberLength)
        problems["title"] = singleLine(draft.title, required: true, maximum: maximumTitleLength)
        problems["winning_bidder"] = singleLine(draft.winningBidder, required: false, maximum: CustomerRules.maximumNameLength)
        problems["result_reason"] = CustomerRules.check(text: draft.resultReason)
        problems["notes"] = CustomerRules.check(text: draft.notes, maximum: CustomerRules.maximumNotesLength)

        if let amount = draft.bidAmount, amount < 0 { problems["bid_amount"] = .invalidAmount }
        if draft.bondAmount < 0 { problems["bond_amount"] = .invalidAmount }
        if let amount = draft.winningAmount, amount < 0 { problems["winning_amount"] = .invalidAmount }

        if let deadline = draft.submissionDeadline {
            if !draft.openingDate.isEmpty {
                if DayParser.parse(draft.openingDate) == nil { problems["opening_date"] = .invalidDate }
                else if draft.openingDate < calendar.day(deadline) { problems["opening_date"] = .beforeDate("submission_deadline") }
            }
        } else {
            problems["submission_deadline"] = .required
            if !draft.openingDate.isEmpty, DayParser.parse(draft.openingDate) == nil { problems["opening_date"] = .invalidDate }
        }

        // The bond: paid (today unless a day is given), then returned, never returned before it was paid.
        let today = calendar.day(now)
        if draft.bondPaid {
            if draft.bondPaidOn.isEmpty { draft.bondPaidOn = current?.bondPaidOn ?? today }
            if DayParser.parse(draft.bondPaidOn) == nil { problems["bond_paid_on"] = .invalidDate }
        } else {
            draft.bondPaidOn = ""
        }
        if draft.bondReturned {
            if draft.bondReturnedOn.isEmpty { draft.bondReturnedOn = current?.bondReturnedOn ?? today }
            if DayParser.parse(draft.bondReturnedOn) == nil { problems["bond_returned_on"] = .invalidDate }
            else if !draft.bondPaid { problems["bond_returned"] = .notAllowed }
            else if problems["bond_paid_on"] == nil, draft.bondReturnedOn < draft.bondPaidOn { problems["bond_returned_on"] = .beforeDate("bond_paid_on") }
        } else {
            draft.bondReturnedOn = ""
        }

        // The status moves forward only: won and lost after submitting, cancelled before the result.
        if let from = current?.status {
            if draft.status != from, !from.next.contains(draft.status) {
                problems["status"] = .notOneOf(([from] + from.next).map(\.rawValue))
            }
        } else if !BidStatus.initial.contains(draft.status) {
            problems["status"] = .notOneOf(BidStatus.initial.map(\.rawValue))
        }
        if draft.status.wasSubmitted, draft.bidAmount == nil, problems["bid_amount"] == nil { problems["bid_amount"] = .required }
        if draft.status == .lost {
            if draft.resultReason.isEmpty, problems["result_reason"] == nil { problems["result_reason"] = .required }
            if draft.winningBidder.isEmpty, problems["winning_bidder"] == nil { problems["winning_bidder"] = .required }
        }
        if !draft.status.isDecided {
            if !draft.winningBidder.isEmpty, problems["winning_bidder"] == nil { problems["winning_bidder"] = .notAllowed }
            if draft.winningAmount != nil, problems["winning_amount"] == nil { problems["winning_amount"] = .notAllowed }
        }
        if draft.status == .preparing || draft.status == .submitted, !draft.resultReason.isEmpty, problems["result_reason"] == nil {
            problems["result_reason"] = .notAllowed
        }

        if draft.competitors.count > maximumCompetitors {
            problems["competitors"] = .tooMany(maximum: maximumCompetitors)
        } else {
            var seen = Set<String>()
            for index in draft.competitors.indices {
                let name = draft.competitors[index].name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                draft.competitors[index].name = name
                if let problem = singleLine(name, required: true, maximum: CustomerRules.maximumNameLength) {
                    problems["competitors.\(index).name"] = problem
                } else if !seen.insert(competitorKey(name)).inserted {
                    problems["competitors.\(index).name"] = .alreadyTaken
                }
                if let amount = draft.competitors[index].amount, amount < 0 { problems["competitors.\(index).amount"] = .invalidAmount }
            }
        }

        if let id = draft.opportunityID, try await Opportunity.find(id, on: db)?.$customer.id != draft.customerID {
            problems["opportunity_id"] = .unknownReference
        }
        if let owner = draft.ownerID, owner != current?.$owner.id {
            if !actor.access.assignsOwners, owner != actor.userID { problems["owner_id"] = .notAllowed }
            else if try await User.find(owner, on: db)?.active != true { problems["owner_id"] = .unknownReference }
        }
        for (field, problem) in refused.problems { problems[field] = problem }
        try problems.throwIfAny()
        return draft
    }

    private static func singleLine(_ text: String, required: Bool, maximum: Int) -> FieldProblem? {
        if text.isEmpty { return required ? .required : nil }
        if CustomerRules.hasControlCharacter(text, allowingLineBreaks: false) { return .controlCharacter }
        return CustomerRules.check(text: text, maximum: maximum)
    }

    /// The same competitor however its name was spaced or cased: "ABC  Ltd" and "abc ltd" are one.
    public static func competitorKey(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func apply(_ draft: Draft, to bid: Bid, now: Date) {
        bid.$opportunity.id = draft.opportunityID
        bid.tenderNumber = draft.tenderNumber
        bid.title = draft.title
        bid.submissionDeadline = draft.submissionDeadline ?? now
        bid.openingDate = draft.openingDate.isEmpty ? nil : draft.openingDate
        bid.bidAmount = draft.bidAmount
        bid.bondAmount = draft.bondAmount
        bid.bondPaidOn = draft.bondPaid ? draft.bondPaidOn : nil
        bid.bondReturnedOn = draft.bondReturned ? draft.bondReturnedOn : nil
        if bid.$status.value != draft.status {
            if draft.status == .submitted { bid.submittedAt = now }
            if draft.status.isDecided || draft.status == .cancelled { bid.decidedAt = now }
        }
        bid.status = draft.status
        bid.winningBidder = draft.winningBidder
        bid.winningAmount = draft.winningAmount
        bid.resultReason = draft.resultReason
        bid.notes = draft.notes
        bid.$owner.id = draft.ownerID
    }

    static func replaceCompetitors(of bidID: Int64, with competitors: [Competitor], on db: any Database) async throws {
        try await BidCompetitor.query(on: db).filter(\.$bid.$id == bidID).delete()
        for (position, competitor) in competitors.enumerated() {
            let row = BidCompetitor()
            row.$bid.id = bidID
            row.position = position + 1
            row.name = competitor.name
            row.amount = competitor.amount
            try await row.create(on: db)
        }
    }

    /// Competitors as the audit log keeps them: "华为=120000.00; 中兴".
    static func describe(_ competitors: [Competitor]) -> String {
        competitors.map { competitor in competitor.name + (competitor.amount.map { "=" + MinorUnits.format($0) } ?? "") }
            .joined(separator: "; ")
    }

    // MARK: The reminder

    struct Previous: Sendable {
        let deadline: Date
        let ownerID: Int64?
        let status: BidStatus
        let reminderTitle: String
    }

    /// When the owner's reminder falls due: `reminderLeadDays` calendar days before the deadline, or now when that
    /// has passed already (but never after the deadline itself).
    public static func reminderDue(deadline: Date, now: Date, calendar: CompanyCalendar) -> Date {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let lead = gregorian.date(byAdding: .day, value: -reminderLeadDays, to: deadline) ?? deadline.addingTimeInterval(Double(-reminderLeadDays) * 86_400)
        return max(lead, min(now, deadline))
    }

    static func reminder(of bid: Bid, on db: any Database) async throws -> FollowUpTask? {
        guard let id = bid.$reminderTask.id else { return nil }
        return try await FollowUpTask.find(id, on: db)
    }

    static func reminderTitle(_ bid: Bid) -> String {
        let title = "投标截止 Bid deadline: \(bid.tenderNumber) \(bid.title)"
        return title.count > CustomerRules.maximumNameLength ? String(title.prefix(CustomerRules.maximumNameLength)) : title
    }

    /// Keeps the bid's reminder in step with the bid: made with a bid being prepared, moved with its deadline and
    /// owner, done once the bid is handed in or cancelled. A reminder someone deleted comes back only when the deadline moves.
    static func syncReminder(of bid: Bid, previous: Previous?, calendar: CompanyCalendar, by actor: Actor, at now: Date,
                             on db: any Database) async throws {
        let due = reminderDue(deadline: bid.submissionDeadline, now: now, calendar: calendar)
        let title = reminderTitle(bid)
        let deadlineMoved = previous.map { $0.deadline != bid.submissionDeadline } ?? true
        let existing = try await reminder(of: bid, on: db)
        if let task = existing {
            let ownerMoved = previous != nil && previous?.ownerID != bid.$owner.id && bid.$owner.id != nil
            let finished = bid.status != .preparing && task.status == .open
            let renamed = previous.map { $0.reminderTitle != title } ?? false
            guard deadlineMoved || ownerMoved || finished || renamed else { return }
            try await task.updateAudited(version: task.version, by: actor, at: now, on: db) {
                if deadlineMoved { task.dueAt = due; task.remindAt = due }
                if ownerMoved { task.$assignee.id = bid.$owner.id }
                if renamed { task.title = title }
                if finished { task.status = .done; task.completedAt = now }
            }
        } else if bid.status == .preparing, deadlineMoved, let owner = bid.$owner.id {
            let task = FollowUpTask()
            task.$customer.id = bid.$customer.id
            task.$assignee.id = owner
            task.title = title
            task.notes = ""
            task.dueAt = due
            task.remindAt = due
            task.priority = .high
            task.status = .open
            task.$createdBy.id = actor.userID
            try await task.createAudited(by: actor, at: now, on: db)
            bid.$reminderTask.id = try task.requireID()
        }
    }
}

fileprivate extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Bid: AuditedRecord {
    static var auditEntity: String { "bid" }

    var auditSnapshot: [String: String?] {
        ["tender_number": tenderNumber, "title": title, "opportunity_id": $opportunity.id.map(String.init),
         "submission_deadline": ISO8601DateFormatter().string(from: submissionDeadline), "opening_date": openingDate,
         "bid_amount": bidAmount.map(MinorUnits.format), "bond_amount": MinorUnits.format(bondAmount), "bond_paid_on": bondPaidOn,
         "bond_returned_on": bondReturnedOn, "status": status.rawValue, "winning_bidder": winningBidder,
         "winning_amount": winningAmount.map(MinorUnits.format), "result_reason": resultReason, "notes": notes,
         "owner_id": $owner.id.map(String.init)]
    }
}
