import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct OrderBody: Encodable, SchemaDescribed {
    let order: Order
    let lines: [OrderLine]
    let today: String

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, number, customer_id, contact_id, quote_id, opportunity_id, campaign_id, ordered_at
        case status, channel, payment_method, payment_terms_days, due_date, delivery_method, promised_ship_date, promised_delivery_date
        case shipped_at, delivered_at, prices_include_tax, notes, lines, discount_total, net_total, tax_total, gross_total, cost_total
        case gross_margin, margin_percent, returned_net, returned_gross, revenue, gross_profit, profit_margin_percent, paid_total
        case refunded_total, outstanding, is_overdue
    }

    func encode(to encoder: any Encoder) throws {
        let o = order
        try NullEncoding.encode([
            (CodingKeys.id, try o.requireID()), (.version, o.version), (.created_at, o.createdAt), (.updated_at, o.updatedAt),
            (.number, o.number), (.customer_id, o.$customer.id), (.ordered_at, o.orderedAt), (.status, o.status.rawValue),
            (.channel, o.channel), (.payment_method, o.paymentMethod.rawValue), (.payment_terms_days, o.paymentTermsDays),
            (.due_date, o.dueDate), (.delivery_method, o.deliveryMethod.rawValue), (.prices_include_tax, o.taxMode == .inclusive),
            (.notes, o.notes), (.lines, try lines.map(LineBody.init(orderLine:))),
            (.returned_net, MoneyValue(minorUnits: o.returnedNet)), (.returned_gross, MoneyValue(minorUnits: o.returnedGross)),
            (.revenue, MoneyValue(minorUnits: o.revenue)), (.gross_profit, MoneyValue(minorUnits: o.grossProfit)),
            (.paid_total, MoneyValue(minorUnits: o.paidTotal)), (.refunded_total, MoneyValue(minorUnits: o.refundedTotal)),
            (.outstanding, MoneyValue(minorUnits: o.outstanding)), (.is_overdue, o.isOverdue(today: today)),
        ] + totalsPairs(o.totals, keys: (.discount_total, .net_total, .tax_total, .gross_total, .cost_total, .gross_margin)),
        nullable: [(.contact_id, o.$contact.id), (.quote_id, o.$quote.id), (.opportunity_id, o.$opportunity.id), (.campaign_id, o.campaignID),
                   (.promised_ship_date, o.promisedShipDate), (.promised_delivery_date, o.promisedDeliveryDate),
                   (.shipped_at, o.shippedAt), (.delivered_at, o.deliveredAt),
                   (.margin_percent, o.totals.marginBasis.map { PercentValue(units: $0) }),
                   (.profit_margin_percent, o.marginBasis.map { PercentValue(units: $0) })], to: encoder)
    }

    static let schemaName = "Order"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + [
            ("number", .string()), ("customer_id", .integer(minimum: 1)), ("contact_id", .nullable(.integer(minimum: 1))),
            ("quote_id", .nullable(.integer(minimum: 1))), ("opportunity_id", .nullable(.integer(minimum: 1))),
            ("campaign_id", .nullable(.integer(minimum: 1))), ("ordered_at", .string(format: "date-time")),
            ("status", .enumeration(OrderStatus.allCases.map(\.rawValue))), ("channel", .salesChannel),
            ("payment_method", .enumeration(PaymentMethod.allCases.map(\.rawValue))),
            ("payment_terms_days", .integer(minimum: 0, maximum: OrderBook.maximumPaymentTermsDays)), ("due_date", .string(format: "date")),
            ("delivery_method", .enumeration(DeliveryMethod.allCases.map(\.rawValue))),
            ("promised_ship_date", .nullable(.string(format: "date"))), ("promised_delivery_date", .nullable(.string(format: "date"))),
            ("shipped_at", .nullable(.string(format: "date-time"))), ("delivered_at", .nullable(.string(format: "date-time"))),
            ("prices_include_tax", .boolean), ("notes", .string()), ("lines", .array(.ref(LineBody.orderSchemaName))),
        ] + totalsSchemaFields + [
            ("returned_net", .number), ("returned_gross", .number), ("revenue", .number), ("gross_profit", .number),
            ("profit_margin_percent", .nullable(.number)), ("paid_total", .number), ("refunded_total", .number),
            ("outstanding", .number), ("is_overdue", .boolean),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct OrderInputBody: JSONRequestBody {
    let version: Int?
    let customerID: Int64?
    let lines: [LineInputBody]?
    private let edits: [@Sendable (inout OrderBook.Draft) -> Void]
    private let problems: FieldProblems

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("customer_id", .id), ("contact_id", .nullable(.id)),
        ("opportunity_id", .nullable(.id)), ("campaign_id", .nullable(.id)),
        ("ordered_at", .time), ("status", .enumeration(OrderStatus.allCases.map(\.rawValue))),
        ("channel", .salesChannel), ("payment_method", .enumeration(PaymentMethod.allCases.map(\.rawValue))),
        ("payment_terms_days", .integer(minimum: 0, maximum: OrderBook.maximumPaymentTermsDays)),
        ("delivery_method", .enumeration(DeliveryMethod.allCases.map(\.rawValue))),
        ("promised_ship_date", .nullable(.day)), ("promised_delivery_date", .nullable(.day)),
        ("shipped_at", .nullable(.time)), ("delivered_at", .nullable(.time)),
        ("notes", .text(CustomerRules.maximumNotesLength)), ("lines", LineInputBody.list),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        func key(_ name: String) -> JSONKey { JSONKey(name) }
        var problems = FieldProblems()
        func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ type: Value.Type) throws -> Value? where Value.RawValue == String {
            guard let text = try c.decodeIfPresent(String.self, forKey: key(name)) else { return nil }
            guard let value = Value(rawValue: text) else { problems[name] = .notOneOf(Value.allCases.map(\.rawValue)); return nil }
            return value
        }
        version = try c.decodeIfPresent(Int.self, forKey: key("version"))
        customerID = try c.decodeIfPresent(Int64.self, forKey: key("customer_id"))
        lines = try c.decodeIfPresent([LineInputBody].self, forKey: key("lines"))
        var edits: [@Sendable (inout OrderBook.Draft) -> Void] = []
        if let value = customerID { edits.append { $0.customerID = value } }
        for name in ["contact_id", "opportunity_id", "campaign_id"] where c.contains(key(name)) {
            let value = try c.decodeIfPresent(Int64.self, forKey: key(name))
            switch name {
            case "contact_id": edits.append { $0.contactID = value }
            case "opportunity_id": edits.append { $0.opportunityID = value }
            default: edits.append { $0.campaignID = value }
            }
        }
        if let value = try c.decodeIfPresent(Date.self, forKey: key("ordered_at")) { edits.append { $0.orderedAt = value } }
        if let value = try choice("status", OrderStatus.self) { edits.append { $0.status = value } }
        // Built-in or added: the order book checks it against the channels of the moment.
        if let value = try c.decodeIfPresent(String.self, forKey: key("channel")) { edits.append { $0.channel = value } }
        if let value = try choice("payment_method", PaymentMethod.self) { edits.append { $0.paymentMethod = value } }
        if let value = try choice("delivery_method", DeliveryMethod.self) { edits.append { $0.deliveryMethod = value } }
        if let value = try c.decodeIfPresent(Int.self, forKey: key("payment_terms_days")) { edits.append { $0.paymentTermsDays = value } }
        if c.contains(key("promised_ship_date")) {
            let value = try c.decodeIfPresent(String.self, forKey: key("promised_ship_date")) ?? ""
            edits.append { $0.promisedShipDate = value }
        }
        if c.contains(key("promised_delivery_date")) {
            let value = try c.decodeIfPresent(String.self, forKey: key("promised_delivery_date")) ?? ""
            edits.append { $0.promisedDeliveryDate = value }
        }
        if c.contains(key("shipped_at")) { let value = try c.decodeIfPresent(Date.self, forKey: key("shipped_at")); edits.append { $0.shippedAt = value } }
        if c.contains(key("delivered_at")) {
            let value = try c.decodeIfPresent(Date.self, forKey: key("delivered_at"))
            edits.append { $0.deliveredAt = value }
        }
        if let value = try c.decodeIfPresent(String.self, forKey: key("notes")) { edits.append { $0.notes = value } }
        if let lines { let drafts = lines.map(\.draft); edits.append { $0.lines = drafts } }
        self.edits = edits
        self.problems = problems
    }

    /// The draft over `base`; an unknown status, channel or method is refused with the others.
    func draft(over base: OrderBook.Draft = .init(), _ problems: inout FieldProblems) -> OrderBook.Draft {
        for (field, problem) in self.problems.problems { problems[field] = problem }
        var draft = base
        for edit in edits { edit(&draft) }
        return draft
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "OrderInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + fields, required: []) }
}

