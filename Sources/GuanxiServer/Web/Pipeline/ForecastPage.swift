import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The sales forecast: open opportunities by expected close month (count, amount, weighted amount) as a table and
/// a bar chart, with the win rate and the average sales cycle of the period, for the board's filters.
enum ForecastPage {
    struct Model: Sendable {
        var filters: PipelineFilters
        var from: String
        var to: String
        var forecast: PipelineBoard.Forecast
        var owners: [(value: String, label: String)]
        var teams: [Team]

        static func load(_ request: Request) async throws -> Model {
            let filters = PipelineFilters(request)
            let calendar = request.guanxi.calendar
            let (defaultFrom, defaultTo) = defaultPeriod(today: calendar.day(request.guanxi.clock.now()), calendar: calendar)
            let given = { (name: String) in request.query[String.self, at: name].flatMap { DayParser.parse($0) == nil ? nil : $0 } }
            var from = given("period_from") ?? defaultFrom
            var to = given("period_to") ?? defaultTo
            if to < from { swap(&from, &to) }
            let forecast = try await request.pipeline.forecast(filters.filter, from: from, to: to, calendar: calendar, by: try request.actor())
            return Model(filters: filters, from: from, to: to, forecast: forecast, owners: try await SalesLookup.activeUsers(on: request.db),
                         teams: try await Team.query(on: request.db).sort(\.$name).all())
        }

        /// This month and the next five: the first day of this month to the last day of the sixth.
        static func defaultPeriod(today: String, calendar: CompanyCalendar) -> (String, String) {
            guard let (year, month, _) = DayParser.parse(today) else { return (today, today) }
            let from = String(format: "%04d-%02d-01", year, month)
            let later = month + 6
            let next = String(format: "%04d-%02d-01", year + (later - 1) / 12, (later - 1) % 12 + 1)
            return (from, calendar.day(next, plus: -1) ?? next)
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let forecast = model.forecast
        let noErrors: [String: String] = [:]
        let rows: [HTML] = forecast.months.map { month in
            "<tr><td>\(month.month)</td><td class=\"num\">\(month.count)</td>\(SalesFormat.cell(month.amount))\(SalesFormat.cell(month.weightedAmount))</tr>"
        }
        let total = forecast.months.reduce(into: (count: 0, amount: Int64(0), weighted: Int64(0))) {
            $0.count += $1.count; $0.amount += $1.amount; $0.weighted += $1.weightedAmount
        }
        let cycle = forecast.averageCycleDays.map { l(.daysCount, ["n": String(format: "%.1f", $0)]) } ?? l[.none]
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.pipelineForecast)" class="filters" id="forecast-filters">
            \(PipelineFilters.fields(model.filters, owners: model.owners, teams: model.teams, withDates: false, l: l))
            \(Form.text("period_from", label: l[.periodFrom], value: model.from, errors: noErrors, type: "date"))
            \(Form.text("period_to", label: l[.periodTo], value: model.to, errors: noErrors, type: "date"))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <a class="button ghost" href="\(SitePath.pipeline.with(model.filters.query))" id="board-link">\(l[.boardLink])</a>
        </div>
        <div class="grid" id="forecast-figures">
          <div class="stat"><div class="value" id="win-rate">\(SalesFormat.percent(forecast.winRateBasis))</div><div class="label">\(l[.winRate])</div></div>
          <div class="stat"><div class="value" id="average-cycle">\(cycle)</div><div class="label">\(l[.averageCycle])</div></div>
          <div class="stat"><div class="value" id="won-count">\(forecast.won)</div><div class="label">\(l[.wonInPeriod]) · ¥\(SalesFormat.money(forecast.wonAmount))</div></div>
          <div class="stat"><div class="value" id="lost-count">\(forecast.lost)</div><div class="label">\(l[.lostInPeriod])</div></div>
        </div>
        <div class="card" id="forecast-chart"><h2>\(l[.forecastChartTitle])</h2>
          \(PairedBarChart(id: "forecast-svg", title: l[.forecastChartTitle], names: (l[.amount], l[.weightedAmount]),
                           entries: forecast.months.map { .init(label: $0.month, first: $0.amount, second: $0.weightedAmount) }).html)
          <p class="legend"><span class="swatch amount"></span> \(l[.amount]) <span class="swatch weighted"></span> \(l[.weightedAmount])</p>
        </div>
        <div class="table-card"><table id="forecast-table">
          <thead><tr><th>\(l[.month])</th><th class="num">\(l[.count])</th><th class="num">\(l[.amount])</th><th class="num">\(l[.weightedAmount])</th></tr></thead>
          <tbody>\(rows)</tbody>
          <tfoot><tr class="grand"><th>\(l[.grossTotal])</th><td class="num">\(total.count)</td>\(SalesFormat.cell(total.amount, id: "forecast-total"))\(SalesFormat.cell(total.weighted, id: "forecast-weighted"))</tr></tfoot>
        </table></div>
        """
    }
}
