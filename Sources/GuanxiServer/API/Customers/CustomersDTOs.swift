import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The fields every record has.
let recordSchemaFields: [(name: String, schema: JSONSchema)] = [
    ("id", .integer(minimum: 1)), ("version", .integer(minimum: 1)),
    ("created_at", .string(format: "date-time")), ("updated_at", .string(format: "date-time")),
]
let recordSchemaRequired = ["id", "version", "created_at", "updated_at"]

/// Money travels as a decimal number of the currency unit (12.5 = 12 yuan 5 jiao); stored as minor units.
struct MoneyValue: Codable, Sendable, Equatable {
    let minorUnits: Int64

    init(minorUnits: Int64) { self.minorUnits = minorUnits }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let number = try? container.decode(Decimal.self) { text = "\(number)" }
        else { text = try container.decode(String.self) }
        guard let minor = MinorUnits.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an amount with at most two decimals")
        }
        minorUnits = minor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Decimal(string: MinorUnits.format(minorUnits)) ?? 0)
    }

    static let schema: JSONSchema = .number
}

/// Encodes optionals as explicit nulls so clients always see every key.
struct NullEncoding {
    static func encode<Key: CodingKey>(_ pairs: [(Key, any Encodable)], nullable: [(Key, (any Encodable)?)], to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (key, value) in pairs { try c.encode(value, forKey: key) }
        for (key, value) in nullable {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
    }
}

struct CustomerBody: Encodable, SchemaDescribed {
    let record: CustomerRecord
    let tags: [String]

    init(record: CustomerRecord, tags: [String]) {
        self.record = record
        self.tags = tags
    }

    init(customer: Customer, tags: [String]) throws {
        self.init(record: try CustomerRecord(customer), tags: tags)
    }

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, kind, name, industry, region, address, phone, email, website, source
        case owner_id, stage, tags, custom_fields, annual_category_spend, marketing_consent, last_interaction_at, deleted_at, merged_into_id
    }

    func encode(to encoder: any Encoder) throws {
        let c = record
        try NullEncoding.encode([
            (CodingKeys.id, c.id), (.version, c.version), (.created_at, c.createdAt), (.updated_at, c.updatedAt),
            (.kind, c.kind.rawValue), (.name, c.name), (.industry, c.industry), (.region, c.region), (.address, c.address),
            (.phone, c.phone), (.email, c.email), (.website, c.website), (.source, c.source), (.stage, c.stage.rawValue),
            (.tags, tags), (.custom_fields, c.customFields), (.marketing_consent, c.marketingConsent),
        ], nullable: [
            (.owner_id, c.ownerID), (.annual_category_spend, c.annualCategorySpend.map(MoneyValue.init(minorUnits:))),
            (.last_interaction_at, c.lastInteractionAt), (.deleted_at, c.deletedAt), (.merged_into_id, c.mergedIntoID),
        ], to: encoder)
    }

    static let schemaName = "Customer"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("kind", .enumeration(CustomerKind.allCases.map(\.rawValue))), ("name", .string()), ("industry", .string()),
            ("region", .string()), ("address", .string()), ("phone", .string()), ("email", .string()), ("website", .string()),
            ("source", .string()), ("owner_id", .nullable(.integer(minimum: 1))),
            ("stage", .enumeration(LifecycleStage.allCases.map(\.rawValue))), ("tags", .array(.string())),
            ("custom_fields", .map(.string())), ("annual_category_spend", .nullable(.number)), ("marketing_consent", .boolean),
            ("last_interaction_at", .nullable(.string(format: "date-time"))), ("deleted_at", .nullable(.string(format: "date-time"))),
            ("merged_into_id", .nullable(.integer(minimum: 1))),
        ], required: recordSchemaRequired + ["kind", "name", "industry", "region", "address", "phone", "email", "website", "source",
                                             "owner_id", "stage", "tags", "custom_fields", "annual_category_spend", "marketing_consent",
                                             "last_interaction_at", "deleted_at", "merged_into_id"])
    }
}

/// The writable customer fields, shared by the create and patch bodies.
private let customerInputFields: [(name: String, schema: JSONSchema)] = [
    ("kind", .enumeration(CustomerKind.allCases.map(\.rawValue))), ("name", .string()), ("industry", .string()),
    ("region", .string()), ("address", .string()), ("phone", .string()), ("email", .string()), ("website", .string()),
    ("source", .string()), ("owner_id", .nullable(.integer(minimum: 1))),
    ("stage", .enumeration(LifecycleStage.allCases.map(\.rawValue))), ("tags", .array(.string())),
    ("custom_fields", .map(.string())), ("annual_category_spend", .nullable(.number)), ("marketing_consent", .boolean),
]

