import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

struct QuoteBody: Encodable, SchemaDescribed {
    let quote: Quote
    let lines: [QuoteLine]

    enum CodingKeys: String, CodingKey {
        case id, version, created_at, updated_at, number, revision, customer_id, contact_id, opportunity_id, quote_date, valid_until
        case status, prices_include_tax, notes, lines, discount_total, net_total, tax_total, gross_total, cost_total, gross_margin
        case margin_percent, sent_at, decided_at, order_id
    }

    func encode(to encoder: any Encoder) throws {
        let q = quote
        let totals = q.totals
        try NullEncoding.encode([
            (CodingKeys.id, try q.requireID()), (.version, q.version), (.created_at, q.createdAt), (.updated_at, q.updatedAt),
            (.number, q.number), (.revision, q.revision), (.customer_id, q.$customer.id), (.quote_date, q.quoteDate),
            (.valid_until, q.validUntil), (.status, q.status.rawValue), (.prices_include_tax, q.taxMode == .inclusive), (.notes, q.notes),
            (.lines, try lines.map(LineBody.init(quoteLine:))),
        ] + totalsPairs(totals, keys: (.discount_total, .net_total, .tax_total, .gross_total, .cost_total, .gross_margin)),
        nullable: [(.contact_id, q.$contact.id), (.opportunity_id, q.$opportunity.id), (.sent_at, q.sentAt), (.decided_at, q.decidedAt),
                   (.order_id, q.orderID), (.margin_percent, totals.marginBasis.map { PercentValue(units: $0) })], to: encoder)
    }

    static let schemaName = "Quote"
    static var schema: JSONSchema {
        let fields: [(name: String, schema: JSONSchema)] = recordSchemaFields + [
            ("number", .string()), ("revision", .integer(minimum: 1)), ("customer_id", .integer(minimum: 1)),
            ("contact_id", .nullable(.integer(minimum: 1))), ("opportunity_id", .nullable(.integer(minimum: 1))),
            ("quote_date", .string(format: "date")), ("valid_until", .string(format: "date")),
            ("status", .enumeration(QuoteStatus.allCases.map(\.rawValue))), ("prices_include_tax", .boolean), ("notes", .string()),
            ("lines", .array(.ref(LineBody.quoteSchemaName))),
        ] + totalsSchemaFields + [
            ("sent_at", .nullable(.string(format: "date-time"))), ("decided_at", .nullable(.string(format: "date-time"))),
            ("order_id", .nullable(.integer(minimum: 1))),
        ]
        return .object(fields, required: fields.map(\.name))
    }
}

struct QuoteInputBody: JSONRequestBody {
    let version: Int?
    let customerID: Int64?
    let lines: [LineInputBody]?
    private let edits: [@Sendable (inout QuoteBook.Draft) -> Void]

    static let fields: [(name: String, schema: JSONSchema)] = [
        ("customer_id", .id), ("contact_id", .nullable(.id)),
        ("opportunity_id", .nullable(.id)), ("quote_date", .day),
        ("valid_until", .day), ("notes", .text(CustomerRules.maximumNotesLength)), ("lines", LineInputBody.list),
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        func key(_ name: String) -> JSONKey { JSONKey(name) }
        version = try c.decodeIfPresent(Int.self, forKey: key("version"))
        customerID = try c.decodeIfPresent(Int64.self, forKey: key("customer_id"))
        lines = try c.decodeIfPresent([LineInputBody].self, forKey: key("lines"))
        var edits: [@Sendable (inout QuoteBook.Draft) -> Void] = []
        if let value = customerID { edits.append { $0.customerID = value } }
        if c.contains(key("contact_id")) { let value = try c.decodeIfPresent(Int64.self, forKey: key("contact_id")); edits.append { $0.contactID = value } }
        if c.contains(key("opportunity_id")) {
            let value = try c.decodeIfPresent(Int64.self, forKey: key("opportunity_id"))
            edits.append { $0.opportunityID = value }
        }
        if let value = try c.decodeIfPresent(String.self, forKey: key("quote_date")) { edits.append { $0.quoteDate = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("valid_until")) { edits.append { $0.validUntil = value } }
        if let value = try c.decodeIfPresent(String.self, forKey: key("notes")) { edits.append { $0.notes = value } }
        if let lines { let drafts = lines.map(\.draft); edits.append { $0.lines = drafts } }
        self.edits = edits
    }

    func draft(over base: QuoteBook.Draft = .init()) -> QuoteBook.Draft {
        var draft = base
        for edit in edits { edit(&draft) }
        return draft
    }

    static func draft(of quote: Quote, lines: [QuoteLine]) -> QuoteBook.Draft {
        var draft = QuoteBook.Draft()
        draft.customerID = quote.$customer.id
        draft.contactID = quote.$contact.id
        draft.opportunityID = quote.$opportunity.id
        draft.quoteDate = quote.quoteDate
        draft.validUntil = quote.validUntil
        draft.notes = quote.notes
        draft.lines = lines.map(\.draft)
        return draft
    }

    static var acceptedKeys: Set<String> { Set(fields.map(\.name) + ["version"]) }
    static let schemaName = "QuoteInput"
    static var schema: JSONSchema { .object([("version", .integer(minimum: 1))] + fields, required: []) }
}
