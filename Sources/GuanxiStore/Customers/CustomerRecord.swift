import Foundation
import GuanxiCore

/// A customer as lists, search and exports read it: plain values, decoded straight from the row.
///
/// Reading pages of customers into `Customer` models cost more in the ORM's property wrappers, generic metadata
/// lookups and object lifetimes than the query itself; writes and the customer page keep using the model.
public struct CustomerRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: CustomerKind
    public var name: String
    public var industry: String
    public var region: String
    public var address: String
    public var phone: String
    public var email: String
    public var website: String
    public var source: String
    public var ownerID: Int64?
    public var stage: LifecycleStage
    /// JSON object of text values, keyed by the field's name, as stored.
    public var customFieldsJSON: String
    /// Estimated yearly spend on our category, in minor units.
    public var annualCategorySpend: Int64?
    public var marketingConsent: Bool
    public var lastInteractionAt: Date?
    public var deletedAt: Date?
    public var mergedIntoID: Int64?
    public var createdByID: Int64?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// Sorted. Lists read them with the page; a record made from a model has none until given them.
    public var tags: [String]

    public init(id: Int64, kind: CustomerKind, name: String, industry: String, region: String, address: String, phone: String,
                email: String, website: String, source: String, ownerID: Int64?, stage: LifecycleStage, customFieldsJSON: String,
                annualCategorySpend: Int64?, marketingConsent: Bool, lastInteractionAt: Date?, deletedAt: Date?,
                mergedIntoID: Int64?, createdByID: Int64?, version: Int, createdAt: Date, updatedAt: Date, tags: [String] = []) {
        self.id = id
        self.kind = kind
        self.name = name
        self.industry = industry
        self.region = region
        self.address = address
        self.phone = phone
        self.email = email
        self.website = website
        self.source = source
        self.ownerID = ownerID
        self.stage = stage
        self.customFieldsJSON = customFieldsJSON
        self.annualCategorySpend = annualCategorySpend
        self.marketingConsent = marketingConsent
        self.lastInteractionAt = lastInteractionAt
        self.deletedAt = deletedAt
        self.mergedIntoID = mergedIntoID
        self.createdByID = createdByID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.tags = tags
    }

    /// The values of a stored customer model, for responses that share the list's shape.
    public init(_ customer: Customer) throws {
        self.init(id: try customer.requireID(), kind: customer.kind, name: customer.name, industry: customer.industry,
                  region: customer.region, address: customer.address, phone: customer.phone, email: customer.email,
                  website: customer.website, source: customer.source, ownerID: customer.$owner.id, stage: customer.stage,
                  customFieldsJSON: customer.customFieldsJSON, annualCategorySpend: customer.annualCategorySpend,
                  marketingConsent: customer.marketingConsent, lastInteractionAt: customer.lastInteractionAt,
                  deletedAt: customer.deletedAt, mergedIntoID: customer.mergedIntoID, createdByID: customer.$createdBy.id,
                  version: customer.version, createdAt: customer.createdAt, updatedAt: customer.updatedAt)
    }

    public var customFields: [String: String] { Customer.decodeCustomFields(customFieldsJSON) }
}
