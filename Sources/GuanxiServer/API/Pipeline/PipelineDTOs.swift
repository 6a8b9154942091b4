import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct StageBody: Encodable, SchemaDescribed {
    let stage: PipelineStage

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, name_en, name_zh, position, probability, is_won, is_lost, active
    }

    func encode(to encoder: any Encoder) throws {
        let s = stage
        try NullEncoding.encode([
            (CodingKeys.id, try s.requireID()), (.version, s.version), (.created_at, s.createdAt), (.updated_at, s.updatedAt),
            (.name_en, s.nameEnglish), (.name_zh, s.nameChinese), (.position, s.position), (.probability, s.probability),
            (.is_won, s.isWon), (.is_lost, s.isLost), (.active, s.active),
        ], nullable: [], to: encoder)
    }

    static let schemaName = "PipelineStage"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + StageInputBody.fields
        return .object(fields, required: fields.map(\.name))
    }
}

struct StageInputBody: JSONRequestBody {
    let version: Int?
    let present: Set<String>
    private let values: PipelineStageBook.Draft

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("name_en", .name(60)), ("name_zh", .name(60)), ("position", .integer(minimum: 1, maximum: 1000)),
        ("probability", .integer(minimum: 0, maximum: 100)), ("is_won", .boolean), ("is_lost", .boolean), ("active", .boolean),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        version = try c.decodeIfPresent(Int.self, forKey: JSONKey("version"))
        var draft = PipelineStageBook.Draft()
        var present = Set<String>()
        if let v = try c.decodeIfPresent(String.self, forKey: JSONKey("name_en")) { draft.nameEnglish = v; present.insert("name_en") }
        if let v = try c.decodeIfPresent(String.self, forKey: JSONKey("name_zh")) { draft.nameChinese = v; present.insert("name_zh") }
        if let v = try c.decodeIfPresent(Int.self, forKey: JSONKey("position")) { draft.position = v; present.insert("position") }
        if let v = try c.decodeIfPresent(Int.self, forKey: JSONKey("probability")) { draft.probability = v; present.insert("probability") }
        if let v = try c.decodeIfPresent(Bool.self, forKey: JSONKey("is_won")) { draft.isWon = v; present.insert("is_won") }
        if let v = try c.decodeIfPresent(Bool.self, forKey: JSONKey("is_lost")) { draft.isLost = v; present.insert("is_lost") }
        if let v = try c.decodeIfPresent(Bool.self, forKey: JSONKey("active")) { draft.active = v; present.insert("active") }
        values = draft
        self.present = present
    }

    func draft(over base: PipelineStageBook.Draft = .init()) -> PipelineStageBook.Draft {
        var draft = base
        if present.contains("name_en") { draft.nameEnglish = values.nameEnglish }
        if present.contains("name_zh") { draft.nameChinese = values.nameChinese }
        if present.contains("position") { draft.position = values.position }
        if present.contains("probability") { draft.probability = values.probability }
        if present.contains("is_won") { draft.isWon = values.isWon }
        if present.contains("is_lost") { draft.isLost = values.isLost }
        if present.contains("active") { draft.active = values.active }
        return draft
    }

    static func draft(of stage: PipelineStage) -> PipelineStageBook.Draft {
        var draft = PipelineStageBook.Draft()
        draft.nameEnglish = stage.nameEnglish; draft.nameChinese = stage.nameChinese; draft.position = stage.position
        draft.probability = stage.probability; draft.isWon = stage.isWon; draft.isLost = stage.isLost; draft.active = stage.active
        return draft
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "PipelineStageInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + fields, required: []) }
}

struct PipelineBody: Encodable, SchemaDescribed {
    let columns: [PipelineBoard.Column]

    struct ColumnBody: Encodable {
        let stage_id: Int64, name_en: String, name_zh: String, probability: Int, count: Int
        let amount: MoneyValue, weighted_amount: MoneyValue
    }

    enum CodingKeys: String, CodingKey { case stages, count, amount, weighted_amount }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns.map { column in
            ColumnBody(stage_id: column.stage.id ?? 0, name_en: column.stage.nameEnglish, name_zh: column.stage.nameChinese,
                       probability: column.stage.probability, count: column.count, amount: MoneyValue(minorUnits: column.amount),
                       weighted_amount: MoneyValue(minorUnits: column.weightedAmount))
        }, forKey: .stages)
        try c.encode(columns.reduce(0) { $0 + $1.count }, forKey: .count)
        try c.encode(MoneyValue(minorUnits: columns.reduce(0) { $0 + $1.amount }), forKey: .amount)
        try c.encode(MoneyValue(minorUnits: columns.reduce(0) { $0 + $1.weightedAmount }), forKey: .weighted_amount)
    }

    static let schemaName = "Pipeline"
    static var schema: JSONSchema {
        let column: [(name: String, schema: JSONSchema)] = [
            ("stage_id", .integer(minimum: 1)), ("name_en", .string()), ("name_zh", .string()), ("probability", .integer(minimum: 0, maximum: 100)),
            ("count", .integer(minimum: 0)), ("amount", .number), ("weighted_amount", .number),
        ]
        return .object([("stages", .array(.object(column, required: column.map(\.name)))), ("count", .integer(minimum: 0)),
                        ("amount", .number), ("weighted_amount", .number)],
                       required: ["stages", "count", "amount", "weighted_amount"])
    }
}

struct ForecastBody: Encodable, SchemaDescribed {
    let forecast: PipelineBoard.Forecast
    let from: String, to: String

    struct MonthBody: Encodable { let month: String, count: Int, amount: MoneyValue, weighted_amount: MoneyValue }

    enum CodingKeys: String, CodingKey { case from, to, months, won, lost, win_rate, average_cycle_days, won_amount }

    func encode(to encoder: any Encoder) throws {
        try NullEncoding.encode([
            (CodingKeys.from, from), (.to, to),
            (.months, forecast.months.map { MonthBody(month: $0.month, count: $0.count, amount: MoneyValue(minorUnits: $0.amount),
                                                      weighted_amount: MoneyValue(minorUnits: $0.weightedAmount)) }),
            (.won, forecast.won), (.lost, forecast.lost), (.won_amount, MoneyValue(minorUnits: forecast.wonAmount)),
        ], nullable: [(.win_rate, forecast.winRateBasis.map { PercentValue(units: $0) }),
                      (.average_cycle_days, forecast.averageCycleDays.map { (($0 * 10).rounded() / 10) })], to: encoder)
    }

    static let schemaName = "Forecast"
    static var schema: JSONSchema {
        let month: [(name: String, schema: JSONSchema)] = [
            ("month", .string()), ("count", .integer(minimum: 0)), ("amount", .number), ("weighted_amount", .number),
        ]
        let fields: [(name: String, schema: JSONSchema)] = [
            ("from", .string(format: "date")), ("to", .string(format: "date")),
            ("months", .array(.object(month, required: month.map(\.name)))), ("won", .integer(minimum: 0)), ("lost", .integer(minimum: 0)),
            ("win_rate", .nullable(.number)), ("average_cycle_days", .nullable(.number)), ("won_amount", .number),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}
