import Fluent
import Foundation
import GuanxiCore

/// Orders: created by hand, from an accepted quote or by an import; their lines carry the unit cost of the moment,
/// so revenue, cost and profit are known on every order. Orders follow their customer's access.
public struct OrderBook: Sendable {
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
        public var campaignID: Int64?
        /// nil: now.
        public var orderedAt: Date?
        public var status: OrderStatus = .confirmed
        /// A built-in `SalesChannel` code or an active added channel's.
        public var channel = SalesChannel.direct.rawValue
        public var paymentMethod: PaymentMethod = .bankTransfer
        public var paymentTermsDays = 0
        public var deliveryMethod: DeliveryMethod = .courier
        /// YYYY-MM-DD or empty.
        public var promisedShipDate = ""
        public var promisedDeliveryDate = ""
        /// nil: now, when the order moves to shipped / delivered.
        public var shippedAt: Date?
        public var deliveredAt: Date?
        public var notes = ""
        /// nil on a change: the lines stay as they are.
        public var lines: [LineDraft]?
        public init() {}
    }

    public struct Filter: Sendable {
        public var customerID: Int64?
        public var status: OrderStatus?
        /// Orders of customers owned by this user.
        public var ownerID: Int64?
        /// Order day from / to, YYYY-MM-DD, inclusive.
        public var from: String?
        public var to: String?
        public init() {}
    }

    public static let maximumPaymentTermsDays = 365

    public func orders(_ filter: Filter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<Order> {
        let query = try await SalesAccess.scoped(Order.query(on: database), customer: \.$customer, by: actor, on: database)
        if let id = filter.customerID { query.filter(\.$customer.$id == id) }
        if let status = filter.status { query.filter(\.$status == status) }
        if let owner = filter.ownerID { query.filter(Customer.self, \.$owner.$id == owner) }
        if let from = filter.from { query.filter(\.$orderDay >= from) }
        if let to = filter.to { query.filter(\.$orderDay <= to) }
        return try await query.page(after: cursor, limit: limit, order: .newestFirst)
    }

    public func order(id: Int64, by actor: Actor) async throws -> Order {
        try await Self.order(id: id, by: actor, on: database)
    }

    static func order(id: Int64, by actor: Actor, on db: any Database) async throws -> Order {
        guard let order = try await Order.find(id, on: db) else { throw GuanxiError.notFound(entity: "order") }
        _ = try await SalesAccess.visible(order.$customer.id, entity: "order", by: actor, on: db)
        return order
    }

    /// The lines of orders the caller has already been allowed to read, by order (one query).
    public func lines(of orderIDs: [Int64]) async throws -> [Int64: [OrderLine]] {
        guard !orderIDs.isEmpty else { return [:] }
        let lines = try await OrderLine.query(on: database).filter(\.$order.$id ~~ orderIDs).sort(\.$position).all()
        return Dictionary(grouping: lines, by: { $0.$order.id })
    }

    public func create(_ draft: Draft, by actor: Actor) async throws -> Order {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            _ = try await OpportunityBook.writableCustomer(draft.customerID, by: actor, on: db)
            let profile = try await CompanySettings.profile(on: db)
            var problems = try await Self.problems(of: draft, now: now, on: db)
            var lines: [ResolvedLine] = []
            do { lines = try await SalesLineRules.resolve(draft.lines ?? [], mode: profile.taxMode, on: db) }
            catch GuanxiError.invalid(let lineProblems) { for (field, problem) in lineProblems.problems { problems[field] = problem } }
            try problems.throwIfAny()
            return try await Self.insert(draft, lines: lines, quoteID: nil, taxMode: profile.taxMode, prefix: profile.orderPrefix,
                                         calendar: calendar, by: actor, at: now, on: db)
        }
    }

    /// Writes a checked order and its lines under the next number, and updates the customer's figures.
    static func insert(_ draft: Draft, lines: [ResolvedLine], quoteID: Int64?, taxMode: TaxMode, prefix: String,
                       calendar: CompanyCalendar, by actor: Actor, at now: Date, on db: any Database) async throws -> Order {
        let order = Order()
        let orderedAt = draft.orderedAt ?? now
        order.number = try await DocumentSequence.next(.order, year: calendar.year(orderedAt), prefix: prefix, on: db)
        order.$customer.id = draft.customerID
        order.$quote.id = quoteID
        order.taxMode = taxMode
        order.$createdBy.id = actor.userID
        order.returnedNet = 0; order.returnedGross = 0; order.returnedCost = 0; order.paidTotal = 0; order.refundedTotal = 0
        order.status = .draft
        apply(draft, to: order, calendar: calendar, now: now)
        order.setTotals(DocumentTotals(lines.map(\.priced)))
        var belongsTo = ChangeSet()
        belongsTo.note("customer_id", from: nil, to: String(draft.customerID))
        belongsTo.note("number", from: nil, to: order.number)
        try await order.createAudited(noting: belongsTo, by: actor, at: now, on: db)
        try await writeLines(lines, of: try order.requireID(), on: db)
        try await CustomerSalesLedger.refresh(customerID: draft.customerID, on: db)
        return order
    }

    public func update(id: Int64, version: Int, _ draft: Draft, by actor: Actor) async throws -> Order {
        let now = clock.now()
        let calendar = calendar
        return try await database.writeTransaction { db in
            let existing = try await Self.order(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "order", by: actor, on: db)
            var draft = draft
            draft.customerID = existing.$customer.id
            if draft.status != existing.status, !existing.status.next.contains(draft.status) { throw GuanxiError.conflict(reason: .orderStatus) }
            if draft.lines != nil, !existing.status.linesEditable { throw GuanxiError.conflict(reason: .orderNotEditable) }
            var problems = try await Self.problems(of: draft, keepingChannel: existing.channel, now: now, on: db)
            var lines: [ResolvedLine]?
            if let drafts = draft.lines {
                do { lines = try await SalesLineRules.resolve(drafts, mode: existing.taxMode, on: db) }
                catch GuanxiError.invalid(let lineProblems) { for (field, problem) in lineProblems.problems { problems[field] = problem } }
            }
            try problems.throwIfAny()
            try await existing.updateAudited(version: version, by: actor, at: now, on: db) {
                Self.apply(draft, to: existing, calendar: calendar, now: now)
                if let lines {
                    existing.setTotals(DocumentTotals(lines.map(\.priced)))
                    try await OrderLine.query(on: db).filter(\.$order.$id == id).delete()
                    try await Self.writeLines(lines, of: id, on: db)
                }
            }
            try await CustomerSalesLedger.refresh(customerID: existing.$customer.id, on: db)
            return existing
        }
    }

    /// Deletes a draft order; an order that was confirmed is cancelled instead, so its number stays accounted for.
    public func delete(id: Int64, by actor: Actor) async throws {
        let now = clock.now()
        try await database.writeTransaction { db in
            let existing = try await Self.order(id: id, by: actor, on: db)
            _ = try await SalesAccess.writable(existing.$customer.id, entity: "order", by: actor, on: db)
            guard existing.status == .draft else { throw GuanxiError.conflict(reason: .orderNotEditable) }
            try await existing.deleteAudited(naming: "number", existing.number, by: actor, at: now, on: db)
            try await CustomerSalesLedger.refresh(customerID: existing.$customer.id, on: db)
        }
    }

    /// The draft that leaves an order as it is (lines untouched).
    public static func draft(of order: Order) -> Draft {
        var draft = Draft()
        draft.customerID = order.$customer.id
        draft.contactID = order.$contact.id
        draft.opportunityID = order.$opportunity.id
        draft.campaignID = order.campaignID
        draft.orderedAt = order.orderedAt
        draft.status = order.status
        draft.channel = order.channel
        draft.paymentMethod = order.paymentMethod
        draft.paymentTermsDays = order.paymentTermsDays
        draft.deliveryMethod = order.deliveryMethod
        draft.promisedShipDate = order.promisedShipDate ?? ""
        draft.promisedDeliveryDate = order.promisedDeliveryDate ?? ""
        draft.shippedAt = order.shippedAt
        draft.deliveredAt = order.deliveredAt
        draft.notes = order.notes
        return draft
    }

    static func problems(of draft: Draft, keepingChannel current: String? = nil, now: Date, on db: any Database) async throws -> FieldProblems {
        var problems = FieldProblems()
        problems["channel"] = try await SalesChannelBook.problem(with: draft.channel, keeping: current, on: db)
        try await SalesAccess.checkContact(draft.contactID, of: draft.customerID, on: db, into: &problems)
        if let id = draft.opportunityID, try await Opportunity.find(id, on: db)?.$customer.id != draft.customerID {
            problems["opportunity_id"] = .unknownReference
        }
        if !(0...maximumPaymentTermsDays).contains(draft.paymentTermsDays) {
            problems["payment_terms_days"] = .outOfRange(minimum: 0, maximum: maximumPaymentTermsDays)
        }
        for (field, day) in [("promised_ship_date", draft.promisedShipDate), ("promised_delivery_date", draft.promisedDeliveryDate)] {
            if !day.isEmpty, DayParser.parse(day) == nil { problems[field] = .invalidDate }
        }
        problems["notes"] = CustomerRules.check(text: draft.notes, maximum: CustomerRules.maximumNotesLength)
        let orderedAt = draft.orderedAt ?? now
        if let shipped = draft.shippedAt, shipped < orderedAt { problems["shipped_at"] = .beforeDate("ordered_at") }
        if let delivered = draft.deliveredAt, delivered < (draft.shippedAt ?? orderedAt) {
            problems["delivered_at"] = .beforeDate(draft.shippedAt == nil ? "ordered_at" : "shipped_at")
        }
        return problems
    }

    static func apply(_ draft: Draft, to order: Order, calendar: CompanyCalendar, now: Date) {
        order.$contact.id = draft.contactID
        order.$opportunity.id = draft.opportunityID
        order.campaignID = draft.campaignID
        order.orderedAt = draft.orderedAt ?? order.$orderedAt.value ?? now
        order.orderDay = calendar.day(order.orderedAt)
        order.channel = draft.channel
        order.paymentMethod = draft.paymentMethod
        order.paymentTermsDays = draft.paymentTermsDays
        order.dueDate = calendar.day(order.orderDay, plus: draft.paymentTermsDays) ?? order.orderDay
        order.deliveryMethod = draft.deliveryMethod
        order.promisedShipDate = draft.promisedShipDate.isEmpty ? nil : draft.promisedShipDate
        order.promisedDeliveryDate = draft.promisedDeliveryDate.isEmpty ? nil : draft.promisedDeliveryDate
        order.notes = draft.notes
        order.shippedAt = draft.shippedAt
        order.deliveredAt = draft.deliveredAt
        let reached = draft.status
        if [.shipped, .delivered, .completed].contains(reached), order.shippedAt == nil { order.shippedAt = now }
        if [.delivered, .completed].contains(reached), order.deliveredAt == nil { order.deliveredAt = max(now, order.shippedAt ?? now) }
        order.status = reached
    }

    static func writeLines(_ lines: [ResolvedLine], of orderID: Int64, on db: any Database) async throws {
        for (index, line) in lines.enumerated() {
            let record = OrderLine()
            record.$order.id = orderID
            record.fill(with: line, position: index + 1)
            record.returnedQuantityMilli = 0; record.returnedNet = 0; record.returnedGross = 0; record.returnedCost = 0
            try await record.create(on: db)
        }
    }
}

extension Order: AuditedRecord {
    static var auditEntity: String { "order" }

    var auditSnapshot: [String: String?] {
        ["status": status.rawValue, "contact_id": $contact.id.map(String.init), "opportunity_id": $opportunity.id.map(String.init),
         "ordered_at": String(orderedAt.timeIntervalSince1970), "channel": channel, "payment_method": paymentMethod.rawValue,
         "payment_terms_days": String(paymentTermsDays), "delivery_method": deliveryMethod.rawValue,
         "promised_ship_date": promisedShipDate, "promised_delivery_date": promisedDeliveryDate, "notes": notes,
         "gross_total": MinorUnits.format(grossTotal), "paid_total": MinorUnits.format(paidTotal),
         "returned_gross": MinorUnits.format(returnedGross)]
    }
}
