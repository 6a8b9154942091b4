import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Sales figures (销售情况) over the orders a user may see: revenue and gross profit after returns, units, orders,
/// average order value and returns, by period × one dimension, each beside the previous period and the same
/// period a year before, and beside the month's target where the dimension is a rep or a team.
public struct SalesReport: Sendable {
    public let database: any Database
    public let calendar: CompanyCalendar

    public init(database: any Database, calendar: CompanyCalendar) {
        self.database = database
        self.calendar = calendar
    }

    public enum Period: String, CaseIterable, Sendable { case day, week, month, quarter, year }

    public enum Dimension: String, CaseIterable, Sendable {
        case total, product, category, channel, region, industry, owner, team, customer

        /// The SQL of the grouping key (our own constants, never user input).
        var keySQL: String {
            switch self {
            case .total: "''"
            case .product: "COALESCE(CAST(l.product_id AS TEXT), '')"
            case .category: "COALESCE(p.category, '')"
            case .channel: "o.channel"
            case .region: "c.region"
            case .industry: "c.industry"
            case .owner: "COALESCE(CAST(c.owner_id AS TEXT), '')"
            case .team: "COALESCE(CAST(u.team_id AS TEXT), '')"
            case .customer: "CAST(o.customer_id AS TEXT)"
            }
        }
    }

    public struct Measures: Sendable, Equatable {
        public var revenue: Int64 = 0
        public var grossProfit: Int64 = 0
        public var unitsMilli: Int64 = 0
        public var orders: Int64 = 0
        /// Net value of the goods returned.
        public var returns: Int64 = 0

        public init() {}

        public var marginBasis: Int64? { LinePricing.share(grossProfit, of: revenue) }
        public var averageOrderValue: Int64? { orders == 0 ? nil : LinePricing.proportion(revenue, part: 1, of: orders) }

        mutating func add(_ other: Measures) {
            revenue += other.revenue; grossProfit += other.grossProfit; unitsMilli += other.unitsMilli
            orders += other.orders; returns += other.returns
        }
    }

    public struct Row: Sendable {
        /// The period's key: 2026-10-03, 2026-W40, 2026-10, 2026-Q4, 2026.
        public let period: String
        /// The dimension's value (a product or user id as text, a region, a channel…); empty for none.
        public let key: String
        public var label: String
        public let measures: Measures
        public let previous: Measures
        public let lastYear: Measures
        /// The target of the rep or team for the month, when there is one.
        public var target: Int64?
    }

    public struct Result: Sendable {
        public let rows: [Row]
        public let totals: Measures
        public let previousTotals: Measures
        public let lastYearTotals: Measures
        /// Dimension values beyond the largest ones by revenue were added up under one "others" key.
        public let othersFolded: Bool
    }

    /// The most dimension values a report lists; the rest are folded into `otherKey`.
    public static let maximumKeys = 100
    public static let otherKey = "*"

    public func run(period: Period, dimension: Dimension, from: String, to: String, by actor: Actor) async throws -> Result {
        guard let fromStart = calendar.start(of: from), DayParser.parse(to) != nil else { throw GuanxiError.invalid(FieldProblems()) }
        // A year and one period back covers every comparison of the first period.
        let fetchFrom = calendar.day(Calendar.gregorian(calendar.timeZone).date(byAdding: .day, value: -400, to: fromStart) ?? fromStart)
        let daily = try await dailyFigures(dimension: dimension, from: fetchFrom, to: to, by: actor)
        var buckets: [String: [String: Measures]] = [:]
        var keyRevenue: [String: Int64] = [:]
        for (day, key, measures) in daily {
            let bucket = Self.bucket(day, period)
            buckets[bucket, default: [:]][key, default: Measures()].add(measures)
            if day >= from { keyRevenue[key, default: 0] += measures.revenue }
        }
        // Fold the long tail of keys (customers, products) into one.
        let kept = Set(keyRevenue.sorted { $0.value > $1.value }.prefix(Self.maximumKeys).map(\.key))
        let folded = keyRevenue.count > Self.maximumKeys
        if folded {
            for (bucket, byKey) in buckets {
                var merged: [String: Measures] = [:]
                for (key, measures) in byKey { merged[kept.contains(key) ? key : Self.otherKey, default: Measures()].add(measures) }
                buckets[bucket] = merged
            }
        }
        let periods = Self.periods(from: from, to: to, period, calendar: calendar)
        var rows: [Row] = []
        var totals = Measures(), previousTotals = Measures(), lastYearTotals = Measures()
        for bucket in periods {
            let keys = Set((buckets[bucket] ?? [:]).keys)
            let previous = Self.shift(bucket, period, back: false), lastYear = Self.shift(bucket, period, back: true)
            for key in keys.sorted(by: { (buckets[bucket]?[$0]?.revenue ?? 0) > (buckets[bucket]?[$1]?.revenue ?? 0) }) {
                let measures = buckets[bucket]?[key] ?? Measures()
                let before = buckets[previous]?[key] ?? Measures(), yearBefore = buckets[lastYear]?[key] ?? Measures()
                rows.append(Row(period: bucket, key: key, label: key, measures: measures, previous: before, lastYear: yearBefore))
                totals.add(measures); previousTotals.add(before); lastYearTotals.add(yearBefore)
            }
        }
        rows = try await labelled(rows, dimension)
        if period == .month, dimension == .owner || dimension == .team { rows = try await withTargets(rows, dimension) }
        return Result(rows: rows, totals: totals, previousTotals: previousTotals, lastYearTotals: lastYearTotals, othersFolded: folded)
    }

