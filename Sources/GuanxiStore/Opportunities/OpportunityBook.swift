import Fluent
import Foundation
import GuanxiCore

/// Opportunities and their stage history. They follow their customer's access; the owner is the rep working it
/// (the customer's owner unless a manager assigns someone else).
public struct OpportunityBook: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Draft: Sendable {
        public var customerID: Int64 = 0
        public var contactID: Int64?
        public var title = ""
        public var amount: Int64 = 0
        /// YYYY-MM-DD or empty.
        public var expectedCloseDate = ""
        /// nil: the customer's owner (or the creator).
        public var ownerID: Int64?
        public var source = ""
        public var nextStep = ""
        public var competitors = ""
        /// nil: the first open stage.
        public var stageID: Int64?
        public var lostReason = ""
        public init() {}
    }

    /// What a list of opportunities is narrowed to.
    public struct Filter: Sendable {
        public var customerID: Int64?
        public var ownerID: Int64?
        /// Opportunities owned by a member of this team.
        public var teamID: Int64?
        public var stageID: Int64?
        public var openOnly = false
        /// Expected close date from / to, YYYY-MM-DD, both inclusive.
        public var closeFrom: String?
        public var closeTo: String?
        public init() {}
    }

    public func opportunities(_ filter: Filter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<Opportunity> {
        var query = try await SalesAccess.scoped(Opportunity.query(on: database), customer: \.$customer, by: actor, on: database)
        query = try await Self.narrowed(query, filter, on: database)
        return try await query.page(after: cursor, limit: limit, order: .newestFirst)
    }

    static func narrowed(_ query: QueryBuilder<Opportunity>, _ filter: Filter, on db: any Database) async throws -> QueryBuilder<Opportunity> {
        if let id = filter.customerID { query.filter(\.$customer.$id == id) }
        if let id = filter.ownerID { query.filter(\.$owner.$id == id) }
        if let team = filter.teamID {
            let members = try await User.query(on: db).filter(\.$team.$id == team).all(\.$id)
            query.filter(\.$owner.$id ~~ members)
        }
        if let id = filter.stageID { query.filter(\.$stage.$id == id) }
        if filter.openOnly { query.filter(\.$closedAt == nil) }
        if let from = filter.closeFrom { query.filter(\.$expectedCloseDate >= from) }
        if let to = filter.closeTo { query.filter(\.$expectedCloseDate <= to) }
        return query
    }

    public func opportunity(id: Int64, by actor: Actor) async throws -> Opportunity {
        try await Self.opportunity(id: id, by: actor, on: database)
    }

    static func opportunity(id: Int64, by actor: Actor, on db: any Database) async throws -> Opportunity {
        guard let opportunity = try await Opportunity.find(id, on: db) else { throw GuanxiError.notFound(entity: "opportunity") }
        _ = try await SalesAccess.visible(opportunity.$customer.id, entity: "opportunity", by: actor, on: db)
        return opportunity
    }

    /// Its moves from stage to stage, oldest first.
    public func history(of id: Int64, by actor: Actor) async throws -> [OpportunityStageChange] {
        _ = try await opportunity(id: id, by: actor)
        return try await OpportunityStageChange.query(on: database).filter(\.$opportunity.$id == id)
            .sort(\.$changedAt).sort(\.$id).all()
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> Opportunity {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let customer = try await Self.writableCustomer(draft.customerID, by: actor, on: db)
            var draft = draft
            if draft.ownerID == nil { draft.ownerID = customer.$owner.id ?? actor.userID }
            let (checked, stage) = try await Self.validated(draft, current: nil, by: actor, on: db)
            let opportunity = Opportunity()
            opportunity.$customer.id = checked.customerID
            opportunity.$createdBy.id = actor.userID
            opportunity.stageEnteredAt = now
            Self.apply(checked, stage: stage, to: opportunity, now: now)
            var belongsTo = ChangeSet()
            belongsTo.note("customer_id", from: nil, to: String(checked.customerID))
            try await opportunity.createAudited(noting: belongsTo, by: actor, at: now, on: db)
            try await Self.recordMove(of: opportunity, from: nil, by: actor, at: now, on: db)
            return opportunity
        }
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Opportunity {
        let now = clock.now()
        return try await database.writeTransaction { db in
            let existing = try await Self.opportunity(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "opportunity", by: actor, on: db)
            var draft = draft
            draft.customerID = existing.$customer.id
            let (checked, stage) = try await Self.validated(draft, current: existing, by: actor, on: db)
            let previousStage = existing.$stage.id
            try await existing.updateAudited(version: version, by: actor, at: now, on: db) {
                Self.apply(checked, stage: stage, to: existing, now: now)
            }
            if previousStage != existing.$stage.id {
                try await Self.recordMove(of: existing, from: previousStage, by: actor, at: now, on: db)
            }
            return existing
        }
    }

    /// Moves an opportunity to another stage (the pipeline board's one action).
    public func move(id: Int64, version: Int, toStage stageID: Int64, lostReason: String?, by actor: Actor) async throws -> Opportunity {
        let existing = try await opportunity(id: id, by: actor)
        var draft = Self.draft(of: existing)
        draft.stageID = stageID
        if let lostReason { draft.lostReason = lostReason }
        return try await update(id: id, version: version, draft, by: actor)
    }

    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let existing = try await Self.opportunity(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "opportunity", by: actor, on: db)
            try await existing.deleteAudited(naming: "title", existing.title, by: actor, at: now, on: db)
        }
    }

    /// The draft that leaves an opportunity as it is: a patch applies its fields over it.
    public static func draft(of opportunity: Opportunity) -> Draft {
        var draft = Draft()
        draft.customerID = opportunity.$customer.id
        draft.contactID = opportunity.$contact.id
        draft.title = opportunity.title
        draft.amount = opportunity.amount
        draft.expectedCloseDate = opportunity.expectedCloseDate ?? ""
        draft.ownerID = opportunity.$owner.id
        draft.source = opportunity.source
        draft.nextStep = opportunity.nextStep
        draft.competitors = opportunity.competitors
        draft.stageID = opportunity.$stage.id
        draft.lostReason = opportunity.lostReason
        return draft
    }

    /// Whether an open opportunity has seen no activity (an edit of it, an interaction with its customer) for the
    /// company's number of days.
    public static func isStale(_ opportunity: Opportunity, customerLastInteraction: Date?, now: Date, days: Int) -> Bool {
        guard opportunity.closedAt == nil else { return false }
        let lastActivity = max(opportunity.updatedAt, customerLastInteraction ?? .distantPast)
        return now.timeIntervalSince(lastActivity) > Double(days) * 86_400
    }

    static func writableCustomer(_ id: Int64, by actor: Actor, on db: any Database) async throws -> Customer {
        do {
            return try await CustomerAccess.writableCustomer(id, by: actor, on: db)
        } catch GuanxiError.notFound {
            var problems = FieldProblems()
            problems["customer_id"] = .unknownReference
            throw GuanxiError.invalid(problems)
        }
    }

    public static let maximumTitleLength = 200

    /// Every rule of an opportunity at once; the stage it goes to.
    static func validated(_ draft: Draft, current: Opportunity?, by actor: Actor, on db: any Database) async throws -> (Draft, PipelineStage) {
        var draft = draft
        var problems = FieldProblems()
        draft.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.source = draft.source.trimmingCharacters(in: .whitespaces)
        draft.nextStep = draft.nextStep.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.competitors = draft.competitors.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.lostReason = draft.lostReason.trimmingCharacters(in: .whitespacesAndNewlines)
        draft.expectedCloseDate = draft.expectedCloseDate.trimmingCharacters(in: .whitespaces)
        if draft.title.isEmpty { problems["title"] = .required }
        else { problems["title"] = CustomerRules.check(text: draft.title, maximum: maximumTitleLength) }
        if problems["title"] == nil, CustomerRules.hasControlCharacter(draft.title, allowingLineBreaks: false) { problems["title"] = .controlCharacter }
        if draft.amount < 0 { problems["amount"] = .invalidAmount }
        problems["source"] = CustomerRules.check(text: draft.source, maximum: 100)
        problems["next_step"] = CustomerRules.check(text: draft.nextStep)
        problems["competitors"] = CustomerRules.check(text: draft.competitors)
        problems["lost_reason"] = CustomerRules.check(text: draft.lostReason)
        if !draft.expectedCloseDate.isEmpty, DayParser.parse(draft.expectedCloseDate) == nil { problems["expected_close_date"] = .invalidDate }
        try await SalesAccess.checkContact(draft.contactID, of: draft.customerID, on: db, into: &problems)
        if let owner = draft.ownerID, owner != current?.$owner.id {
            if !actor.access.assignsOwners, owner != actor.userID { problems["owner_id"] = .notAllowed }
            else if try await User.find(owner, on: db)?.active != true { problems["owner_id"] = .unknownReference }
        }
        let stage: PipelineStage?
        if let id = draft.stageID {
            stage = try await PipelineStage.find(id, on: db)
            if stage == nil || (stage?.active == false && id != current?.$stage.id) { problems["stage_id"] = .unknownReference }
        } else {
            stage = try await PipelineStage.query(on: db).filter(\.$active == true).filter(\.$isWon == false)
                .filter(\.$isLost == false).sort(\.$position).first()
            if stage == nil { problems["stage_id"] = .required }
        }
        if let stage, stage.isLost, draft.lostReason.isEmpty, problems["lost_reason"] == nil { problems["lost_reason"] = .required }
        try problems.throwIfAny()
        guard let stage else { throw GuanxiError.invalid(problems) }
        return (draft, stage)
    }

    static func apply(_ draft: Draft, stage: PipelineStage, to opportunity: Opportunity, now: Date) {
        opportunity.$contact.id = draft.contactID
        opportunity.title = draft.title
        opportunity.amount = draft.amount
        opportunity.expectedCloseDate = draft.expectedCloseDate.isEmpty ? nil : draft.expectedCloseDate
        opportunity.$owner.id = draft.ownerID
        opportunity.source = draft.source
        opportunity.nextStep = draft.nextStep
        opportunity.competitors = draft.competitors
        if opportunity.$stage.$id.value != stage.id {
            opportunity.stageEnteredAt = now
            opportunity.closedAt = stage.isOpen ? nil : now
        }
        opportunity.$stage.id = stage.id ?? 0
        // A reason stays only with a lost opportunity; a reopened one starts over.
        opportunity.lostReason = stage.isLost ? draft.lostReason : ""
    }

    static func recordMove(of opportunity: Opportunity, from: Int64?, by actor: Actor, at now: Date, on db: any Database) async throws {
        let change = OpportunityStageChange()
        change.$opportunity.id = try opportunity.requireID()
        change.$fromStage.id = from
        change.$toStage.id = opportunity.$stage.id
        change.$changedBy.id = actor.userID
        change.changedAt = now
        try await change.create(on: db)
    }
}

extension Opportunity: AuditedRecord {
    static var auditEntity: String { "opportunity" }

    var auditSnapshot: [String: String?] {
        ["title": title, "amount": MinorUnits.format(amount), "expected_close_date": expectedCloseDate,
         "owner_id": $owner.id.map(String.init), "contact_id": $contact.id.map(String.init), "source": source,
         "next_step": nextStep, "competitors": competitors, "stage_id": String($stage.id), "lost_reason": lostReason]
    }
}
