import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// A line of a quote or an order as the API writes it.
struct LineBody: Encodable {
    let id: Int64
    let position: Int
    let productID: Int64?
    let description: String
    let quantityMilli: Int64
    let unitPrice: Int64
    let discountPercentBasis: Int64?
    let discountAmount: Int64?
    let taxRateBasis: Int64
    let unitCost: Int64
    let priced: PricedLine
    /// Order lines only: what has come back so far.
    let returnedQuantityMilli: Int64?

    init(quoteLine line: QuoteLine) throws {
        self.init(id: try line.requireID(), line: line, returned: nil)
    }

    init(orderLine line: OrderLine) throws {
        self.init(id: try line.requireID(), line: line, returned: line.returnedQuantityMilli)
    }

    private init(id: Int64, line: some SalesLineRecord, returned: Int64?) {
        self.id = id
        position = line.position
        productID = line.productID
        description = line.lineDescription
        quantityMilli = line.quantityMilli
        unitPrice = line.unitPrice
        discountPercentBasis = line.discountPercentBasis
        discountAmount = line.discountAmount
        taxRateBasis = line.taxRateBasis
        unitCost = line.unitCost
        priced = line.priced
        returnedQuantityMilli = returned
    }

    enum CodingKeys: String, CodingKey {
        case id, position, product_id, description, quantity, unit_price, discount_percent, discount_amount, tax_rate, unit_cost
        case discount_total, net_amount, tax_amount, gross_amount, cost_amount, margin, returned_quantity
    }

    func encode(to encoder: any Encoder) throws {
        var pairs: [(CodingKeys, any Encodable)] = [
            (.id, id), (.position, position), (.description, description), (.quantity, QuantityValue(units: quantityMilli)),
            (.unit_price, MoneyValue(minorUnits: unitPrice)), (.tax_rate, PercentValue(units: taxRateBasis)),
            (.unit_cost, MoneyValue(minorUnits: unitCost)), (.discount_total, MoneyValue(minorUnits: priced.discount)),
            (.net_amount, MoneyValue(minorUnits: priced.net)), (.tax_amount, MoneyValue(minorUnits: priced.tax)),
            (.gross_amount, MoneyValue(minorUnits: priced.gross)), (.cost_amount, MoneyValue(minorUnits: priced.cost)),
            (.margin, MoneyValue(minorUnits: priced.margin)),
        ]
        if let returnedQuantityMilli { pairs.append((.returned_quantity, QuantityValue(units: returnedQuantityMilli))) }
        try NullEncoding.encode(pairs, nullable: [
            (.product_id, productID), (.discount_percent, discountPercentBasis.map { PercentValue(units: $0) }),
            (.discount_amount, discountAmount.map { MoneyValue(minorUnits: $0) }),
        ], to: encoder)
    }

    static let quoteSchemaName = "QuoteLine"
    static let orderSchemaName = "OrderLine"

    static func schema(returns: Bool) -> JSONSchema {
        var fields: [(String, JSONSchema)] = [
            ("id", .integer(minimum: 1)), ("position", .integer(minimum: 1)), ("product_id", .nullable(.integer(minimum: 1))),
            ("description", .string()), ("quantity", .number), ("unit_price", .number), ("discount_percent", .nullable(.number)),
            ("discount_amount", .nullable(.number)), ("tax_rate", .number), ("unit_cost", .number), ("discount_total", .number),
            ("net_amount", .number), ("tax_amount", .number), ("gross_amount", .number), ("cost_amount", .number), ("margin", .number),
        ]
        if returns { fields.append(("returned_quantity", .number)) }
        return .object(fields.map { (name: $0.0, schema: $0.1) }, required: fields.map(\.0))
    }
}

/// A line as a client sends it. Only the keys below are taken; a line names a product or a description.
struct LineInputBody: Decodable {
    let draft: LineDraft

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("product_id", .nullable(.id)), ("description", .text(SalesLineRules.maximumDescriptionLength)),
        ("quantity", .decimal(places: 3, minimum: 0, maximum: Double(LinePricing.maximumQuantityMilli) / 1000, exclusiveMinimum: true)),
        ("unit_price", .unitPrice), ("discount_percent", .nullable(.percent)), ("discount_amount", .nullable(.money)),
        ("tax_rate", .percent), ("unit_cost", .unitPrice),
    ]
    /// The lines of a quote or an order: one at least, 500 at most.
    static let list: JSONSchema = .array(.ref(schemaName), minItems: 1, maxItems: SalesLineRules.maximumLines)
    /// What the schemas cannot say of a line.
    static let rule = APIRoute.Rule(["lines"], "each line names an active product or has a description; one discount only, "
        + "as a percentage or as an amount, not above the line's amount")
    static let schemaName = "LineInput"
    static var schema: JSONSchema { .object(fields, required: ["quantity"]) }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        let accepted = Set(Self.fields.map(\.name))
        if let unknown = c.allKeys.first(where: { !accepted.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [unknown], debugDescription: Self.unknownField))
        }
        var draft = LineDraft()
        draft.productID = try c.decodeIfPresent(Int64.self, forKey: JSONKey("product_id"))
        draft.description = try c.decodeIfPresent(String.self, forKey: JSONKey("description")) ?? ""
        draft.quantityMilli = try c.decode(QuantityValue.self, forKey: JSONKey("quantity")).units
        draft.unitPrice = try c.decodeIfPresent(MoneyValue.self, forKey: JSONKey("unit_price"))?.minorUnits
        draft.discountPercentBasis = try c.decodeIfPresent(PercentValue.self, forKey: JSONKey("discount_percent"))?.units
        draft.discountAmount = try c.decodeIfPresent(MoneyValue.self, forKey: JSONKey("discount_amount"))?.minorUnits
        draft.taxRateBasis = try c.decodeIfPresent(PercentValue.self, forKey: JSONKey("tax_rate"))?.units
        draft.unitCost = try c.decodeIfPresent(MoneyValue.self, forKey: JSONKey("unit_cost"))?.minorUnits
        self.draft = draft
    }

    /// Marks a key the line does not take, so it is reported in the user's language.
    static let unknownField = "guanxi: unknown field"
}

/// The totals every quote and order carries.
func totalsPairs<Key: CodingKey>(_ totals: DocumentTotals, keys: (discount: Key, net: Key, tax: Key, gross: Key, cost: Key, margin: Key))
    -> [(Key, any Encodable)] {
    [(keys.discount, MoneyValue(minorUnits: totals.discount)), (keys.net, MoneyValue(minorUnits: totals.net)),
     (keys.tax, MoneyValue(minorUnits: totals.tax)), (keys.gross, MoneyValue(minorUnits: totals.gross)),
     (keys.cost, MoneyValue(minorUnits: totals.cost)), (keys.margin, MoneyValue(minorUnits: totals.margin))]
}

let totalsSchemaFields: [(name: String, schema: JSONSchema)] = [
    ("discount_total", .number), ("net_total", .number), ("tax_total", .number), ("gross_total", .number),
    ("cost_total", .number), ("gross_margin", .number), ("margin_percent", .nullable(.number)),
]
