import Fluent
import Foundation
import GuanxiCore

/// A company or person we sell to.
public final class Customer: Model, @unchecked Sendable {
    public static let schema = "customers"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Enum(key: "kind") public var kind: CustomerKind
    @Field(key: "name") public var name: String
    @Field(key: "industry") public var industry: String
    @Field(key: "region") public var region: String
    @Field(key: "address") public var address: String
    @Field(key: "phone") public var phone: String
    @Field(key: "email") public var email: String
    @Field(key: "website") public var website: String
    @Field(key: "source") public var source: String
    @OptionalParent(key: "owner_id") public var owner: User?
    @Enum(key: "stage") public var stage: LifecycleStage
    /// JSON object of text values, keyed by the field's name.
    @Field(key: "custom_fields") public var customFieldsJSON: String
    /// Estimated yearly spend on our category, in minor units (for share of wallet).
    @OptionalField(key: "annual_category_spend") public var annualCategorySpend: Int64?
    @Field(key: "marketing_consent") public var marketingConsent: Bool
    @OptionalField(key: "name_key") public var nameKey: String?
    @OptionalField(key: "phone_key") public var phoneKey: String?
    @OptionalField(key: "email_key") public var emailKey: String?
    /// Lower-cased name, phones, emails and contact names: what substring search looks in.
    @Field(key: "search_text") public var searchText: String
    /// `PinyinSortKey.key(name)`: what the pinyin sort orders by.
    @Field(key: "name_sort_key") public var nameSortKey: String
    @OptionalField(key: "last_interaction_at") public var lastInteractionAt: Date?
    @OptionalField(key: "deleted_at") public var deletedAt: Date?
    @OptionalField(key: "merged_into_id") public var mergedIntoID: Int64?
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {
        nameSortKey = ""
    }

    public var customFields: [String: String] {
        get { Customer.decodeCustomFields(customFieldsJSON) }
        set { customFieldsJSON = Customer.encodeCustomFields(newValue) }
    }

    static func decodeCustomFields(_ json: String) -> [String: String] {
        guard json != "{}" else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    /// A JSON object of texts (an export's `custom_fields` cell), or nil when the text is anything else.
    static func decodeCustomFieldsStrictly(_ json: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
    }

    public static func encodeCustomFields(_ fields: [String: String]) -> String {
        if fields.isEmpty { return "{}" }  // most customers; an encoder per row is a measurable share of an import
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
