import Fluent
import Foundation

/// Something we sell, our own or an agent product; money in minor units.
public final class Product: Model, @unchecked Sendable {
    public static let schema = "products"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "sku") public var sku: String
    @Field(key: "name") public var name: String
    @Field(key: "category") public var category: String
    @Field(key: "unit") public var unit: String
    @Field(key: "list_price") public var listPrice: Int64
    @Field(key: "unit_cost") public var unitCost: Int64
    @Field(key: "brand") public var brand: String
    @Field(key: "manufacturer") public var manufacturer: String
    /// Sold on behalf of a manufacturer (代理产品).
    @Field(key: "is_agent_product") public var isAgentProduct: Bool
    /// YYYY-MM-DD.
    @OptionalField(key: "launch_date") public var launchDate: String?
    @Field(key: "active") public var active: Bool
    /// The VAT rate its lines take unless a line names another, hundredths of a percent; nil: the general 13 %.
    @OptionalField(key: "tax_rate_basis") public var taxRateBasis: Int64?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}
}
