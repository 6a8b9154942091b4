import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct ProductBody: Encodable, SchemaDescribed {
    let product: Product

    func encode(to encoder: any Encoder) throws { try productFields.encode(product, to: encoder) }

    static let schemaName = "Product"
    static var schema: JSONSchema { productFields.schema }
}

/// Every field of a product's JSON form, in the schema's order: the one place the API names them.
let productFields = JSONFieldList<Product, ProductCatalog.Draft, DraftEdits<ProductCatalog.Draft>>([
    .output("id", .integer(minimum: 1)) { try $0.requireID() }, .output("version", .integer(minimum: 1)) { $0.version },
    .output("created_at", .string(format: "date-time")) { $0.createdAt }, .output("updated_at", .string(format: "date-time")) { $0.updatedAt },
    .edit("sku", .name(ProductCatalog.maximumSKULength), { $0.sku }, draft: \.sku), .edit("name", .name(), { $0.name }, draft: \.name),
    .edit("category", .text(ProductCatalog.maximumLabelLength), { $0.category }, draft: \.category),
    .edit("unit", .text(ProductCatalog.maximumLabelLength), { $0.unit }, draft: \.unit),
    .edit("list_price", .money, { MoneyValue(minorUnits: $0.listPrice) }, as: MoneyValue.self) { $0.listPrice = $1.minorUnits },
    .edit("unit_cost", .money, { MoneyValue(minorUnits: $0.unitCost) }, as: MoneyValue.self) { $0.unitCost = $1.minorUnits },
    .edit("brand", .text(ProductCatalog.maximumLabelLength), { $0.brand }, draft: \.brand),
    .edit("manufacturer", .text(ProductCatalog.maximumLabelLength), { $0.manufacturer }, draft: \.manufacturer),
    .edit("is_agent_product", .boolean, { $0.isAgentProduct }, draft: \.isAgentProduct),
    .edit("launch_date", .nullable(.day), { $0.launchDate }, draft: \.launchDate),
    .edit("active", .boolean, { $0.active }, draft: \.active),
    .clearable("tax_rate", .percent, { $0.taxRateBasis.map { PercentValue(units: $0) } }, as: PercentValue.self) { $0.taxRateBasis = $1?.units },
])

struct ProductInputBody: JSONRequestBody {
    let version: Int?
    private let edits: DraftEdits<ProductCatalog.Draft>

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        version = try c.decodeIfPresent(Int.self, forKey: JSONKey("version"))
        var edits = DraftEdits<ProductCatalog.Draft>()
        var problems = FieldProblems()
        try productFields.read(c, into: &edits, &problems)
        self.edits = edits
    }

    func draft(over base: ProductCatalog.Draft = .init()) -> ProductCatalog.Draft { edits.applied(over: base) }

    static var acceptedKeys: Set<String> { Set(productFields.inputNames + ["version"]) }
    static let schemaName = "ProductInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + productFields.inputProperties, required: []) }
}
