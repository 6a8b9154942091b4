import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct TaskBody: Encodable, SchemaDescribed {
    let task: FollowUpTask

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, customer_id, assignee_id, title, notes, due_at, remind_at, priority, status
        case completed_at, rule_id
    }

    func encode(to encoder: any Encoder) throws {
        let t = task
        try NullEncoding.encode([
            (CodingKeys.id, try t.requireID()), (.version, t.version), (.created_at, t.createdAt), (.updated_at, t.updatedAt),
            (.title, t.title), (.notes, t.notes), (.due_at, t.dueAt), (.priority, t.priority.rawValue), (.status, t.status.rawValue),
        ], nullable: [(.customer_id, t.$customer.id), (.assignee_id, t.$assignee.id), (.remind_at, t.remindAt),
                      (.completed_at, t.completedAt), (.rule_id, t.$rule.id)], to: encoder)
    }

    static let schemaName = "Task"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("customer_id", .nullable(.integer(minimum: 1))), ("assignee_id", .nullable(.integer(minimum: 1))), ("title", .string()),
            ("notes", .string()), ("due_at", .string(format: "date-time")), ("remind_at", .nullable(.string(format: "date-time"))),
            ("priority", .enumeration(TaskPriority.allCases.map(\.rawValue))), ("status", .enumeration(TaskStatus.allCases.map(\.rawValue))),
            ("completed_at", .nullable(.string(format: "date-time"))), ("rule_id", .nullable(.integer(minimum: 1))),
        ], required: recordSchemaRequired + ["customer_id", "assignee_id", "title", "notes", "due_at", "remind_at", "priority",
                                             "status", "completed_at", "rule_id"])
    }
}

private let taskInputFields: [(name: String, schema: JSONSchema)] = [
    ("customer_id", .nullable(.id)), ("assignee_id", .nullable(.id)), ("title", .name()),
    ("notes", .text(CustomerRules.maximumNotesLength)), ("due_at", .time), ("remind_at", .nullable(.time)),
    ("priority", .enumeration(TaskPriority.allCases.map(\.rawValue))), ("status", .enumeration(TaskStatus.allCases.map(\.rawValue))),
]

struct TaskInputBody: JSONRequestBody {
    let version: Int?
    let customer_id: Int64?, assignee_id: Int64?, title: String?, notes: String?, due_at: Date?, remind_at: Date??
    let priority: String?, status: String?

    enum CodingKeys: String, CodingKey { case version, customer_id, assignee_id, title, notes, due_at, remind_at, priority, status }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        customer_id = try c.decodeIfPresent(Int64.self, forKey: .customer_id)
        assignee_id = try c.decodeIfPresent(Int64.self, forKey: .assignee_id)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        due_at = try c.decodeIfPresent(Date.self, forKey: .due_at)
        remind_at = c.contains(.remind_at) ? .some(try c.decodeIfPresent(Date.self, forKey: .remind_at)) : nil
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        status = try c.decodeIfPresent(String.self, forKey: .status)
    }

    func draft(over base: TaskList.Draft, _ problems: inout FieldProblems) -> TaskList.Draft {
        var draft = base
        if let customer_id { draft.customerID = customer_id }
        if let assignee_id { draft.assigneeID = assignee_id }
        if let title { draft.title = title }
        if let notes { draft.notes = notes }
        if let due_at { draft.dueAt = due_at }
        if let remind_at { draft.remindAt = remind_at }
        if let priority {
            if let value = TaskPriority(rawValue: priority) { draft.priority = value }
            else { problems["priority"] = .notOneOf(TaskPriority.allCases.map(\.rawValue)) }
        }
        if let status {
            if let value = TaskStatus(rawValue: status) { draft.status = value }
            else { problems["status"] = .notOneOf(TaskStatus.allCases.map(\.rawValue)) }
        }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(taskInputFields.map(\.name) + ["version"]) }
    static let schemaName = "TaskInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + taskInputFields, required: []) }
}
