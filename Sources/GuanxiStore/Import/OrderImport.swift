import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Orders from a file, one row per order line, grouped into orders by number: the lines of an order stand together
/// (a number met again further down is refused). A line names a product by SKU or has a description, and is priced
/// by the same rules as a quote's or an order's line (`SalesLineRules`); the order's own values come from its first
/// row. Customers' sales figures are brought up to date once, after the last line.
struct OrderImport: ImportKindProcessor {
    static let columns: [ImportColumns.Column] = [
        .init(field: "order_number", required: true, aliases: ["订单号", "订单编号", "number", "order"]),
        .init(field: "customer", required: true, aliases: ["客户", "客户名称", "customer_id"]),
        .init(field: "ordered_at", required: true, aliases: ["下单日期", "订单日期", "日期", "date"]),
        .init(field: "sku", required: false, aliases: ["产品编号", "产品", "product"]),
        .init(field: "description", required: false, aliases: ["描述", "品名", "名称"]),
        .init(field: "quantity", required: true, aliases: ["数量", "qty"]),
        .init(field: "unit_price", required: false, aliases: ["单价", "price"]),
        .init(field: "discount", required: false, aliases: ["折扣"]),
        .init(field: "unit_cost", required: false, aliases: ["单位成本", "成本", "cost"]),
        .init(field: "tax_rate", required: false, aliases: ["税率"]),
        .init(field: "channel", required: false, aliases: ["渠道", "销售渠道"]),
        .init(field: "payment_method", required: false, aliases: ["付款方式", "支付方式"]),
        .init(field: "status", required: false, aliases: ["状态", "订单状态"]),
        .init(field: "delivered_at", required: false, aliases: ["交付日期", "送达日期", "delivered"]),
        .init(field: "paid_amount", required: false, aliases: ["已付金额", "已收款", "paid"]),
    ]

    let session: ImportSession
    /// The order whose lines are being read; it may go on in the next batch.
    private var pending: PendingOrder?
    /// Orders complete and checked, written at the end of the batch.
    private var ready: [PendingOrder] = []
    /// Number → first line, of every order met so far.
    private var seen: [String: Int] = [:]
    private var products: [String: Product] = [:]
    private var taxMode: TaxMode?
    /// The active added channels by code and by either name (lower-cased), loaded with the first rows.
    private var addedChannels: [String: String]?
    private var firstOrderID: Int64?

    init(session: ImportSession) { self.session = session }

    struct PendingOrder {
        let number: String
        let line: Int
        var customerID: Int64?
        var orderedAt: Date?
        var channel = SalesChannel.direct.rawValue
        var paymentMethod: PaymentMethod = .bankTransfer
        var status: OrderStatus = .completed
        var deliveredAt: Date?
        var paid: Int64 = 0
        var lines: [ResolvedLine] = []
        var bad = false
    }

    mutating func process(_ rows: [Row], into report: inout ImportReport, on db: any Database) async throws {
        if taxMode == nil { taxMode = try await CompanySettings.profile(on: db).taxMode }
        if addedChannels == nil { addedChannels = try await SalesImportValues.addedChannels(on: db) }
        let customers = try await session.resolveCustomers(rows.map { $0["customer"] }, db)
        try await loadProducts(rows.map { $0["sku"] }, db)
        let numbers = Set(rows.map { $0["order_number"] }.filter { !$0.isEmpty })
        let existing = numbers.isEmpty ? [] : try await Order.query(on: db).filter(\.$number ~~ Array(numbers)).all(\.$number)
        let taken = Set(existing)
        for row in rows {
            let number = row["order_number"]
            if number != pending?.number {
                if let finished = pending { close(finished, &report) }
                pending = start(row, number: number, customers: customers, taken: taken, &report)
            }
            addLine(row, &report)
        }
        try await write(&report, on: db)
    }

    mutating func finish(into report: inout ImportReport, on db: any Database) async throws {
        if let finished = pending { close(finished, &report) }
        pending = nil
        try await write(&report, on: db)
        guard report.succeeded, let firstOrderID else { return }
        try await Self.refreshCustomerSales(ordersFrom: firstOrderID, on: db)
    }

