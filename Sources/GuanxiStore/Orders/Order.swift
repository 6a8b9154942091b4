import Fluent
import Foundation
import GuanxiCore

/// A sale (订单): what the customer bought, how it is paid and delivered, and what came back.
public final class Order: Model, @unchecked Sendable {
    public static let schema = "orders"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Field(key: "number") public var number: String
    @Parent(key: "customer_id") public var customer: Customer
    @OptionalParent(key: "contact_id") public var contact: Contact?
    @OptionalParent(key: "quote_id") public var quote: Quote?
    @OptionalParent(key: "opportunity_id") public var opportunity: Opportunity?
    @OptionalField(key: "campaign_id") public var campaignID: Int64?
    @Field(key: "ordered_at") public var orderedAt: Date
    /// The order date in the company's time zone, YYYY-MM-DD: what reports group by.
    @Field(key: "order_day") public var orderDay: String
    @Enum(key: "status") public var status: OrderStatus
    /// A built-in `SalesChannel` code or an added channel's (`SalesChannelBook`).
    @Field(key: "channel") public var channel: String
    @Enum(key: "payment_method") public var paymentMethod: PaymentMethod
    @Field(key: "payment_terms_days") public var paymentTermsDays: Int
    /// YYYY-MM-DD: the order day plus the payment terms.
    @Field(key: "due_date") public var dueDate: String
    @Enum(key: "delivery_method") public var deliveryMethod: DeliveryMethod
    @OptionalField(key: "promised_ship_date") public var promisedShipDate: String?
    @OptionalField(key: "promised_delivery_date") public var promisedDeliveryDate: String?
    @OptionalField(key: "shipped_at") public var shippedAt: Date?
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @Enum(key: "tax_mode") public var taxMode: TaxMode
    @Field(key: "notes") public var notes: String
    @Field(key: "discount_total") public var discountTotal: Int64
    @Field(key: "net_total") public var netTotal: Int64
    @Field(key: "tax_total") public var taxTotal: Int64
    @Field(key: "gross_total") public var grossTotal: Int64
    @Field(key: "cost_total") public var costTotal: Int64
    @Field(key: "returned_net") public var returnedNet: Int64
    @Field(key: "returned_gross") public var returnedGross: Int64
    @Field(key: "returned_cost") public var returnedCost: Int64
    @Field(key: "paid_total") public var paidTotal: Int64
    @Field(key: "refunded_total") public var refundedTotal: Int64
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

    /// Net revenue after returns (VAT excluded): what the sale earned the company.
    public var revenue: Int64 { netTotal - returnedNet }
    public var cost: Int64 { costTotal - returnedCost }
    public var grossProfit: Int64 { revenue - cost }
    /// Gross profit in hundredths of a percent of revenue.
    public var marginBasis: Int64? { LinePricing.share(grossProfit, of: revenue) }
    /// What the customer owes: the gross less returns, less what they paid net of refunds.
    public var outstanding: Int64 { grossTotal - returnedGross - (paidTotal - refundedTotal) }

    /// Unpaid after its due date.
    public func isOverdue(today: String) -> Bool { status.isSale && outstanding > 0 && dueDate < today }

    /// Delivered later than promised; nil while either date is unknown.
    public func deliveredLate(calendar: CompanyCalendar) -> Bool? {
        guard let promised = promisedDeliveryDate, let deliveredAt else { return nil }
        return calendar.day(deliveredAt) > promised
    }
}

public final class OrderLine: Model, SalesLineRecord, @unchecked Sendable {
    public static let schema = "order_lines"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "order_id") public var order: Order
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
    @Field(key: "returned_quantity_milli") public var returnedQuantityMilli: Int64
    @Field(key: "returned_net") public var returnedNet: Int64
    @Field(key: "returned_gross") public var returnedGross: Int64
    @Field(key: "returned_cost") public var returnedCost: Int64

    public init() {}

    /// What may still come back.
    public var returnableQuantityMilli: Int64 { quantityMilli - returnedQuantityMilli }
}

/// Money received against an order.
public final class Payment: Model, @unchecked Sendable {
    public static let schema = "payments"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "order_id") public var order: Order
    @Field(key: "amount") public var amount: Int64
    @Field(key: "paid_at") public var paidAt: Date
    @Enum(key: "method") public var method: PaymentMethod
    @Field(key: "reference") public var reference: String
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// Goods that came back (退货), and the money refunded for them.
public final class OrderReturn: Model, @unchecked Sendable {
    public static let schema = "order_returns"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "order_id") public var order: Order
    @Field(key: "reason") public var reason: String
    @Field(key: "returned_at") public var returnedAt: Date
    @Field(key: "net_amount") public var netAmount: Int64
    @Field(key: "gross_amount") public var grossAmount: Int64
    @Field(key: "cost_amount") public var costAmount: Int64
    @Field(key: "refund_amount") public var refundAmount: Int64
    @OptionalParent(key: "created_by_id") public var createdBy: User?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

public final class OrderReturnLine: Model, @unchecked Sendable {
    public static let schema = "order_return_lines"

    @ID(custom: .id, generatedBy: .database) public var id: Int64?
    @Parent(key: "return_id") public var orderReturn: OrderReturn
    @Parent(key: "order_line_id") public var orderLine: OrderLine
    @Field(key: "quantity_milli") public var quantityMilli: Int64
    @Field(key: "net_amount") public var netAmount: Int64
    @Field(key: "gross_amount") public var grossAmount: Int64
    @Field(key: "cost_amount") public var costAmount: Int64

    public init() {}
}

/// A customer's sales to date, kept current by every order write in its transaction.
public final class CustomerSales: Model, @unchecked Sendable {
    public static let schema = "customer_sales"

    @ID(custom: "customer_id", generatedBy: .user) public var id: Int64?
    @Field(key: "order_count") public var orderCount: Int
    @Field(key: "revenue") public var revenue: Int64
    @Field(key: "gross_profit") public var grossProfit: Int64
    @Field(key: "outstanding") public var outstanding: Int64
    @OptionalField(key: "first_order_at") public var firstOrderAt: Date?
    @OptionalField(key: "last_order_at") public var lastOrderAt: Date?

    public init() {}
}