    /// The figures per day and key of the orders in reach; one grouped query over the lines.
    func dailyFigures(dimension: Dimension, from: String, to: String, by actor: Actor) async throws -> [(String, String, Measures)] {
        let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: database)
        let statuses = CustomerSalesLedger.saleStatuses
        var query = SQLQueryString("""
            SELECT o.order_day AS day, \(unsafeRaw: dimension.keySQL) AS k, COUNT(DISTINCT o.id) AS orders,
                   CAST(COALESCE(SUM(l.net_amount - l.returned_net), 0) AS BIGINT) AS revenue,
                   CAST(COALESCE(SUM(l.net_amount - l.returned_net - l.cost_amount + l.returned_cost), 0) AS BIGINT) AS profit,
                   CAST(COALESCE(SUM(l.quantity_milli - l.returned_quantity_milli), 0) AS BIGINT) AS units,
                   CAST(COALESCE(SUM(l.returned_net), 0) AS BIGINT) AS returns
            FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN customers c ON c.id = o.customer_id
            """)
        if dimension == .category { query.appendLiteral(" LEFT JOIN products p ON p.id = l.product_id") }
        if dimension == .team { query.appendLiteral(" LEFT JOIN users u ON u.id = c.owner_id") }
        query.appendLiteral(" WHERE o.status IN (\(statuses)) AND o.order_day >= ")
        query.appendInterpolation(bind: from)
        query.appendLiteral(" AND o.order_day <= ")
        query.appendInterpolation(bind: to)
        Self.limit(&query, toOwners: owners)
        // PostgreSQL refuses a constant in GROUP BY: the total groups by day alone.
        query.appendLiteral(dimension == .total ? " GROUP BY o.order_day" : " GROUP BY o.order_day, \(dimension.keySQL)")
        let rows = try await database.sql().raw(query).all()
        return try rows.map { row in
            var measures = Measures()
            measures.orders = try row.decode(column: "orders", as: Int64.self)
            measures.revenue = try row.decode(column: "revenue", as: Int64.self)
            measures.grossProfit = try row.decode(column: "profit", as: Int64.self)
            measures.unitsMilli = try row.decode(column: "units", as: Int64.self)
            measures.returns = try row.decode(column: "returns", as: Int64.self)
            return (try row.decode(column: "day", as: String.self), try row.decode(column: "k", as: String?.self) ?? "", measures)
        }
    }

    /// Narrows a query over customers `c` to those owned by `owners` (nil: everyone's).
    static func limit(_ query: inout SQLQueryString, toOwners owners: [Int64]?) {
        guard let owners else { return }
        query.appendLiteral(owners.isEmpty ? " AND 1 = 0" : " AND c.owner_id IN (")
        for (index, owner) in owners.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: owner)
        }
        if !owners.isEmpty { query.appendLiteral(")") }
    }

    private func labelled(_ rows: [Row], _ dimension: Dimension) async throws -> [Row] {
        let ids = Array(Set(rows.compactMap { Int64($0.key) }))
        var names: [String: String] = [:]
        switch dimension {
        case .product where !ids.isEmpty:
            for product in try await Product.query(on: database).filter(\.$id ~~ ids).all() { names[String(product.id ?? 0)] = product.name }
        case .owner where !ids.isEmpty:
            for user in try await User.query(on: database).filter(\.$id ~~ ids).all() { names[String(user.id ?? 0)] = user.displayName }
        case .team where !ids.isEmpty:
            for team in try await Team.query(on: database).filter(\.$id ~~ ids).all() { names[String(team.id ?? 0)] = team.name }
        case .customer where !ids.isEmpty:
            for customer in try await Customer.query(on: database).filter(\.$id ~~ ids).all() { names[String(customer.id ?? 0)] = customer.name }
        default: break
        }
        return rows.map { row in
            var row = row
            if let name = names[row.key] { row.label = name }
            return row
        }
    }

    private func withTargets(_ rows: [Row], _ dimension: Dimension) async throws -> [Row] {
        guard let first = rows.map(\.period).min(), let last = rows.map(\.period).max() else { return rows }
        let targets = try await SalesTarget.query(on: database).filter(\.$month >= first).filter(\.$month <= last).all()
        var byKey: [String: Int64] = [:]
        for target in targets {
            if dimension == .owner, let user = target.$user.id { byKey["\(target.month)|\(user)"] = target.amount }
            if dimension == .team, target.$user.id == nil, let team = target.$team.id { byKey["\(target.month)|\(team)"] = target.amount }
        }
        return rows.map { row in
            var row = row
            row.target = byKey["\(row.period)|\(row.key)"]
            return row
        }
    }

    // MARK: Periods

    /// The period a day (YYYY-MM-DD) falls in.
    static func bucket(_ day: String, _ period: Period) -> String {
        guard let (year, month, dayOfMonth) = DayParser.parse(day) else { return day }
        switch period {
        case .day: return day
        case .month: return String(day.prefix(7))
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: return String(year)
        case .week:
            let (weekYear, week) = isoWeek(year: year, month: month, day: dayOfMonth)
            return String(format: "%04d-W%02d", weekYear, week)
        }
    }

    /// The period before (`back` false) or a year before (`back` true).
    static func shift(_ bucket: String, _ period: Period, back yearBack: Bool) -> String {
        switch period {
        case .day:
            guard let (y, m, d) = DayParser.parse(bucket) else { return bucket }
            if yearBack { return String(format: "%04d-%02d-%02d", y - 1, m, min(d, DayParser.daysIn(month: m, year: y - 1))) }
            let ordinal = dayNumber(year: y, month: m, day: d) - 1
            let (py, pm, pd) = civil(ordinal)
            return String(format: "%04d-%02d-%02d", py, pm, pd)
        case .week:
            let parts = bucket.split(separator: "-W")
            guard parts.count == 2, let y = Int(parts[0]), let w = Int(parts[1]) else { return bucket }
            if yearBack { return String(format: "%04d-W%02d", y - 1, w) }
            if w > 1 { return String(format: "%04d-W%02d", y, w - 1) }
            return String(format: "%04d-W%02d", y - 1, isoWeeks(in: y - 1))
        case .month:
            guard let y = Int(bucket.prefix(4)), let m = Int(bucket.suffix(2)) else { return bucket }
            if yearBack { return String(format: "%04d-%02d", y - 1, m) }
            return m == 1 ? String(format: "%04d-12", y - 1) : String(format: "%04d-%02d", y, m - 1)
        case .quarter:
            guard let y = Int(bucket.prefix(4)), let q = Int(bucket.suffix(1)) else { return bucket }
            if yearBack { return "\(y - 1)-Q\(q)" }
            return q == 1 ? "\(y - 1)-Q4" : "\(y)-Q\(q - 1)"
        case .year:
            return String((Int(bucket) ?? 0) - 1)
        }
    }

    /// Every period from the one holding `from` to the one holding `to`, in order.
    static func periods(from: String, to: String, _ period: Period, calendar: CompanyCalendar) -> [String] {
        guard let start = DayParser.parse(from), let end = DayParser.parse(to) else { return [] }
        var out: [String] = []
        var ordinal = dayNumber(year: start.year, month: start.month, day: start.day)
        let last = dayNumber(year: end.year, month: end.month, day: end.day)
        while ordinal <= last {
            let (y, m, d) = civil(ordinal)
            let bucket = Self.bucket(String(format: "%04d-%02d-%02d", y, m, d), period)
            if out.last != bucket { out.append(bucket) }
            ordinal += 1
        }
        return out
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO 8601 week-numbering year and week of a date.
    static func isoWeek(year: Int, month: Int, day: Int) -> (Int, Int) {
        let ordinal = dayNumber(year: year, month: month, day: day)
        let weekday = ((ordinal % 7) + 10) % 7 + 1 // 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday)
        let thursday = ordinal - weekday + 4
        let (thursdayYear, _, _) = civil(thursday)
        let week = (thursday - dayNumber(year: thursdayYear, month: 1, day: 1)) / 7 + 1
        return (thursdayYear, week)
    }

    static func isoWeeks(in year: Int) -> Int {
        isoWeek(year: year, month: 12, day: 28).1
    }
}

extension Calendar {
    static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
