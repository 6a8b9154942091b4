import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

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
