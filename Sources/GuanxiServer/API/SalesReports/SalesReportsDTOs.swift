import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct MeasuresBody: Encodable {
    let measures: SalesReport.Measures

    enum CodingKeys: String, CodingKey { case revenue, gross_profit, margin_percent, units, orders, average_order_value, returns }

    func encode(to encoder: any Encoder) throws {
        let m = measures
        try NullEncoding.encode([
            (CodingKeys.revenue, MoneyValue(minorUnits: m.revenue)), (.gross_profit, MoneyValue(minorUnits: m.grossProfit)),
            (.units, QuantityValue(units: m.unitsMilli)), (.orders, m.orders), (.returns, MoneyValue(minorUnits: m.returns)),
        ], nullable: [(.margin_percent, m.marginBasis.map { PercentValue(units: $0) }),
                      (.average_order_value, m.averageOrderValue.map { MoneyValue(minorUnits: $0) })], to: encoder)
    }

    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = [
            ("revenue", .number), ("gross_profit", .number), ("margin_percent", .nullable(.number)), ("units", .number),
            ("orders", .integer(minimum: 0)), ("average_order_value", .nullable(.number)), ("returns", .number),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct SalesReportBody: Encodable, SchemaDescribed {
    let result: SalesReport.Result
    let period: SalesReport.Period
    let dimension: SalesReport.Dimension
    let from: String, to: String

    struct RowBody: Encodable {
        let row: SalesReport.Row

        enum CodingKeys: String, CodingKey { case period, key, label, figures, previous_period, same_period_last_year, target, attainment_percent }

        func encode(to encoder: any Encoder) throws {
            let attainment = row.target.flatMap { LinePricing.share(row.measures.revenue, of: $0) }
            try NullEncoding.encode([
                (CodingKeys.period, row.period), (.key, row.key), (.label, row.label), (.figures, MeasuresBody(measures: row.measures)),
                (.previous_period, MeasuresBody(measures: row.previous)), (.same_period_last_year, MeasuresBody(measures: row.lastYear)),
            ], nullable: [(.target, row.target.map { MoneyValue(minorUnits: $0) }), (.attainment_percent, attainment.map { PercentValue(units: $0) })],
                                    to: encoder)
        }
    }

    enum CodingKeys: String, CodingKey { case period, dimension, from, to, rows, totals, previous_period, same_period_last_year, others_folded }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period.rawValue, forKey: .period)
        try c.encode(dimension.rawValue, forKey: .dimension)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(result.rows.map(RowBody.init), forKey: .rows)
        try c.encode(MeasuresBody(measures: result.totals), forKey: .totals)
        try c.encode(MeasuresBody(measures: result.previousTotals), forKey: .previous_period)
        try c.encode(MeasuresBody(measures: result.lastYearTotals), forKey: .same_period_last_year)
        try c.encode(result.othersFolded, forKey: .others_folded)
    }

    /// The rows as CSV (UTF-8 with BOM) for a spreadsheet.
    func csv() -> Response {
        var text = CSVWriter.row(["period", dimension.rawValue, "revenue", "gross_profit", "margin_percent", "units", "orders",
                                  "average_order_value", "returns", "previous_revenue", "last_year_revenue", "target"])
        for row in result.rows {
            let m = row.measures
            text += CSVWriter.row([row.period, row.label, MinorUnits.format(m.revenue), MinorUnits.format(m.grossProfit),
                                   m.marginBasis.map { DecimalUnits.format($0, decimals: 2) } ?? "", DecimalUnits.format(m.unitsMilli, decimals: 3),
                                   String(m.orders), m.averageOrderValue.map(MinorUnits.format) ?? "", MinorUnits.format(m.returns),
                                   MinorUnits.format(row.previous.revenue), MinorUnits.format(row.lastYear.revenue),
                                   row.target.map(MinorUnits.format) ?? ""])
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"sales-\(from)-\(to).csv\"")
        return Response(status: .ok, headers: headers, body: .init(data: Data(CSVWriter.utf8BOM + Array(text.utf8))))
    }

    static let schemaName = "SalesReport"
    static var schema: JSONSchema {
        let row: [(name: String, schema: JSONSchema)] = [
            ("period", .string()), ("key", .string()), ("label", .string()), ("figures", MeasuresBody.schema),
            ("previous_period", MeasuresBody.schema), ("same_period_last_year", MeasuresBody.schema),
            ("target", .nullable(.number)), ("attainment_percent", .nullable(.number)),
        ]
        let fields: [(name: String, schema: JSONSchema)] = [
            ("period", .enumeration(SalesReport.Period.allCases.map(\.rawValue))),
            ("dimension", .enumeration(SalesReport.Dimension.allCases.map(\.rawValue))),
            ("from", .string(format: "date")), ("to", .string(format: "date")),
            ("rows", .array(.object(row, required: row.map(\.name)))), ("totals", MeasuresBody.schema),
            ("previous_period", MeasuresBody.schema), ("same_period_last_year", MeasuresBody.schema), ("others_folded", .boolean),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct SalesTargetBody: Encodable, SchemaDescribed {
    let target: SalesTarget

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, user_id, team_id, month, amount }

    func encode(to encoder: any Encoder) throws {
        let t = target
        try NullEncoding.encode([
            (CodingKeys.id, try t.requireID()), (.version, t.version), (.created_at, t.createdAt), (.updated_at, t.updatedAt),
            (.month, t.month), (.amount, MoneyValue(minorUnits: t.amount)),
        ], nullable: [(.user_id, t.$user.id), (.team_id, t.$team.id)], to: encoder)
    }

    static let schemaName = "SalesTarget"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + [
            ("user_id", .nullable(.integer(minimum: 1))), ("team_id", .nullable(.integer(minimum: 1))), ("month", .string()), ("amount", .number),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct SalesTargetInputBody: JSONRequestBody {
    let user_id: Int64?
    let team_id: Int64?
    let month: String
    let amount: MoneyValue

    static var acceptedKeys: Set<String> { ["user_id", "team_id", "month", "amount"] }
    static let schemaName = "SalesTargetInput"
    static var schema: JSONSchema {
        .object([("user_id", .id), ("team_id", .id), ("month", .month), ("amount", .money)],
                required: ["month", "amount"])
    }
}
