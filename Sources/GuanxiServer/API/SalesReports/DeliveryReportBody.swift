import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `GET /reports/delivery`: lead time and on-time rate by period of the order day.
struct DeliveryReportBody: Encodable, SchemaDescribed {
    let result: DeliveryReport.Result
    let period: SalesReport.Period
    let from: String, to: String

    struct MeasuresBody: Encodable {
        let measures: DeliveryReport.Measures

        enum CodingKeys: String, CodingKey { case delivered_orders, promised_orders, on_time_orders, on_time_percent, average_lead_days }

        func encode(to encoder: any Encoder) throws {
            let m = measures
            // Days to two places: finer would claim a precision the recorded delivery times do not have.
            let lead = m.averageLeadDays.map { ($0 * 100).rounded() / 100 }
            try NullEncoding.encode([
                (CodingKeys.delivered_orders, m.delivered), (.promised_orders, m.promised), (.on_time_orders, m.onTime),
            ], nullable: [(.on_time_percent, m.onTimeBasis.map { PercentValue(units: $0) }), (.average_lead_days, lead)], to: encoder)
        }

        static var fields: [(name: String, schema: JSONSchema)] {
            [("delivered_orders", .integer(minimum: 0)), ("promised_orders", .integer(minimum: 0)), ("on_time_orders", .integer(minimum: 0)),
             ("on_time_percent", .nullable(.number)), ("average_lead_days", .nullable(.number))]
        }
    }

    struct RowBody: Encodable {
        let row: DeliveryReport.Row

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: JSONKey.self)
            try c.encode(row.period, forKey: JSONKey("period"))
            try MeasuresBody(measures: row.measures).encode(to: encoder)
        }
    }

    enum CodingKeys: String, CodingKey { case period, from, to, rows, totals, late_undelivered }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period.rawValue, forKey: .period)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(result.rows.map(RowBody.init), forKey: .rows)
        try c.encode(MeasuresBody(measures: result.totals), forKey: .totals)
        try c.encode(result.lateUndelivered, forKey: .late_undelivered)
    }

    static let schemaName = "DeliveryReport"
    static var schema: JSONSchema {
        let row = [("period", JSONSchema.string())] + MeasuresBody.fields
        let fields: [(name: String, schema: JSONSchema)] = [
            ("period", .enumeration(SalesReport.Period.allCases.map(\.rawValue))),
            ("from", .string(format: "date")), ("to", .string(format: "date")),
            ("rows", .array(.object(row, required: row.map(\.name)))),
            ("totals", .object(MeasuresBody.fields, required: MeasuresBody.fields.map(\.name))),
            ("late_undelivered", .integer(minimum: 0)),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}