struct NewCustomerBody: JSONRequestBody {
    let kind: String?, name: String, industry: String?, region: String?, address: String?, phone: String?, email: String?
    let website: String?, source: String?, owner_id: Int64?, stage: String?, tags: [String]?, custom_fields: [String: String]?
    let annual_category_spend: MoneyValue?, marketing_consent: Bool?
    /// Create even though probable duplicates exist.
    let allow_duplicate: Bool?

    static var acceptedKeys: Set<String> { Set(customerInputFields.map(\.name) + ["allow_duplicate"]) }
    static let schemaName = "NewCustomer"
    static var schema: JSONSchema {
        .object(customerInputFields + [("allow_duplicate", .boolean)], required: ["name"])
    }

    func draft(_ problems: inout FieldProblems) -> CustomerDraft {
        var draft = CustomerDraft()
        if let kind { if let value = CustomerKind(rawValue: kind) { draft.kind = value } else { problems["kind"] = .notOneOf(CustomerKind.allCases.map(\.rawValue)) } }
        if let stage { if let value = LifecycleStage(rawValue: stage) { draft.stage = value } else { problems["stage"] = .notOneOf(LifecycleStage.allCases.map(\.rawValue)) } }
        draft.name = name; draft.industry = industry ?? ""; draft.region = region ?? ""; draft.address = address ?? ""
        draft.phone = phone ?? ""; draft.email = email ?? ""; draft.website = website ?? ""; draft.source = source ?? ""
        draft.ownerID = owner_id; draft.tags = tags ?? []; draft.customFields = custom_fields ?? [:]
        draft.annualCategorySpend = annual_category_spend?.minorUnits; draft.marketingConsent = marketing_consent ?? false
        return draft
    }
}

struct CustomerPatchBody: JSONRequestBody {
    let version: Int
    let changes: CustomerChanges
    let problems: FieldProblems

    enum CodingKeys: String, CodingKey {
        case version, kind, name, industry, region, address, phone, email, website, source, owner_id, stage, tags, custom_fields
        case annual_category_spend, marketing_consent
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        var changes = CustomerChanges()
        var problems = FieldProblems()
        if let kind = try c.decodeIfPresent(String.self, forKey: .kind) {
            if let value = CustomerKind(rawValue: kind) { changes.kind = value } else { problems["kind"] = .notOneOf(CustomerKind.allCases.map(\.rawValue)) }
        }
        if let stage = try c.decodeIfPresent(String.self, forKey: .stage) {
            if let value = LifecycleStage(rawValue: stage) { changes.stage = value } else { problems["stage"] = .notOneOf(LifecycleStage.allCases.map(\.rawValue)) }
        }
        changes.name = try c.decodeIfPresent(String.self, forKey: .name)
        changes.industry = try c.decodeIfPresent(String.self, forKey: .industry)
        changes.region = try c.decodeIfPresent(String.self, forKey: .region)
        changes.address = try c.decodeIfPresent(String.self, forKey: .address)
        changes.phone = try c.decodeIfPresent(String.self, forKey: .phone)
        changes.email = try c.decodeIfPresent(String.self, forKey: .email)
        changes.website = try c.decodeIfPresent(String.self, forKey: .website)
        changes.source = try c.decodeIfPresent(String.self, forKey: .source)
        if c.contains(.owner_id) { changes.ownerID = .some(try c.decodeIfPresent(Int64.self, forKey: .owner_id)) }
        changes.tags = try c.decodeIfPresent([String].self, forKey: .tags)
        changes.customFields = try c.decodeIfPresent([String: String].self, forKey: .custom_fields)
        if c.contains(.annual_category_spend) {
            changes.annualCategorySpend = .some(try c.decodeIfPresent(MoneyValue.self, forKey: .annual_category_spend)?.minorUnits)
        }
        changes.marketingConsent = try c.decodeIfPresent(Bool.self, forKey: .marketing_consent)
        self.changes = changes
        self.problems = problems
    }

    static var acceptedKeys: Set<String> { Set(customerInputFields.map(\.name) + ["version"]) }
    static let schemaName = "CustomerPatch"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + customerInputFields, required: ["version"]) }
}

struct MergeBody: JSONRequestBody {
    let duplicate_id: Int64
    static let acceptedKeys: Set<String> = ["duplicate_id"]
    static let schemaName = "Merge"
    static var schema: JSONSchema { .object([("duplicate_id", .integer(minimum: 1))], required: ["duplicate_id"]) }
}

struct CountBody: Encodable, SchemaDescribed {
    let count: Int
    static let schemaName = "Count"
    static var schema: JSONSchema { .object([("count", .integer(minimum: 0))], required: ["count"]) }
}

