import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

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
