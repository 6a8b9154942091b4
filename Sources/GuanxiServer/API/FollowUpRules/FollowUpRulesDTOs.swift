import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct FollowUpRuleBody: Encodable, SchemaDescribed {
    let rule: FollowUpRule

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, name, trigger, days, tag, stage, channel, task_title, priority, active
    }

    func encode(to encoder: any Encoder) throws {
        let r = rule
        try NullEncoding.encode([
            (CodingKeys.id, try r.requireID()), (.version, r.version), (.created_at, r.createdAt), (.updated_at, r.updatedAt),
            (.name, r.name), (.trigger, r.trigger.rawValue), (.days, r.days), (.task_title, r.taskTitle),
            (.priority, r.priority.rawValue), (.active, r.active),
        ], nullable: [(.tag, r.tag), (.stage, r.stage?.rawValue), (.channel, r.channel?.rawValue)], to: encoder)
    }

    static let schemaName = "FollowUpRule"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("name", .string()), ("trigger", .enumeration(FollowUpTrigger.allCases.map(\.rawValue))), ("days", .integer(minimum: 1)),
            ("tag", .nullable(.string())), ("stage", .nullable(.enumeration(LifecycleStage.allCases.map(\.rawValue)))),
            ("channel", .nullable(.enumeration(InteractionChannel.allCases.map(\.rawValue)))), ("task_title", .string()),
            ("priority", .enumeration(TaskPriority.allCases.map(\.rawValue))), ("active", .boolean),
        ], required: recordSchemaRequired + ["name", "trigger", "days", "tag", "stage", "channel", "task_title", "priority", "active"])
    }
}

private let ruleInputFields: [(name: String, schema: JSONSchema)] = [
    ("name", .name()), ("trigger", .enumeration(FollowUpTrigger.allCases.map(\.rawValue))), ("days", .integer(minimum: 1, maximum: 3650)),
    ("tag", .nullable(.string(maxLength: CustomerRules.maximumTagLength, pattern: .line))), ("stage", .nullable(.enumeration(LifecycleStage.allCases.map(\.rawValue)))),
    ("channel", .nullable(.enumeration(InteractionChannel.allCases.map(\.rawValue)))), ("task_title", .name()),
    ("priority", .enumeration(TaskPriority.allCases.map(\.rawValue))), ("active", .boolean),
]

struct FollowUpRuleInputBody: JSONRequestBody {
    let version: Int?
    let name: String?, trigger: String?, days: Int?, tag: String??, stage: String??, channel: String??, task_title: String?
    let priority: String?, active: Bool?

    enum CodingKeys: String, CodingKey { case version, name, trigger, days, tag, stage, channel, task_title, priority, active }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        trigger = try c.decodeIfPresent(String.self, forKey: .trigger)
        days = try c.decodeIfPresent(Int.self, forKey: .days)
        tag = c.contains(.tag) ? .some(try c.decodeIfPresent(String.self, forKey: .tag)) : nil
        stage = c.contains(.stage) ? .some(try c.decodeIfPresent(String.self, forKey: .stage)) : nil
        channel = c.contains(.channel) ? .some(try c.decodeIfPresent(String.self, forKey: .channel)) : nil
        task_title = try c.decodeIfPresent(String.self, forKey: .task_title)
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
    }

    func draft(over base: FollowUpRuleBook.Draft, _ problems: inout FieldProblems) -> FollowUpRuleBook.Draft {
        var draft = base
        if let name { draft.name = name }
        if let trigger {
            if let value = FollowUpTrigger(rawValue: trigger) { draft.trigger = value }
            else { problems["trigger"] = .notOneOf(FollowUpTrigger.allCases.map(\.rawValue)) }
        }
        if let days { draft.days = days }
        if let tag { draft.tag = tag }
        if let stage {
            if let stage { if let value = LifecycleStage(rawValue: stage) { draft.stage = value } else { problems["stage"] = .notOneOf(LifecycleStage.allCases.map(\.rawValue)) } }
            else { draft.stage = nil }
        }
        if let channel {
            if let channel { if let value = InteractionChannel(rawValue: channel) { draft.channel = value } else { problems["channel"] = .notOneOf(InteractionChannel.allCases.map(\.rawValue)) } }
            else { draft.channel = nil }
        }
        if let task_title { draft.taskTitle = task_title }
        if let priority {
            if let value = TaskPriority(rawValue: priority) { draft.priority = value }
            else { problems["priority"] = .notOneOf(TaskPriority.allCases.map(\.rawValue)) }
        }
        if let active { draft.active = active }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(ruleInputFields.map(\.name) + ["version"]) }
    static let schemaName = "FollowUpRuleInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + ruleInputFields, required: []) }
}