struct ContactBody: Encodable, SchemaDescribed {
    let contact: Contact

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, customer_id, name, title, phone, mobile, email, wechat_id, birthday, is_primary
    }

    func encode(to encoder: any Encoder) throws {
        let c = contact
        try NullEncoding.encode([
            (CodingKeys.id, try c.requireID()), (.version, c.version), (.created_at, c.createdAt), (.updated_at, c.updatedAt),
            (.customer_id, c.$customer.id), (.name, c.name), (.title, c.title), (.phone, c.phone), (.mobile, c.mobile),
            (.email, c.email), (.wechat_id, c.wechatID), (.is_primary, c.isPrimary),
        ], nullable: [(.birthday, c.birthday)], to: encoder)
    }

    static let schemaName = "Contact"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("customer_id", .integer(minimum: 1)), ("name", .string()), ("title", .string()), ("phone", .string()),
            ("mobile", .string()), ("email", .string()), ("wechat_id", .string()), ("birthday", .nullable(.string(format: "date"))),
            ("is_primary", .boolean),
        ], required: recordSchemaRequired + ["customer_id", "name", "title", "phone", "mobile", "email", "wechat_id", "birthday", "is_primary"])
    }
}

private let contactInputFields: [(name: String, schema: JSONSchema)] = [
    ("name", .string()), ("title", .string()), ("phone", .string()), ("mobile", .string()), ("email", .string()),
    ("wechat_id", .string()), ("birthday", .nullable(.string(format: "date"))), ("is_primary", .boolean),
]

struct ContactInputBody: JSONRequestBody {
    let version: Int?
    let name: String?, title: String?, phone: String?, mobile: String?, email: String?, wechat_id: String?, birthday: String?
    let is_primary: Bool?

    /// The draft after applying this body to `base` (a patch leaves absent fields as they are).
    func draft(over base: ContactBook.Draft = .init()) -> ContactBook.Draft {
        var draft = base
        if let name { draft.name = name }
        if let title { draft.title = title }
        if let phone { draft.phone = phone }
        if let mobile { draft.mobile = mobile }
        if let email { draft.email = email }
        if let wechat_id { draft.wechatID = wechat_id }
        if let birthday { draft.birthday = birthday }
        if let is_primary { draft.isPrimary = is_primary }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(contactInputFields.map(\.name) + ["version"]) }
    static let schemaName = "ContactInput"
    static var schema: JSONSchema {
        .object([("version", .integer(minimum: 1))] + contactInputFields, required: [])
    }
}

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
    ("direction", .enumeration(InteractionDirection.allCases.map(\.rawValue))), ("occurred_at", .string(format: "date-time")),
    ("duration_seconds", .integer(minimum: 0)), ("subject", .string()), ("notes", .string()), ("outcome", .string()),
    ("queue_wait_seconds", .nullable(.integer(minimum: 0))), ("abandoned", .nullable(.boolean)),
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
    ("customer_id", .nullable(.integer(minimum: 1))), ("assignee_id", .nullable(.integer(minimum: 1))), ("title", .string()),
    ("notes", .string()), ("due_at", .string(format: "date-time")), ("remind_at", .nullable(.string(format: "date-time"))),
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
    ("name", .string()), ("trigger", .enumeration(FollowUpTrigger.allCases.map(\.rawValue))), ("days", .integer(minimum: 1)),
    ("tag", .nullable(.string())), ("stage", .nullable(.enumeration(LifecycleStage.allCases.map(\.rawValue)))),
    ("channel", .nullable(.enumeration(InteractionChannel.allCases.map(\.rawValue)))), ("task_title", .string()),
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

struct ProductBody: Encodable, SchemaDescribed {
    let product: Product

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, sku, name, category, unit, list_price, unit_cost, brand, manufacturer
        case is_agent_product, launch_date, active
    }

    func encode(to encoder: any Encoder) throws {
        let p = product
        try NullEncoding.encode([
            (CodingKeys.id, try p.requireID()), (.version, p.version), (.created_at, p.createdAt), (.updated_at, p.updatedAt),
            (.sku, p.sku), (.name, p.name), (.category, p.category), (.unit, p.unit),
            (.list_price, MoneyValue(minorUnits: p.listPrice)), (.unit_cost, MoneyValue(minorUnits: p.unitCost)),
            (.brand, p.brand), (.manufacturer, p.manufacturer), (.is_agent_product, p.isAgentProduct), (.active, p.active),
        ], nullable: [(.launch_date, p.launchDate)], to: encoder)
    }

    static let schemaName = "Product"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [
            ("sku", .string()), ("name", .string()), ("category", .string()), ("unit", .string()), ("list_price", .number),
            ("unit_cost", .number), ("brand", .string()), ("manufacturer", .string()), ("is_agent_product", .boolean),
            ("launch_date", .nullable(.string(format: "date"))), ("active", .boolean),
        ], required: recordSchemaRequired + ["sku", "name", "category", "unit", "list_price", "unit_cost", "brand", "manufacturer",
                                             "is_agent_product", "launch_date", "active"])
    }
}