    /// The first row of an order: its number and the order's own values.
    private mutating func start(_ row: Row, number: String, customers: [String: Int64], taken: Set<String>,
                                _ report: inout ImportReport) -> PendingOrder {
        var order = PendingOrder(number: number, line: row.line)
        if number.isEmpty { order.bad = session.fieldProblem(row, "order_number", .required, &report) }
        else if number.count > 64 { order.bad = session.fieldProblem(row, "order_number", .tooLong(maximum: 64), &report) }
        else if let earlier = seen[number] { session.problem(row, "order_number", .orderNumberApart(line: earlier), &report); order.bad = true }
        else if taken.contains(number) { session.problem(row, "order_number", .duplicateOrderNumber(number), &report); order.bad = true }
        if !number.isEmpty, seen[number] == nil { seen[number] = row.line }
        order.customerID = session.customer(row, in: customers, &report)
        if order.customerID == nil { order.bad = true }
        order.orderedAt = LocalDateParser.dateTime(row["ordered_at"], timeZone: session.timeZone)
        if order.orderedAt == nil {
            order.bad = session.fieldProblem(row, "ordered_at", row["ordered_at"].isEmpty ? .required : .invalidDate, &report) || order.bad
        }
        if !row["channel"].isEmpty {
            let added = addedChannels ?? [:]
            if let value = SalesImportValues.channel(row["channel"])?.rawValue ?? added[row["channel"].lowercased()] { order.channel = value }
            else {
                let codes = SalesChannel.allCases.map(\.rawValue) + Set(added.values).sorted()
                order.bad = session.fieldProblem(row, "channel", .notOneOf(codes), &report) || order.bad
            }
        }
        if !row["payment_method"].isEmpty {
            if let value = SalesImportValues.paymentMethod(row["payment_method"]) { order.paymentMethod = value }
            else { order.bad = session.fieldProblem(row, "payment_method", .notOneOf(PaymentMethod.allCases.map(\.rawValue)), &report) || order.bad }
        }
        if !row["status"].isEmpty {
            if let value = SalesImportValues.status(row["status"]) { order.status = value }
            else { order.bad = session.fieldProblem(row, "status", .notOneOf(OrderStatus.allCases.map(\.rawValue)), &report) || order.bad }
        }
        if !row["delivered_at"].isEmpty {
            order.deliveredAt = LocalDateParser.dateTime(row["delivered_at"], timeZone: session.timeZone)
            if order.deliveredAt == nil { order.bad = session.fieldProblem(row, "delivered_at", .invalidDate, &report) || order.bad }
            else if let at = order.orderedAt, let delivered = order.deliveredAt, delivered < at {
                order.bad = session.fieldProblem(row, "delivered_at", .beforeDate("ordered_at"), &report) || order.bad
            }
        }
        if !row["paid_amount"].isEmpty {
            if let paid = MinorUnits.parse(row["paid_amount"]), paid >= 0 { order.paid = paid }
            else { order.bad = session.fieldProblem(row, "paid_amount", .invalidAmount, &report) || order.bad }
        }
        return order
    }