struct PaymentBody: Encodable, SchemaDescribed {
    let payment: Payment

    enum CodingKeys: String, CodingKey { case id, order_id, amount, paid_at, method, reference, created_by_id, created_at }

    func encode(to encoder: any Encoder) throws {
        let p = payment
        try NullEncoding.encode([
            (CodingKeys.id, try p.requireID()), (.order_id, p.$order.id), (.amount, MoneyValue(minorUnits: p.amount)), (.paid_at, p.paidAt),
            (.method, p.method.rawValue), (.reference, p.reference), (.created_at, p.createdAt),
        ], nullable: [(.created_by_id, p.$createdBy.id)], to: encoder)
    }

    static let schemaName = "Payment"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = [
            ("id", .integer(minimum: 1)), ("order_id", .integer(minimum: 1)), ("amount", .number), ("paid_at", .string(format: "date-time")),
            ("method", .enumeration(PaymentMethod.allCases.map(\.rawValue))), ("reference", .string()),
            ("created_by_id", .nullable(.integer(minimum: 1))), ("created_at", .string(format: "date-time")),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct PaymentInputBody: JSONRequestBody {
    let amount: MoneyValue
    let paid_at: Date?
    let method: String?
    let reference: String?

    static var acceptedKeys: Set<String> { ["amount", "paid_at", "method", "reference"] }
    static let schemaName = "PaymentInput"
    static var schema: JSONSchema {
        .object([("amount", .positiveMoney), ("paid_at", .time),
                 ("method", .enumeration(PaymentMethod.allCases.map(\.rawValue))), ("reference", .text(100))], required: ["amount"])
    }
}

struct ReturnBody: Encodable, SchemaDescribed {
    let orderReturn: OrderReturn
    let lines: [OrderReturnLine]

    struct LineBody: Encodable { let order_line_id: Int64, quantity: QuantityValue, net_amount: MoneyValue, gross_amount: MoneyValue, cost_amount: MoneyValue }

    enum CodingKeys: String, CodingKey { case id, order_id, reason, returned_at, lines, net_amount, gross_amount, cost_amount, refund_amount, created_by_id }

    func encode(to encoder: any Encoder) throws {
        let r = orderReturn
        try NullEncoding.encode([
            (CodingKeys.id, try r.requireID()), (.order_id, r.$order.id), (.reason, r.reason), (.returned_at, r.returnedAt),
            (.lines, lines.map { LineBody(order_line_id: $0.$orderLine.id, quantity: QuantityValue(units: $0.quantityMilli),
                                          net_amount: MoneyValue(minorUnits: $0.netAmount), gross_amount: MoneyValue(minorUnits: $0.grossAmount),
                                          cost_amount: MoneyValue(minorUnits: $0.costAmount)) }),
            (.net_amount, MoneyValue(minorUnits: r.netAmount)), (.gross_amount, MoneyValue(minorUnits: r.grossAmount)),
            (.cost_amount, MoneyValue(minorUnits: r.costAmount)), (.refund_amount, MoneyValue(minorUnits: r.refundAmount)),
        ], nullable: [(.created_by_id, r.$createdBy.id)], to: encoder)
    }

    static let schemaName = "Return"
    static var schema: JSONSchema {
        let line: [(name: String, schema: JSONSchema)] = [
            ("order_line_id", .integer(minimum: 1)), ("quantity", .number), ("net_amount", .number), ("gross_amount", .number), ("cost_amount", .number),
        ]
        let fields: [(name: String, schema: JSONSchema)] = [
            ("id", .integer(minimum: 1)), ("order_id", .integer(minimum: 1)), ("reason", .string()), ("returned_at", .string(format: "date-time")),
            ("lines", .array(.object(line, required: line.map(\.name)))), ("net_amount", .number), ("gross_amount", .number),
            ("cost_amount", .number), ("refund_amount", .number), ("created_by_id", .nullable(.integer(minimum: 1))),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct ReturnInputBody: JSONRequestBody {
    struct Line: Decodable { let order_line_id: Int64; let quantity: QuantityValue }
    let lines: [Line]
    let reason: String
    let refund_amount: MoneyValue?
    let returned_at: Date?

    static var acceptedKeys: Set<String> { ["lines", "reason", "refund_amount", "returned_at"] }
    static let schemaName = "ReturnInput"
    static var schema: JSONSchema {
        let line: [(name: String, schema: JSONSchema)] = [
            ("order_line_id", .id),
            ("quantity", .decimal(places: 3, minimum: 0, maximum: Double(LinePricing.maximumQuantityMilli) / 1000, exclusiveMinimum: true)),
        ]
        return .object([("lines", .array(.object(line, required: ["order_line_id", "quantity"]), minItems: 1, maxItems: SalesLineRules.maximumLines)),
                        ("reason", .name(CustomerRules.maximumTextLength)), ("refund_amount", .money), ("returned_at", .time)],
                       required: ["lines", "reason"])
    }
}

struct CustomerSalesBody: Encodable, SchemaDescribed {
    let sales: CustomerSales

    enum CodingKeys: String, CodingKey { case customer_id, order_count, revenue, gross_profit, outstanding, first_order_at, last_order_at }

    func encode(to encoder: any Encoder) throws {
        let s = sales
        try NullEncoding.encode([
            (CodingKeys.customer_id, s.id ?? 0), (.order_count, s.orderCount), (.revenue, MoneyValue(minorUnits: s.revenue)),
            (.gross_profit, MoneyValue(minorUnits: s.grossProfit)), (.outstanding, MoneyValue(minorUnits: s.outstanding)),
        ], nullable: [(.first_order_at, s.firstOrderAt), (.last_order_at, s.lastOrderAt)], to: encoder)
    }

    static let schemaName = "CustomerSales"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = [
            ("customer_id", .integer(minimum: 1)), ("order_count", .integer(minimum: 0)), ("revenue", .number), ("gross_profit", .number),
            ("outstanding", .number), ("first_order_at", .nullable(.string(format: "date-time"))),
            ("last_order_at", .nullable(.string(format: "date-time"))),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}
