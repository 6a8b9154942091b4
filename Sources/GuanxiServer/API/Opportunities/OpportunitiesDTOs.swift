import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// An opportunity with what the API says about it beyond its columns: its stage's figures and whether it is stale.
struct OpportunityBody: Encodable, SchemaDescribed {
    let opportunity: Opportunity
    let stage: PipelineStage?
    let isStale: Bool

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, customer_id, contact_id, title, amount, expected_close_date, owner_id, source
        case next_step, competitors, stage_id, probability, weighted_amount, is_open, lost_reason, stage_entered_at, closed_at, is_stale
    }

    func encode(to encoder: any Encoder) throws {
        let o = opportunity
        let probability = stage?.probability ?? 0
        try NullEncoding.encode([
            (CodingKeys.id, try o.requireID()), (.version, o.version), (.created_at, o.createdAt), (.updated_at, o.updatedAt),
            (.customer_id, o.$customer.id), (.title, o.title), (.amount, MoneyValue(minorUnits: o.amount)), (.source, o.source),
            (.next_step, o.nextStep), (.competitors, o.competitors), (.stage_id, o.$stage.id), (.probability, probability),
            (.weighted_amount, MoneyValue(minorUnits: LinePricing.proportion(o.amount, part: Int64(probability), of: 100))),
            (.is_open, o.closedAt == nil), (.lost_reason, o.lostReason), (.stage_entered_at, o.stageEnteredAt), (.is_stale, isStale),
        ], nullable: [(.contact_id, o.$contact.id), (.expected_close_date, o.expectedCloseDate), (.owner_id, o.$owner.id),
                      (.closed_at, o.closedAt)], to: encoder)
    }

    static let schemaName = "Opportunity"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + [
            ("customer_id", .integer(minimum: 1)), ("contact_id", .nullable(.integer(minimum: 1))), ("title", .string()),
            ("amount", .number), ("expected_close_date", .nullable(.string(format: "date"))), ("owner_id", .nullable(.integer(minimum: 1))),
            ("source", .string()), ("next_step", .string()), ("competitors", .string()), ("stage_id", .integer(minimum: 1)),
            ("probability", .integer(minimum: 0, maximum: 100)), ("weighted_amount", .number), ("is_open", .boolean),
            ("lost_reason", .string()), ("stage_entered_at", .string(format: "date-time")),
            ("closed_at", .nullable(.string(format: "date-time"))), ("is_stale", .boolean),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct OpportunityInputBody: JSONRequestBody {
    let version: Int?
    let customerID: Int64?
    private let edits: [@Sendable (inout OpportunityBook.Draft) -> Void]

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("customer_id", .id), ("contact_id", .nullable(.id)), ("title", .name(OpportunityBook.maximumTitleLength)),
        ("amount", .money), ("expected_close_date", .nullable(.day)), ("owner_id", .id),
        ("source", .text(100)), ("next_step", .text()), ("competitors", .text()), ("stage_id", .id),
        ("lost_reason", .text()),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        func key(_ name: String) -> JSONKey { JSONKey(name) }
        version = try c.decodeIfPresent(Int.self, forKey: key("version"))
        customerID = try c.decodeIfPresent(Int64.self, forKey: key("customer_id"))
        var edits: [@Sendable (inout OpportunityBook.Draft) -> Void] = []
        if let value = customerID { edits.append { $0.customerID = value } }
        if c.contains(key("contact_id")) { let value = try c.decodeIfPresent(Int64.self, forKey: key("contact_id")); edits.append { $0.contactID = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("title")) { edits.append { $0.title = value } }
        if let value = try c.decodeIfPresent(MoneyValue.self, forKey: key("amount")) { edits.append { $0.amount = value.minorUnits } }
        if c.contains(key("expected_close_date")) {
            let value = try c.decodeIfPresent(String.self, forKey: key("expected_close_date")) ?? ""
            edits.append { $0.expectedCloseDate = value }
        }
        if let value = try c.decodeIfPresent(Int64.self, forKey: key("owner_id")) { edits.append { $0.ownerID = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("source")) { edits.append { $0.source = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("next_step")) { edits.append { $0.nextStep = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("competitors")) { edits.append { $0.competitors = value } }
        if let value = try c.decodeIfPresent(Int64.self, forKey: key("stage_id")) { edits.append { $0.stageID = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("lost_reason")) { edits.append { $0.lostReason = value } }
        self.edits = edits
    }

    func draft(over base: OpportunityBook.Draft = .init()) -> OpportunityBook.Draft {
        var draft = base
        for edit in edits { edit(&draft) }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "OpportunityInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + fields, required: []) }
}

struct StageChangeBody: Encodable {
    let change: OpportunityStageChange

    enum CodingKeys: String, CodingKey { case from_stage_id, to_stage_id, changed_by_id, changed_at }

    func encode(to encoder: any Encoder) throws {
        try NullEncoding.encode([(CodingKeys.to_stage_id, change.$toStage.id), (.changed_at, change.changedAt)],
                                nullable: [(.from_stage_id, change.$fromStage.id), (.changed_by_id, change.$changedBy.id)], to: encoder)
    }

    static let schemaName = "StageChange"
    static var schema: JSONSchema {
        .object([("from_stage_id", .nullable(.integer(minimum: 1))), ("to_stage_id", .integer(minimum: 1)),
                 ("changed_by_id", .nullable(.integer(minimum: 1))), ("changed_at", .string(format: "date-time"))],
                required: ["from_stage_id", "to_stage_id", "changed_by_id", "changed_at"])
    }
}

/// Wraps opportunities with their stages and staleness, loading what that needs for a whole page at once.
struct OpportunityPresenter {
    let stages: [Int64: PipelineStage]
    let lastInteraction: [Int64: Date]
    let staleDays: Int
    let now: Date

    static func load(for opportunities: [Opportunity], _ request: Request) async throws -> OpportunityPresenter {
        let stages = try await request.stages.stages()
        let customerIDs = Array(Set(opportunities.map(\.$customer.id)))
        let customers = customerIDs.isEmpty ? [] : try await Customer.query(on: request.db).filter(\.$id ~~ customerIDs).all()
        let profile = try await request.companySettings.profile()
        return OpportunityPresenter(
            stages: Dictionary(uniqueKeysWithValues: stages.compactMap { stage in stage.id.map { ($0, stage) } }),
            lastInteraction: Dictionary(uniqueKeysWithValues: customers.compactMap { customer in
                customer.lastInteractionAt.flatMap { at in customer.id.map { ($0, at) } }
            }),
            staleDays: profile.staleOpportunityDays, now: request.guanxi.clock.now())
    }

    func body(_ opportunity: Opportunity) -> OpportunityBody {
        OpportunityBody(opportunity: opportunity, stage: stages[opportunity.$stage.id],
                        isStale: OpportunityBook.isStale(opportunity, customerLastInteraction: lastInteraction[opportunity.$customer.id],
                                                         now: now, days: staleDays))
    }
}
