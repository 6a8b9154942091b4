import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Delivery figures (seed 004 asks for delivery speed) over the orders a user may see: how long orders took from
/// order to delivery and how many arrived by the promised day, by the period of their order day; and how many
/// orders are past their promised day and still not delivered.
public struct DeliveryReport: Sendable {
    public let database: any Database
    public let calendar: CompanyCalendar

    public init(database: any Database, calendar: CompanyCalendar) {
        self.database = database
        self.calendar = calendar
    }

    public struct Measures: Sendable, Equatable {
        /// Orders delivered (of those ordered in the period).
        public var delivered: Int64 = 0
        /// Seconds from order to delivery, summed over the delivered orders.
        public var leadSeconds: Double = 0
        /// Delivered orders that had a promised delivery day.
        public var promised: Int64 = 0
        /// Of those, the ones delivered on or before that day (in the company's time zone).
        public var onTime: Int64 = 0

        /// Average days from order to delivery, nil when nothing was delivered.
        public var averageLeadDays: Double? { delivered == 0 ? nil : leadSeconds / Double(delivered) / 86_400 }
        /// On-time share in hundredths of a percent (10000 = 100 %), nil when no delivery had a promise.
        public var onTimeBasis: Int64? { LinePricing.share(onTime, of: promised) }

        mutating func add(_ other: Measures) {
            delivered += other.delivered; leadSeconds += other.leadSeconds; promised += other.promised; onTime += other.onTime
        }
    }

    public struct Row: Sendable {
        public let period: String
        public let measures: Measures
    }

    public struct Result: Sendable {
        public let rows: [Row]
        public let totals: Measures
        /// Orders (of those ordered in the period) whose promised day has passed and that are still not delivered.
        public let lateUndelivered: Int64
    }

    public func run(period: SalesReport.Period, from: String, to: String, today: String, by actor: Actor) async throws -> Result {
        let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: database)
        let sql = try database.sql()
        let sqlite = sql.dialect.name == "sqlite"
        // SQLite keeps times as seconds since 1970 and has no time zones: it shifts by the zone's offset now, which
        // is exact for zones without summer time (China's among them). PostgreSQL converts each time exactly.
        let offset = calendar.timeZone.secondsFromGMT()
        var query = SQLQueryString("SELECT o.order_day AS day, COUNT(*) AS delivered, ")
        query.appendLiteral(sqlite ? "SUM(o.delivered_at - o.ordered_at)" : "SUM(EXTRACT(EPOCH FROM (o.delivered_at - o.ordered_at)))::DOUBLE PRECISION")
        query.appendLiteral(" AS lead, SUM(CASE WHEN o.promised_delivery_date IS NULL THEN 0 ELSE 1 END) AS promised, SUM(CASE WHEN ")
        if sqlite {
            query.appendLiteral("date(o.delivered_at + \(offset), 'unixepoch')")
        } else {
            query.appendLiteral("to_char(o.delivered_at AT TIME ZONE ")
            query.appendInterpolation(bind: calendar.timeZone.identifier)
            query.appendLiteral(", 'YYYY-MM-DD')")
        }
        query.appendLiteral(" <= o.promised_delivery_date THEN 1 ELSE 0 END) AS on_time")
        appendScope(&query, deliveredOnly: true, from: from, to: to, owners: owners)
        query.appendLiteral(" GROUP BY o.order_day")
        var buckets: [String: Measures] = [:]
        for row in try await sql.raw(query).all() {
            var measures = Measures()
            measures.delivered = try row.decode(column: "delivered", as: Int64.self)
            measures.leadSeconds = try row.decode(column: "lead", as: Double?.self) ?? 0
            measures.promised = try row.decode(column: "promised", as: Int64?.self) ?? 0
            measures.onTime = try row.decode(column: "on_time", as: Int64?.self) ?? 0
            buckets[SalesReport.bucket(try row.decode(column: "day", as: String.self), period), default: Measures()].add(measures)
        }
        var late = SQLQueryString("SELECT COUNT(*) AS late")
        appendScope(&late, deliveredOnly: false, from: from, to: to, owners: owners)
        late.appendLiteral(" AND o.promised_delivery_date < ")
        late.appendInterpolation(bind: today)
        let lateUndelivered = try await sql.raw(late).first()?.decode(column: "late", as: Int64.self) ?? 0
        var totals = Measures()
        let rows = SalesReport.periods(from: from, to: to, period, calendar: calendar).map { bucket in
            let measures = buckets[bucket] ?? Measures()
            totals.add(measures)
            return Row(period: bucket, measures: measures)
        }
        return Result(rows: rows, totals: totals, lateUndelivered: lateUndelivered)
    }

    /// FROM and WHERE: sold orders of the visible customers ordered between `from` and `to`, delivered or not yet.
    private func appendScope(_ query: inout SQLQueryString, deliveredOnly: Bool, from: String, to: String, owners: [Int64]?) {
        query.appendLiteral(" FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status IN (\(CustomerSalesLedger.saleStatuses))")
        query.appendLiteral(deliveredOnly ? " AND o.delivered_at IS NOT NULL" : " AND o.delivered_at IS NULL")
        query.appendLiteral(" AND o.order_day >= ")
        query.appendInterpolation(bind: from)
        query.appendLiteral(" AND o.order_day <= ")
        query.appendInterpolation(bind: to)
        SalesReport.limit(&query, toOwners: owners)
    }
}
