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

    func encode(to encoder: any Encoder) throws { try customerFields.encode(self, to: encoder) }

    static let schemaName = "Customer"
    static var schema: JSONSchema { customerFields.schema }
}

/// Every field of a customer's JSON form, in the schema's order: the one place the API names them. The list's writer
/// (`CustomerJSON`) spells the same keys by hand, for speed; a test holds the two to the same bytes.
let customerFields = JSONFieldList<CustomerBody, CustomerDraft, CustomerChanges>([
    .output("id", .integer(minimum: 1), \.record.id), .output("version", .integer(minimum: 1), \.record.version),
    .output("created_at", .string(format: "date-time"), \.record.createdAt),
    .output("updated_at", .string(format: "date-time"), \.record.updatedAt),
    .choice("kind", \.record.kind, draft: \.kind, change: \.kind),
    .value("name", .name(), \.record.name, draft: \.name, change: \.name, required: true),
    .value("industry", .text(), \.record.industry, draft: \.industry, change: \.industry),
    .value("region", .text(), \.record.region, draft: \.region, change: \.region),
    .value("address", .text(), \.record.address, draft: \.address, change: \.address),
    .value("phone", .phone, \.record.phone, draft: \.phone, change: \.phone),
    .value("email", .optionalEmail, \.record.email, draft: \.email, change: \.email),
    .value("website", .text(), \.record.website, draft: \.website, change: \.website),
    .value("source", .text(), \.record.source, draft: \.source, change: \.source),
    .nullable("owner_id", .id, \.record.ownerID, draft: \.ownerID, change: \.ownerID),
    .choice("stage", \.record.stage, draft: \.stage, change: \.stage),
    .value("tags", .array(.string(maxLength: CustomerRules.maximumTagLength, pattern: .line), maxItems: CustomerRules.maximumTags),
           \.tags, draft: \.tags, change: \.tags),
    .value("custom_fields", .map(.text(), keys: .name(60), maxProperties: CustomerRules.maximumCustomFields),
           \.record.customFields, draft: \.customFields, change: \.customFields),
    .nullable("annual_category_spend", .money, \.annualSpend, draft: \.annualSpend, change: \.annualSpend),
    .value("marketing_consent", .boolean, \.record.marketingConsent, draft: \.marketingConsent, change: \.marketingConsent),
    .output("last_interaction_at", nullable: .string(format: "date-time"), \.record.lastInteractionAt),
    .output("deleted_at", nullable: .string(format: "date-time"), \.record.deletedAt),
    .output("merged_into_id", nullable: .integer(minimum: 1), \.record.mergedIntoID),
])

extension CustomerBody {
    /// The estimated yearly spend as the API writes money.
    var annualSpend: MoneyValue? { record.annualCategorySpend.map(MoneyValue.init(minorUnits:)) }
}

extension CustomerDraft {
    /// The estimated yearly spend as the API reads money.
    var annualSpend: MoneyValue? {
        get { annualCategorySpend.map(MoneyValue.init(minorUnits:)) }
        set { annualCategorySpend = newValue?.minorUnits }
    }
}

extension CustomerChanges {
    /// The change of the estimated yearly spend as the API reads money.
    var annualSpend: MoneyValue?? {
        get { annualCategorySpend.map { $0.map(MoneyValue.init(minorUnits:)) } }
        set { annualCategorySpend = newValue.map { $0?.minorUnits } }
    }
}

struct NewCustomerBody: JSONRequestBody {
    private let read: CustomerDraft
    private let refused: FieldProblems
    /// Create even though probable duplicates exist.
    let allow_duplicate: Bool?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        var draft = CustomerDraft()
        var problems = FieldProblems()
        try customerFields.read(c, into: &draft, &problems)
        allow_duplicate = try c.decodeIfPresent(Bool.self, forKey: JSONKey("allow_duplicate"))
        read = draft
        refused = problems
    }

    static var acceptedKeys: Set<String> { Set(customerFields.inputNames + ["allow_duplicate"]) }
    static let schemaName = "NewCustomer"
    static var schema: JSONSchema {
        .object(customerFields.inputProperties + [("allow_duplicate", .boolean)], required: customerFields.requiredOnCreate)
    }

    func draft(_ problems: inout FieldProblems) -> CustomerDraft {
        for (field, problem) in refused.problems { problems[field] = problem }
        return read
    }
}

struct CustomerPatchBody: JSONRequestBody {
    let version: Int
    let changes: CustomerChanges
    let problems: FieldProblems

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        version = try c.decode(Int.self, forKey: JSONKey("version"))
        var changes = CustomerChanges()
        var problems = FieldProblems()
        try customerFields.read(c, into: &changes, &problems)
        self.changes = changes
        self.problems = problems
    }

    static var acceptedKeys: Set<String> { Set(customerFields.inputNames + ["version"]) }
    static let schemaName = "CustomerPatch"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + customerFields.inputProperties, required: ["version"]) }
}

struct MergeBody: JSONRequestBody {
    let duplicate_id: Int64
    static let acceptedKeys: Set<String> = ["duplicate_id"]
    static let schemaName = "Merge"
    static var schema: JSONSchema { .object([("duplicate_id", .integer(minimum: 1))], required: ["duplicate_id"]) }
}
