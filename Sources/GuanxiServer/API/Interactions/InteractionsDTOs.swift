import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct InteractionBody: Encodable, SchemaDescribed {
    let interaction: Interaction

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, customer_id, contact_id, user_id, channel, direction, occurred_at
        case duration_seconds, subject, notes, outcome, queue_wait_seconds, abandoned
    }

    func encode(to encoder: any Encoder) throws {
        let i = interaction
        try NullEncoding.encode([
            (CodingKeys.id, try i.requireID()), (.version, i.version), (.created_at, i.createdAt), (.updated_at, i.updatedAt),
            (.customer_id, i.$customer.id), (.channel, i.channel.rawValue), (.direction, i.direction.rawValue),
            (.occurred_at, i.occurredAt), (.duration_seconds, i.durationSeconds), (.subject, i.subject), (.notes, i.notes),
            (.outcome, i.outcome),
        ], nullable: [(.contact_id, i.$contact.id), (.user_id, i.$user.id), (.queue_wait_seconds, i.queueWaitSeconds),
                      (.abandoned, i.abandoned)], to: encoder)
    }

    static let schemaName = "Interaction"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("customer_id", .integer(minimum: 1)), ("contact_id", .nullable(.integer(minimum: 1))), ("user_id", .nullable(.integer(minimum: 1))),
            ("channel", .enumeration(InteractionChannel.allCases.map(\.rawValue))),
            ("direction", .enumeration(InteractionDirection.allCases.map(\.rawValue))), ("occurred_at", .string(format: "date-time")),
            ("duration_seconds", .integer(minimum: 0)), ("subject", .string()), ("notes", .string()), ("outcome", .string()),
            ("queue_wait_seconds", .nullable(.integer(minimum: 0))), ("abandoned", .nullable(.boolean)),
        ], required: recordSchemaRequired + ["customer_id", "contact_id", "user_id", "channel", "direction", "occurred_at",
                                             "duration_seconds", "subject", "notes", "outcome", "queue_wait_seconds", "abandoned"])
    }
}

private let interactionInputFields: [(name: String, schema: JSONSchema)] = [
    ("contact_id", .nullable(.integer(minimum: 1))), ("channel", .enumeration(InteractionChannel.allCases.map(\.rawValue))),
    ("direction", .enumeration(InteractionDirection.allCases.map(\.rawValue))), ("occurred_at", .time),
    ("duration_seconds", .integer(minimum: 0, maximum: InteractionLog.maximumDurationSeconds)),
    ("subject", .text(InteractionLog.maximumLabelLength)), ("notes", .text(CustomerRules.maximumNotesLength)),
    ("outcome", .text(InteractionLog.maximumLabelLength)),
    ("queue_wait_seconds", .nullable(.integer(minimum: 0, maximum: InteractionLog.maximumDurationSeconds))), ("abandoned", .nullable(.boolean)),
]

struct InteractionInputBody: JSONRequestBody {
    let version: Int?
    let contact_id: Int64??, channel: String?, direction: String?, occurred_at: Date?, duration_seconds: Int?
    let subject: String?, notes: String?, outcome: String?, queue_wait_seconds: Int??, abandoned: Bool??

    enum CodingKeys: String, CodingKey {
        case version, contact_id, channel, direction, occurred_at, duration_seconds, subject, notes, outcome, queue_wait_seconds, abandoned
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        contact_id = c.contains(.contact_id) ? .some(try c.decodeIfPresent(Int64.self, forKey: .contact_id)) : nil
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        direction = try c.decodeIfPresent(String.self, forKey: .direction)
        occurred_at = try c.decodeIfPresent(Date.self, forKey: .occurred_at)
        duration_seconds = try c.decodeIfPresent(Int.self, forKey: .duration_seconds)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        queue_wait_seconds = c.contains(.queue_wait_seconds) ? .some(try c.decodeIfPresent(Int.self, forKey: .queue_wait_seconds)) : nil
        abandoned = c.contains(.abandoned) ? .some(try c.decodeIfPresent(Bool.self, forKey: .abandoned)) : nil
    }

    func draft(over base: InteractionLog.Draft, _ problems: inout FieldProblems) -> InteractionLog.Draft {
        var draft = base
        if let contact_id { draft.contactID = contact_id }
        if let channel {
            if let value = InteractionChannel(rawValue: channel) { draft.channel = value }
            else { problems["channel"] = .notOneOf(InteractionChannel.allCases.map(\.rawValue)) }
        }
        if let direction {
            if let value = InteractionDirection(rawValue: direction) { draft.direction = value }
            else { problems["direction"] = .notOneOf(InteractionDirection.allCases.map(\.rawValue)) }
        }
        if let occurred_at { draft.occurredAt = occurred_at }
        if let duration_seconds { draft.durationSeconds = duration_seconds }
        if let subject { draft.subject = subject }
        if let notes { draft.notes = notes }
        if let outcome { draft.outcome = outcome }
        if let queue_wait_seconds { draft.queueWaitSeconds = queue_wait_seconds }
        if let abandoned { draft.abandoned = abandoned }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(interactionInputFields.map(\.name) + ["version"]) }
    static let schemaName = "InteractionInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + interactionInputFields, required: []) }
}