private let productInputFields: [(name: String, schema: JSONSchema)] = [
    ("sku", .string()), ("name", .string()), ("category", .string()), ("unit", .string()), ("list_price", .number),
    ("unit_cost", .number), ("brand", .string()), ("manufacturer", .string()), ("is_agent_product", .boolean),
    ("launch_date", .nullable(.string(format: "date"))), ("active", .boolean),
]

struct ProductInputBody: JSONRequestBody {
    let version: Int?
    let sku: String?, name: String?, category: String?, unit: String?, list_price: MoneyValue?, unit_cost: MoneyValue?
    let brand: String?, manufacturer: String?, is_agent_product: Bool?, launch_date: String?, active: Bool?

    func draft(over base: ProductCatalog.Draft = .init()) -> ProductCatalog.Draft {
        var draft = base
        if let sku { draft.sku = sku }
        if let name { draft.name = name }
        if let category { draft.category = category }
        if let unit { draft.unit = unit }
        if let list_price { draft.listPrice = list_price.minorUnits }
        if let unit_cost { draft.unitCost = unit_cost.minorUnits }
        if let brand { draft.brand = brand }
        if let manufacturer { draft.manufacturer = manufacturer }
        if let is_agent_product { draft.isAgentProduct = is_agent_product }
        if let launch_date { draft.launchDate = launch_date }
        if let active { draft.active = active }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(productInputFields.map(\.name) + ["version"]) }
    static let schemaName = "ProductInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + productInputFields, required: []) }
}

struct SegmentBody: Encodable, SchemaDescribed {
    let segment: Segment

    enum CodingKeys: String, CodingKey { case id, version, created_at, updated_at, name, description, filter, created_by_id }

    func encode(to encoder: any Encoder) throws {
        let s = segment
        try NullEncoding.encode([
            (CodingKeys.id, try s.requireID()), (.version, s.version), (.created_at, s.createdAt), (.updated_at, s.updatedAt),
            (.name, s.name), (.description, s.description), (.filter, s.filter),
        ], nullable: [(.created_by_id, s.$createdBy.id)], to: encoder)
    }

    static let schemaName = "Segment"
    static var schema: JSONSchema {
        .object(recordSchemaFields + [("name", .string()), ("description", .string()), ("filter", .string()),
                                      ("created_by_id", .nullable(.integer(minimum: 1)))],
                required: recordSchemaRequired + ["name", "description", "filter", "created_by_id"])
    }
}

struct SegmentInputBody: JSONRequestBody {
    let version: Int?
    let name: String?, description: String?
    /// The customer-list query string, e.g. `stage=customer&tag=vip`.
    let filter: String?
    static let acceptedKeys: Set<String> = ["version", "name", "description", "filter"]
    static let schemaName = "SegmentInput"
    static var schema: JSONSchema {
        .object([("version", .integer(minimum: 1)), ("name", .string()), ("description", .string()), ("filter", .string())], required: [])
    }
}

struct ImportReportBody: Encodable, SchemaDescribed {
    let report: ImportReport

    enum CodingKeys: String, CodingKey { case kind, dry_run, encoding, total_rows, valid_rows, written_rows, problems }
    struct ProblemBody: Encodable {
        let line: Int, column: String, message: String
    }

    let problems: [ProblemBody]

    init(_ report: ImportReport, _ l: Localizer) {
        self.report = report
        self.problems = report.problems.map { ProblemBody(line: $0.line, column: $0.column, message: ImportText.message(for: $0.reason, l)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.kind.rawValue, forKey: .kind)
        try c.encode(report.dryRun, forKey: .dry_run)
        try c.encode(report.encoding.rawValue, forKey: .encoding)
        try c.encode(report.totalRows, forKey: .total_rows)
        try c.encode(report.validRows, forKey: .valid_rows)
        try c.encode(report.writtenRows, forKey: .written_rows)
        try c.encode(problems, forKey: .problems)
    }

    static let schemaName = "ImportReport"
    static var schema: JSONSchema {
        .object([
            ("kind", .enumeration(ImportKind.allCases.map(\.rawValue))), ("dry_run", .boolean),
            ("encoding", .enumeration(TextEncoding.allCases.map(\.rawValue))), ("total_rows", .integer(minimum: 0)),
            ("valid_rows", .integer(minimum: 0)), ("written_rows", .integer(minimum: 0)),
            ("problems", .array(.object([("line", .integer(minimum: 0)), ("column", .string()), ("message", .string())],
                                        required: ["line", "column", "message"]))),
        ], required: ["kind", "dry_run", "encoding", "total_rows", "valid_rows", "written_rows", "problems"])
    }
}