    /// One line of the pending order, priced by the shared rules.
    private mutating func addLine(_ row: Row, _ report: inout ImportReport) {
        var draft = LineDraft()
        var bad = false
        var product: Product?
        let sku = row["sku"]
        if !sku.isEmpty {
            product = products[sku]
            if let product { draft.productID = product.id } else { session.problem(row, "sku", .unknownProduct(sku), &report); bad = true }
        }
        draft.description = row["description"]
        if let quantity = DecimalUnits.parse(row["quantity"], decimals: 3) { draft.quantityMilli = quantity }
        else { bad = session.fieldProblem(row, "quantity", row["quantity"].isEmpty ? .required : .tooManyDecimals(3), &report) || bad }
        for (field, set) in [("unit_price", { (d: inout LineDraft, v: Int64) in d.unitPrice = v }), ("unit_cost", { d, v in d.unitCost = v })] {
            let cell = row[field]
            if cell.isEmpty { continue }
            if let value = MinorUnits.parse(cell) { set(&draft, value) } else { bad = session.fieldProblem(row, field, .invalidAmount, &report) || bad }
        }
        let discount = row["discount"]
        if discount.hasSuffix("%") {
            if let percent = DecimalUnits.parse(String(discount.dropLast()), decimals: 2) { draft.discountPercentBasis = percent }
            else { bad = session.fieldProblem(row, "discount", .percentOutOfRange, &report) || bad }
        } else if !discount.isEmpty {
            if let amount = MinorUnits.parse(discount) { draft.discountAmount = amount }
            else { bad = session.fieldProblem(row, "discount", .invalidAmount, &report) || bad }
        }
        let rate = row["tax_rate"].replacingOccurrences(of: "%", with: "")
        if !rate.isEmpty {
            if let value = DecimalUnits.parse(rate, decimals: 2) { draft.taxRateBasis = value }
            else { bad = session.fieldProblem(row, "tax_rate", .percentOutOfRange, &report) || bad }
        }
        if !bad, sku.isEmpty || product != nil {
            let (line, problems) = SalesLineRules.resolve(draft, product: product, mode: taxMode ?? .inclusive)
            // The rules name the fields as the API does; the file has one discount column and names the product by SKU.
            var renamed = FieldProblems()
            for (field, problem) in problems.problems {
                let column = switch field {
                case "discount_percent", "discount_amount": "discount"
                case "product_id": "sku"
                default: field
                }
                renamed[column] = problem
            }
            bad = session.fieldProblems(row, renamed, &report) || bad
            if let line { pending?.lines.append(line) }
        }
        if bad { pending?.bad = true }
        report.validRows += bad ? 0 : 1
    }

    private mutating func close(_ order: PendingOrder, _ report: inout ImportReport) {
        guard !order.bad, order.customerID != nil, order.orderedAt != nil else { return }
        ready.append(order)
    }

    /// Writes the orders made ready in this batch, while the import has no problem (the transaction commits only if
    /// none turns up).
    private mutating func write(_ report: inout ImportReport, on db: any Database) async throws {
        defer { ready.removeAll(keepingCapacity: true) }
        guard report.succeeded, !ready.isEmpty else { return }
        let calendar = CompanyCalendar(timeZone: session.timeZone)
        let now = session.now
        var orderRows: [[BulkValue]] = []
        orderRows.reserveCapacity(ready.count)
        for order in ready {
            guard let customerID = order.customerID, let orderedAt = order.orderedAt else { continue }
            let totals = DocumentTotals(order.lines.map(\.priced))
            let day = calendar.day(orderedAt)
            let delivered = order.deliveredAt ?? (order.status.isDelivered ? orderedAt : nil)
            orderRows.append([
                .text(order.number), .int(customerID), .date(orderedAt), .text(day), .text(order.status.rawValue), .text(order.channel),
                .text(order.paymentMethod.rawValue), .int(0), .text(day), .text(DeliveryMethod.courier.rawValue), .date(delivered),
                .date(delivered), .text((taxMode ?? .inclusive).rawValue), .text(""), .int(totals.discount), .int(totals.net), .int(totals.tax),
                .int(totals.gross), .int(totals.cost), .int(0), .int(0), .int(0), .int(min(order.paid, totals.gross)), .int(0),
                .int(session.actor.userID), .int(1), .date(now), .date(now),
            ])
        }
        let ids = try await BulkWriter.insert(into: Order.schema, columns: [
            "number", "customer_id", "ordered_at", "order_day", "status", "channel", "payment_method", "payment_terms_days", "due_date",
            "delivery_method", "shipped_at", "delivered_at", "tax_mode", "notes", "discount_total", "net_total", "tax_total", "gross_total",
            "cost_total", "returned_net", "returned_gross", "returned_cost", "paid_total", "refunded_total", "created_by_id", "version",
            "created_at", "updated_at",
        ], rows: orderRows, returningIDs: true, on: db)
        if firstOrderID == nil { firstOrderID = ids.min() }
        var lineRows: [[BulkValue]] = []
        for (order, id) in zip(ready, ids) {
            for (index, line) in order.lines.enumerated() {
                let t = line.terms, p = line.priced
                lineRows.append([.int(id), .int(Int64(index + 1)), .int(line.productID), .text(line.description), .int(t.quantityMilli),
                                 .int(t.unitPrice), .int(t.discountPercentBasis), .int(t.discountAmount), .int(t.taxRateBasis), .int(t.unitCost),
                                 .int(p.discount), .int(p.net), .int(p.tax), .int(p.gross), .int(p.cost), .int(0), .int(0), .int(0), .int(0)])
            }
        }
        try await BulkWriter.insert(into: OrderLine.schema, columns: [
            "order_id", "position", "product_id", "description", "quantity_milli", "unit_price", "discount_percent_basis", "discount_amount",
            "tax_rate_basis", "unit_cost", "discount_total", "net_amount", "tax_amount", "gross_amount", "cost_amount",
            "returned_quantity_milli", "returned_net", "returned_gross", "returned_cost",
        ], rows: lineRows, on: db)
        report.writtenRows += lineRows.count
    }

