import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/reports/sales` and `/sales-targets`.
enum SalesReportsAPI {
    static func register(_ api: APIBuilder) {
        let periods = SalesReport.Period.allCases.map(\.rawValue), dimensions = SalesReport.Dimension.allCases.map(\.rawValue)
        api.on(.init(.GET, "/reports/sales", operationID: "getSalesReport",
                     summary: "Revenue, gross profit and margin after returns, units, orders, average order value and returns of the orders you may see, by period × one dimension, each beside the previous period and the same period a year before (a rep's report covers their own customers)",
                     tag: "reports", access: .signedIn, reach: .everyone,
                     query: [.init(name: "group_by", description: "A period (\(periods.joined(separator: ", "))), optionally a comma and a dimension (\(dimensions.joined(separator: ", "))), e.g. month,region",
                                   schema: .enumeration(periods + periods.flatMap { period in dimensions.map { "\(period),\($0)" } })),
                             .day("from", "First day (default: the first of this year)"), .lastDay("Last day (default: today); at most 3 years after from", days: maximumRangeDays),
                             .init(name: "format", description: "json (default) or csv", schema: .enumeration(["json", "csv"]))],
                     responses: [.init(.ok, "The report", schemaName: SalesReportBody.schemaName, alternatives: [("text/csv", "SalesReportCSV")])])) { request in
            let (period, dimension) = try groupBy(request)
            let (from, to) = try range(request)
            let format = try strictFormat(request)
            let result = try await SalesReport(database: request.db, calendar: request.guanxi.calendar)
                .run(period: period, dimension: dimension, from: from, to: to, by: request.actor())
            let body = SalesReportBody(result: result, period: period, dimension: dimension, from: from, to: to)
            return format == "csv" ? body.csv() : try .json(body)
        }
        api.on(.init(.GET, "/reports/delivery", operationID: "getDeliveryReport",
                     summary: "Delivery speed of the orders you may see, by the period of their order day: orders delivered, average days from order to delivery, the share delivered by the promised day (in the company's time zone), and orders past their promised day still undelivered",
                     tag: "reports", access: .signedIn, reach: .everyone,
                     query: [.init(name: "group_by", description: "A period: \(periods.joined(separator: ", "))", schema: .enumeration(periods)),
                             .day("from", "First order day (default: the first of this year)"), .lastDay("Last order day (default: today); at most 3 years after from", days: maximumRangeDays)],
                     responses: [.init(.ok, "The figures", schemaName: DeliveryReportBody.schemaName)])) { request in
            let text = try request.strictQuery()["group_by"] ?? "month"
            guard let period = SalesReport.Period(rawValue: text) else {
                throw RequestProblem.badQuery(name: "group_by", message: request.localizer.message(for: .notOneOf(periods)))
            }
            let (from, to) = try range(request)
            let calendar = request.guanxi.calendar
            let result = try await DeliveryReport(database: request.db, calendar: calendar)
                .run(period: period, from: from, to: to, today: calendar.day(request.guanxi.clock.now()), by: request.actor())
            return try .json(DeliveryReportBody(result: result, period: period, from: from, to: to))
        }
        api.on(.init(.GET, "/sales-targets", operationID: "listSalesTargets", summary: "Monthly revenue targets of reps and teams",
                     tag: "reports", access: .signedIn, reach: .everyone,
                     query: [.init(name: "from", description: "First month, YYYY-MM", schema: .month),
                             .init(name: "to", description: "Last month, YYYY-MM", schema: .month, rule: "not before from")],
                     responses: [.init(.ok, "The targets", schemaName: "SalesTargetList")])) { request in
            let query = try request.strictQuery()
            for name in ["from", "to"] where query[name].map({ DayParser.parse($0 + "-01") == nil || $0.count != 7 }) == true {
                throw RequestProblem.badQuery(name: name, message: request.localizer.message(for: .invalidDate))
            }
            let targets = try await SalesTargets(database: request.db, clock: request.guanxi.clock)
                .targets(from: query["from"] ?? "0000-01", to: query["to"] ?? "9999-12")
            return try .json(ListBody(Page(items: targets, next: nil), SalesTargetBody.init))
        }
        api.on(.init(.PUT, "/sales-targets", operationID: "setSalesTarget",
                     summary: "Set a month's target of one rep (user_id) or one team (team_id), replacing the one there was (administrators; managers for their own team)",
                     tag: "reports", access: .signedIn, reach: .salesTargets, request: SalesTargetInputBody.schemaName,
                     responses: [.init(.ok, "The target", schemaName: SalesTargetBody.schemaName),
                                 .init(.forbidden, "Only administrators, and managers for their own team", schemaName: ErrorBody.schemaName)], rules: [.init(["user_id", "team_id"], "exactly one of them, naming an existing user or team")])) { request in
            let body = try request.decodeJSON(SalesTargetInputBody.self)
            var draft = SalesTargets.Draft()
            draft.userID = body.user_id; draft.teamID = body.team_id; draft.month = body.month; draft.amount = body.amount.minorUnits
            let target = try await SalesTargets(database: request.db, clock: request.guanxi.clock).set(draft, by: request.actor())
            return try .json(SalesTargetBody(target: target))
        }
        api.on(.init(.DELETE, "/sales-targets/{id}", operationID: "deleteSalesTarget", summary: "Remove a target", tag: "reports",
                     access: .signedIn, reach: .salesTargets, responses: [.init(.noContent, "Deleted", schemaName: nil),
                                                    .init(.forbidden, "Only administrators, and managers for their own team", schemaName: ErrorBody.schemaName)])) { request in
            try await SalesTargets(database: request.db, clock: request.guanxi.clock).delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    static func groupBy(_ request: Request) throws -> (SalesReport.Period, SalesReport.Dimension) {
        let text = try request.strictQuery()["group_by"] ?? "month"
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let period = SalesReport.Period(rawValue: parts[0]),
              let dimension = parts.count == 2 ? SalesReport.Dimension(rawValue: parts[1]) : .total
        else {
            let choices = SalesReport.Period.allCases.map(\.rawValue) + SalesReport.Dimension.allCases.map { "month,\($0.rawValue)" }
            throw RequestProblem.badQuery(name: "group_by", message: request.localizer.message(for: .notOneOf(choices)))
        }
        return (period, dimension)
    }

    /// A report's `from` and `to` days: this year so far by default, `to` not before `from`, at most three years.
    /// How many days after its first a report may reach: three years.
    static let maximumRangeDays = 3 * 366

    static func range(_ request: Request) throws -> (from: String, to: String) {
        let calendar = request.guanxi.calendar
        let today = calendar.day(request.guanxi.clock.now())
        let from = try request.dayQuery("from") ?? String(today.prefix(4)) + "-01-01"
        let to = try request.dayQuery("to") ?? today
        guard to >= from else { throw RequestProblem.badQuery(name: "to", message: request.localizer.message(for: .beforeDate("from"))) }
        guard let last = calendar.day(from, plus: maximumRangeDays), to <= last else {
            throw RequestProblem.badQuery(name: "to", message: request.localizer.message(for: .outOfRange(minimum: 1, maximum: maximumRangeDays)))
        }
        return (from, to)
    }

    static func strictFormat(_ request: Request) throws -> String {
        let format = try request.strictQuery()["format"] ?? "json"
        guard format == "json" || format == "csv" else {
            throw RequestProblem.badQuery(name: "format", message: request.localizer.message(for: .notOneOf(["json", "csv"])))
        }
        return format
    }

    static let components: [(String, JSONSchema)] = [
        (SalesReportBody.schemaName, SalesReportBody.schema), ("SalesReportCSV", .string()),
        (DeliveryReportBody.schemaName, DeliveryReportBody.schema),
        (SalesTargetBody.schemaName, SalesTargetBody.schema), (SalesTargetInputBody.schemaName, SalesTargetInputBody.schema),
        ("SalesTargetList", ListBody<SalesTargetBody>.schema(of: SalesTargetBody.schemaName)),
    ]
}

extension Reach {
    /// Setting and removing targets: administrators any, managers those of themselves and their team's reps (own and
    /// team: the target's rep), nobody else.
    static let salesTargets = Reach(byOwnership: true) { role, ownership in
        switch (role, ownership) {
        case (.admin, _): .allowed
        case (.manager, .own), (.manager, .team): .allowed
        default: .forbidden
        }
    }
}
