import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The sales report: revenue, gross profit and margin after returns, orders and average order value of the orders
/// the user may see, by period and one dimension, beside the previous period, the same period a year before and
/// the month's target; a chart of revenue and gross profit by period; and the delivery figures of the same orders.
enum SalesReportPage {
    struct Model: Sendable {
        var period: SalesReport.Period
        var dimension: SalesReport.Dimension
        var from: String
        var to: String
        var report: SalesReport.Result
        var delivery: DeliveryReport.Result
        var channels: SalesChannelNames
        /// Filter values that did not read, shown beside their field; the report then uses the defaults.
        var problems: [String: String]

        /// The filters as a query, for links to the same report.
        var query: [(String, String)] {
            [("period", period.rawValue), ("group_by", dimension.rawValue), ("from", from), ("to", to)]
        }

        /// Reads the filters (period, dimension, from, to); a value that does not read is named and the default used.
        static func load(_ request: Request) async throws -> Model {
            let l = request.localizer
            let calendar = request.guanxi.calendar
            let today = calendar.day(request.guanxi.clock.now())
            var problems: [String: String] = [:]
            func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ fallback: T) -> T where T.RawValue == String {
                guard let text = request.query[String.self, at: name], !text.isEmpty else { return fallback }
                if let value = T(rawValue: text) { return value }
                problems[name] = l.message(for: .notOneOf(T.allCases.map(\.rawValue)))
                return fallback
            }
            func day(_ name: String, _ fallback: String) -> String {
                guard let text = request.query[String.self, at: name], !text.isEmpty else { return fallback }
                if DayParser.parse(text) != nil { return text }
                problems[name] = l.message(for: .invalidDate)
                return fallback
            }
            let period = choice("period", SalesReport.Period.month)
            let dimension = choice("group_by", SalesReport.Dimension.total)
            var from = day("from", String(today.prefix(4)) + "-01-01")
            var to = day("to", today)
            if to < from { swap(&from, &to) }
            // As the API: at most three years after the first day.
            let maximum = SalesReportsAPI.maximumRangeDays
            if let last = calendar.day(from, plus: maximum), to > last {
                problems["to"] = l.message(for: .outOfRange(minimum: 1, maximum: maximum))
                to = last
            }
            let actor = try request.actor()
            let report = try await SalesReport(database: request.db, calendar: calendar)
                .run(period: period, dimension: dimension, from: from, to: to, by: actor)
            let delivery = try await DeliveryReport(database: request.db, calendar: calendar)
                .run(period: period, from: from, to: to, today: today, by: actor)
            return Model(period: period, dimension: dimension, from: from, to: to, report: report, delivery: delivery,
                         channels: try await .load(request.salesChannels), problems: problems)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let totals = model.report.totals
        let periods = SalesReport.Period.allCases.map { ($0.rawValue, l.reportPeriodName($0)) }
        let dimensions = SalesReport.Dimension.allCases.map { ($0.rawValue, l.reportDimensionName($0)) }
        let stats: HTML = """
        <div class="grid" id="report-figures">
          \(stat("revenue", l[.revenue], "¥" + SalesFormat.money(totals.revenue), change(totals.revenue, model.report.lastYearTotals.revenue, l)))
          \(stat("gross-profit", l[.grossProfit], "¥" + SalesFormat.money(totals.grossProfit), change(totals.grossProfit, model.report.lastYearTotals.grossProfit, l)))
          \(stat("margin", l[.marginPercent], SalesFormat.percent(totals.marginBasis), ""))
          \(stat("orders", l[.orderCount], String(totals.orders), change(totals.orders, model.report.lastYearTotals.orders, l)))
          \(stat("average-order", l[.averageOrderValue], totals.averageOrderValue.map { "¥" + SalesFormat.money($0) } ?? l[.none], ""))
        </div>
        """
        let grouped = model.dimension != .total
        let rows: [HTML] = model.report.rows.map { row in
            let m = row.measures
            let attainment = row.target.flatMap { LinePricing.share(m.revenue, of: $0) }
            return """
            <tr><td>\(row.period)</td>\(grouped ? ("<td>\(label(row, model, l))</td>" as HTML) : HTML.empty)\
            \(SalesFormat.cell(m.revenue))\(SalesFormat.cell(m.grossProfit))<td class="num">\(SalesFormat.percent(m.marginBasis))</td>\
            <td class="num">\(m.orders)</td><td class="num">\(changeText(m.revenue, row.previous.revenue, l))</td>\
            <td class="num">\(changeText(m.revenue, row.lastYear.revenue, l))</td>\
            <td class="num">\(row.target.map { "¥" + SalesFormat.money($0) } ?? "")</td><td class="num">\(attainment.map { SalesFormat.percent($0) } ?? "")</td></tr>
            """
        }
        let delivery = model.delivery.totals
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.salesReport)" class="filters" id="report-filters">
            \(Form.select("period", label: l[.reportPeriod], options: periods, selected: model.period.rawValue, errors: model.problems))
            \(Form.select("group_by", label: l[.reportGroupBy], options: dimensions, selected: model.dimension.rawValue, errors: model.problems))
            \(Form.text("from", label: l[.periodFrom], value: model.from, errors: model.problems, type: "date"))
            \(Form.text("to", label: l[.periodTo], value: model.to, errors: model.problems, type: "date"))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <a class="button ghost" id="targets-link" href="\(SitePath.salesTargets)">\(l[.salesTargetsTitle])</a>
          <a class="button ghost" id="report-csv" href="\(SitePath.salesReportExport.with(model.query))">\(l[.exportCSV])</a>
        </div>
        \(stats)
        <p class="hint" id="report-scope">\(l[.reportScope])</p>
        <div class="card" id="report-chart"><h2>\(l[.salesChartTitle])</h2>
          \(PairedBarChart(id: "report-svg", title: l[.salesChartTitle], names: (l[.revenue], l[.grossProfit]),
                           entries: byPeriod(model.report.rows)).html)
          <p class="legend"><span class="swatch amount"></span> \(l[.revenue]) <span class="swatch weighted"></span> \(l[.grossProfit])</p>
        </div>
        <div class="table-card"><table id="report-table">
          <thead><tr><th>\(l[.reportPeriod])</th>\(grouped ? ("<th>\(l.reportDimensionName(model.dimension))</th>" as HTML) : HTML.empty)\
          <th class="num">\(l[.revenue])</th><th class="num">\(l[.grossProfit])</th><th class="num">\(l[.marginPercent])</th>\
          <th class="num">\(l[.orderCount])</th><th class="num">\(l[.vsPreviousPeriod])</th><th class="num">\(l[.vsLastYear])</th>\
          <th class="num">\(l[.salesTarget])</th><th class="num">\(l[.attainment])</th></tr></thead>
          <tbody>\(rows.isEmpty ? ("<tr><td colspan=\"10\" class=\"empty\">\(l[.noSalesInPeriod])</td></tr>" as HTML) : HTML(raw: rows.map(\.raw).joined()))</tbody>
        </table></div>
        \(model.report.othersFolded ? ("<p class=\"hint\" id=\"others-folded\">\(l[.othersFolded])</p>" as HTML) : HTML.empty)
        <div class="card" id="delivery-figures"><h2>\(l[.deliveryTitle])</h2>
          <div class="grid">
            \(stat("delivered", l[.deliveredOrders], String(delivery.delivered), ""))
            \(stat("lead-days", l[.averageLeadDays], delivery.averageLeadDays.map { l(.daysCount, ["n": String(format: "%.1f", $0)]) } ?? l[.none], ""))
            \(stat("on-time", l[.onTimeShare], SalesFormat.percent(delivery.onTimeBasis), ""))
            \(stat("late-undelivered", l[.lateUndelivered], String(model.delivery.lateUndelivered), ""))
          </div>
        </div>
        """
    }

    /// A row's group as the user reads it: a channel by its name in the page's language, nothing as "none".
    private static func label(_ row: SalesReport.Row, _ model: Model, _ l: Localizer) -> String {
        if model.dimension == .channel, !row.label.isEmpty { return model.channels.name(row.label, l) }
        return row.label.isEmpty ? l[.none] : row.label
    }

    private static func stat(_ id: String, _ label: String, _ value: String, _ note: String) -> HTML {
        "<div class=\"stat\" id=\"stat-\(id)\"><div class=\"value\">\(value)</div><div class=\"label\">\(label)\(note)</div></div>"
    }

    /// " · +12.5 % on last year", when there is a year before to compare with.
    private static func change(_ now: Int64, _ before: Int64, _ l: Localizer) -> String {
        guard before != 0 else { return "" }
        return " · " + l(.changeOnLastYear, ["change": changeText(now, before, l)])
    }

    private static func changeText(_ now: Int64, _ before: Int64, _ l: Localizer) -> String {
        guard before != 0, let basis = LinePricing.share(now - before, of: abs(before)) else { return "" }
        return (basis > 0 ? "+" : "") + SalesFormat.percent(basis)
    }

    /// Revenue and gross profit per period, the dimension's rows added up.
    static func byPeriod(_ rows: [SalesReport.Row]) -> [PairedBarChart.Entry] {
        var sums: [String: (Int64, Int64)] = [:]
        for row in rows { sums[row.period, default: (0, 0)].0 += row.measures.revenue; sums[row.period, default: (0, 0)].1 += row.measures.grossProfit }
        return sums.keys.sorted().map { PairedBarChart.Entry(label: $0, first: sums[$0]!.0, second: sums[$0]!.1) }
    }
}