    private mutating func loadProducts(_ skus: [String], _ db: any Database) async throws {
        let missing = Array(Set(skus.filter { !$0.isEmpty && products[$0] == nil }))
        guard !missing.isEmpty else { return }
        for product in try await Product.query(on: db).filter(\.$sku ~~ missing).all() { products[product.sku] = product }
    }

    /// The sales figures of every customer with an order from `firstID` on, from all their orders, in one statement.
    static func refreshCustomerSales(ordersFrom firstID: Int64, on db: any Database) async throws {
        try await db.sql().raw("""
            INSERT INTO customer_sales (customer_id, order_count, revenue, gross_profit, outstanding, first_order_at, last_order_at)
            SELECT customer_id, COUNT(*), SUM(net_total - returned_net), SUM(net_total - returned_net - cost_total + returned_cost),
                   SUM(gross_total - returned_gross - paid_total + refunded_total), MIN(ordered_at), MAX(ordered_at)
            FROM orders
            WHERE status IN (\(unsafeRaw: CustomerSalesLedger.saleStatuses))
              AND customer_id IN (SELECT DISTINCT customer_id FROM orders WHERE id >= \(bind: firstID))
            GROUP BY customer_id
            ON CONFLICT (customer_id) DO UPDATE SET order_count = excluded.order_count, revenue = excluded.revenue,
                gross_profit = excluded.gross_profit, outstanding = excluded.outstanding,
                first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at
            """).run()
    }
}

/// Spellings of the sales enumerations in a file, in English and Chinese.
enum SalesImportValues {
    /// The active added sales channels, found by their code or either of their names (lower-cased).
    static func addedChannels(on db: any Database) async throws -> [String: String] {
        var spellings: [String: String] = [:]
        for channel in try await CustomSalesChannel.query(on: db).filter(\.$active == true).all() {
            for spelling in [channel.code, channel.nameEnglish.lowercased(), channel.nameChinese.lowercased()] where spellings[spelling] == nil {
                spellings[spelling] = channel.code
            }
        }
        return spellings
    }

    static func channel(_ text: String) -> SalesChannel? {
        if let value = SalesChannel(rawValue: text.fastLowercased) { return value }
        switch text {
        case "直销", "直营": return .direct
        case "网店", "线上", "电商", "网上商城": return .onlineStore
        case "代理", "代理商", "经销商", "分销": return .agent
        case "电话": return .phone
        case "微信": return .wechat
        case "展会", "展销会": return .tradeShow
        case "其他", "其它": return .other
        default: return nil
        }
    }

    static func paymentMethod(_ text: String) -> PaymentMethod? {
        if let value = PaymentMethod(rawValue: text.fastLowercased) { return value }
        switch text {
        case "银行转账", "转账", "电汇": return .bankTransfer
        case "现金": return .cash
        case "微信支付": return .wechatPay
        case "支付宝": return .alipay
        case "刷卡", "银行卡", "信用卡": return .card
        case "赊销", "账期", "月结": return .credit
        default: return nil
        }
    }

    static func status(_ text: String) -> OrderStatus? {
        if let value = OrderStatus(rawValue: text.fastLowercased) { return value }
        switch text {
        case "草稿": return .draft
        case "已确认", "确认": return .confirmed
        case "已发货", "发货": return .shipped
        case "已交付", "已送达", "交付", "已签收": return .delivered
        case "已完成", "完成": return .completed
        case "已取消", "取消": return .cancelled
        default: return nil
        }
    }
}
