import Fluent
import Foundation
import GuanxiCore

/// The pipeline seen whole: one column per open stage, and the forecast by expected close month.
public struct PipelineBoard: Sendable {
    public let database: any Database
    public let clock: any TimeSource

    public init(database: any Database, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    public struct Column: Sendable {
        public let stage: PipelineStage
        public let count: Int
        public let amount: Int64
        /// Amount × the stage's probability, to the fen.
        public let weightedAmount: Int64
        /// The first cards by expected close date (soonest first, undated last).
        public let cards: [Opportunity]
    }

    /// The open stages in order, each with its opportunities in the actor's reach narrowed by `filter`.
    public func columns(_ filter: OpportunityBook.Filter, cardsPerColumn: Int = 50, by actor: Actor) async throws -> [Column] {
        let stages = try await PipelineStage.query(on: database).filter(\.$active == true).filter(\.$isWon == false)
            .filter(\.$isLost == false).sort(\.$position).sort(\.$id).all()
        var columns: [Column] = []
        for stage in stages {
            var narrowed = filter
            narrowed.stageID = stage.id
            let query = { () async throws -> QueryBuilder<Opportunity> in
                let scoped = try await SalesAccess.scoped(Opportunity.query(on: database), customer: \.$customer, by: actor, on: database)
                return try await OpportunityBook.narrowed(scoped, narrowed, on: database)
            }
            // The amounts rather than SUM(): PostgreSQL sums BIGINT as NUMERIC, which Fluent's aggregate cannot read back.
            let amounts = try await query().all(\.$amount)
            let count = amounts.count
            let amount = amounts.reduce(0, +)
            let cards = try await query().sort(\.$expectedCloseDate, .ascending).sort(\.$id).limit(cardsPerColumn).all()
            // Undated cards sort first on some databases; the board shows them last.
            let ordered = cards.filter { $0.expectedCloseDate != nil } + cards.filter { $0.expectedCloseDate == nil }
            columns.append(Column(stage: stage, count: count, amount: amount,
                                  weightedAmount: Self.weighted(amount, probability: stage.probability), cards: ordered))
        }
        return columns
    }

    static func weighted(_ amount: Int64, probability: Int) -> Int64 {
        LinePricing.proportion(amount, part: Int64(probability), of: 100)
    }

    /// One month of the forecast.
    public struct Month: Sendable, Equatable {
        /// YYYY-MM.
        public let month: String
        public var count = 0
        public var amount: Int64 = 0
        public var weightedAmount: Int64 = 0
    }

    public struct Forecast: Sendable {
        /// Open opportunities by expected close month, from the first month to the last of the period.
        public let months: [Month]
        /// Opportunities closed in the period, won and lost.
        public let won: Int
        public let lost: Int
        /// won / (won + lost), hundredths of a percent; nil when none closed.
        public var winRateBasis: Int64? { LinePricing.share(Int64(won), of: Int64(won + lost)) }
        /// Average days from creation to winning, of those won in the period.
        public let averageCycleDays: Double?
        public let wonAmount: Int64
    }

    /// The forecast of the months `from`…`to` (YYYY-MM-DD, inclusive) for the opportunities `filter` selects.
    public func forecast(_ filter: OpportunityBook.Filter, from: String, to: String, calendar: CompanyCalendar,
                         by actor: Actor) async throws -> Forecast {
        var open = filter
        open.openOnly = true
        open.closeFrom = from
        open.closeTo = to
        let scopedOpen = try await SalesAccess.scoped(Opportunity.query(on: database), customer: \.$customer, by: actor, on: database)
        let opportunities = try await OpportunityBook.narrowed(scopedOpen, open, on: database).all()
        let stages = try await PipelineStage.query(on: database).all()
        let probability = Dictionary(uniqueKeysWithValues: stages.compactMap { stage in stage.id.map { ($0, stage.probability) } })
        var months: [String: Month] = [:]
        for month in Self.months(from: from, to: to) { months[month] = Month(month: month) }
        for opportunity in opportunities {
            guard let day = opportunity.expectedCloseDate else { continue }
            let key = String(day.prefix(7))
            var month = months[key] ?? Month(month: key)
            month.count += 1
            month.amount += opportunity.amount
            month.weightedAmount += Self.weighted(opportunity.amount, probability: probability[opportunity.$stage.id] ?? 0)
            months[key] = month
        }
        var closed = filter
        closed.closeFrom = nil
        closed.closeTo = nil
        let scopedClosed = try await SalesAccess.scoped(Opportunity.query(on: database), customer: \.$customer, by: actor, on: database)
        var closedQuery = try await OpportunityBook.narrowed(scopedClosed, closed, on: database)
        if let start = calendar.start(of: from) { closedQuery = closedQuery.filter(\.$closedAt >= start) }
        if let end = calendar.day(to, plus: 1).flatMap(calendar.start(of:)) { closedQuery = closedQuery.filter(\.$closedAt < end) }
        let finished = try await closedQuery.all()
        let wonStages = Set(stages.filter(\.isWon).compactMap(\.id)), lostStages = Set(stages.filter(\.isLost).compactMap(\.id))
        let won = finished.filter { wonStages.contains($0.$stage.id) }
        let lost = finished.filter { lostStages.contains($0.$stage.id) }
        let cycles = won.compactMap { opportunity in opportunity.closedAt.map { $0.timeIntervalSince(opportunity.createdAt) / 86_400 } }
        return Forecast(months: months.values.sorted { $0.month < $1.month }, won: won.count, lost: lost.count,
                        averageCycleDays: cycles.isEmpty ? nil : cycles.reduce(0, +) / Double(cycles.count),
                        wonAmount: won.reduce(0) { $0 + $1.amount })
    }

    /// YYYY-MM of every month from the day `from` to the day `to`.
    static func months(from: String, to: String) -> [String] {
        guard let start = DayParser.parse(from), let end = DayParser.parse(to) else { return [] }
        var (year, month) = (start.year, start.month)
        var out: [String] = []
        while (year, month) <= (end.year, end.month), out.count < 240 {
            out.append(String(format: "%04d-%02d", year, month))
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return out
    }
}
