import Fluent
import Foundation
import GuanxiCore

/// An offer to a customer (报价). Every revision is its own row under the same number; only a draft is edited.
public final class Quote: Model, @unchecked Sendable {
    public static let schema = "quotes"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "number") public var number: String
    @Field(key: "revision") public var revision: Int
    @Parent(key: "customer_id") public var customer: Customer
    @OptionalParent(key: "contact_id") public var contact: Contact?
    @OptionalParent(key: "opportunity_id") public var opportunity: Opportunity?
    /// YYYY-MM-DD.
    @Field(key: "quote_date") public var quoteDate: String
    /// YYYY-MM-DD: the last day the offer holds.
    @Field(key: "valid_until") public var validUntil: String
    @Enum(key: "status") public var status: QuoteStatus
    /// Whether its prices include VAT, as the company sold when it was written.
    @Enum(key: "tax_mode") public var taxMode: TaxMode
    @Field(key: "notes") public var notes: String
    @Field(key: "discount_total") public var discountTotal: Int64
    @Field(key: "net_total") public var netTotal: Int64
    @Field(key: "tax_total") public var taxTotal: Int64
    @Field(key: "gross_total") public var grossTotal: Int64
    @Field(key: "cost_total") public var costTotal: Int64
    @OptionalField(key: "sent_at") public var sentAt: Date?
    /// When it was accepted, rejected or expired.
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    /// The order its acceptance made.
    @OptionalField(key: "order_id") public var orderID: Int64?
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var totals: DocumentTotals {
        var totals = DocumentTotals()
        totals.discount = discountTotal
        totals.net = netTotal
        totals.tax = taxTotal
        totals.gross = grossTotal
        totals.cost = costTotal
        return totals
    }

    func setTotals(_ totals: DocumentTotals) {
        discountTotal = totals.discount
        netTotal = totals.net
        taxTotal = totals.tax
        grossTotal = totals.gross
        costTotal = totals.cost
    }
}

public final class QuoteLine: Model, SalesLineRecord, @unchecked Sendable {
    public static let schema = "quote_lines"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "quote_id") public var quote: Quote
    @Field(key: "position") public var position: Int
    @OptionalField(key: "product_id") public var productID: Int64?
    @Field(key: "description") public var lineDescription: String
    @Field(key: "quantity_milli") public var quantityMilli: Int64
    @Field(key: "unit_price") public var unitPrice: Int64
    @OptionalField(key: "discount_percent_basis") public var discountPercentBasis: Int64?
    @OptionalField(key: "discount_amount") public var discountAmount: Int64?
    @Field(key: "tax_rate_basis") public var taxRateBasis: Int64
    @Field(key: "unit_cost") public var unitCost: Int64
    @Field(key: "discount_total") public var discountTotal: Int64
    @Field(key: "net_amount") public var netAmount: Int64
    @Field(key: "tax_amount") public var taxAmount: Int64
    @Field(key: "gross_amount") public var grossAmount: Int64
    @Field(key: "cost_amount") public var costAmount: Int64

    public init() {}
}
