import Fluent
import Foundation
import GuanxiAnalytics
import GuanxiCore
import SQLKit

/// Two years of believable sales for the demo customers: orders with seasonality (a Spring Festival dip, a year-end
/// peak), lines of the demo catalogue at its costs, payments (some late), deliveries (some late), about 2 % of lines
/// returned, and opportunities through the stages. Most customers buy steadily; some grow, some stop buying, and
/// some decline by half or more over their last six months — which ones follows from the customer's id alone
/// (`pattern(of:)`), so tests and the later decline warnings can name them.
struct DemoSales {
    let now: Date
    let calendar: CompanyCalendar
    let seed: UInt64

    enum Pattern: Sendable, Equatable { case steady, growing, stopped, declining }

    /// The planted pattern of a demo customer: 1 in 10 declines, 1 in 10 stops buying, 1 in 10 grows.
    static func pattern(of customerID: Int64) -> Pattern {
        switch customerID % 10 {
        case 3: .declining
        case 6: .stopped
        case 8: .growing
        default: .steady
        }
    }

    struct Product { let id: Int64; let price: Int64; let cost: Int64 }

    struct Counts { var orders = 0, lines = 0, opportunities = 0, quotes = 0, bids = 0 }

    /// Sales for the customers with ids in `customers` (id, owner id); numbers continue each year's sequence of
    /// each kind of document.
    func generate(customers: [(id: Int64, owner: Int64?)], products: [Product], stages: [PipelineStage],
                  sequences: inout [DocumentKind: [Int: Int64]], on db: any Database) async throws -> Counts {
        var counts = Counts()
        var orders: [[BulkValue]] = [], lineSets: [[LineValues]] = [], payments: [[(Int64, Date, String)]] = []
        var opportunities: [[BulkValue]] = [], moves: [[(Int64?, Int64, Date)]] = [], quoted: [DemoQuotes.Opportunity] = []
        var orderNumbers = sequences[.order, default: [:]]
        let start = now.addingTimeInterval(-730 * 86_400)
        let openStages = stages.filter(\.isOpen), won = stages.first(where: \.isWon), lost = stages.first(where: \.isLost)
        for (customerID, owner) in customers {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(customerID))
            let pattern = Self.pattern(of: customerID)
            // Orders a month: from one in twenty-five to one in three (about four in two years, ten lines), the decliners
            // among the regular buyers.
            var rate = 0.04 + Double(random.next() % 30) / 100
            if pattern == .declining { rate = max(rate, 1.0) }
            guard random.next() % 100 < 85 || pattern != .steady else { continue }
            for month in 0..<24 {
                let monthsAgo = 23 - month
                var expected = rate * Self.season(monthOf: start.addingTimeInterval(Double(month) * 30.4 * 86_400), calendar)
                switch pattern {
                case .declining where monthsAgo < 6: expected *= 0.15
                case .stopped where monthsAgo < 9: expected = 0
                case .growing: expected *= 0.4 + Double(month) / 16
                default: break
                }
                var count = Int(expected)
                if Double(random.next() % 1000) / 1000 < expected - Double(count) { count += 1 }
                for _ in 0..<count {
                    let at = start.addingTimeInterval((Double(month) * 30.4 + Double(random.next() % 30)) * 86_400 + Double(random.next() % 36_000) + 28_800)
                    guard at < now else { continue }
                    var lines: [LineValues] = []
                    for _ in 0..<(1 + Int(random.next() % 4)) {
                        let product = products[Int(random.next() % UInt64(products.count))]
                        let terms = LineTerms(quantityMilli: Int64(1 + random.next() % 10) * 1000, unitPrice: product.price,
                                              discountPercentBasis: random.next() % 4 == 0 ? [500, 1000][Int(random.next() % 2)] : nil,
                                              taxRateBasis: LinePricing.defaultTaxRateBasis, unitCost: product.cost)
                        lines.append(LineValues(productID: product.id, terms: terms, priced: LinePricing.price(terms, mode: .inclusive),
                                                returned: random.next() % 50 == 0))
                    }
                    let age = now.timeIntervalSince(at) / 86_400
                    let status: OrderStatus = age > 30 ? .completed : age > 10 ? .delivered : age > 3 ? .shipped : .confirmed
                    let day = calendar.day(at)
                    let terms = [0, 30, 30, 60][Int(random.next() % 4)]
                    let due = calendar.day(day, plus: terms) ?? day
                    let promised = calendar.day(day, plus: 3 + Int(random.next() % 5)) ?? day
                    let late = random.next() % 10 == 0
                    let delivered: Date? = status.isDelivered
                        ? (calendar.start(of: promised) ?? at).addingTimeInterval(Double(late ? 1 + random.next() % 5 : 0) * 86_400 - 14_400) : nil
                    let shipped: Date? = status == .confirmed ? nil : at.addingTimeInterval(86_400)
                    let totals = DocumentTotals(lines.map(\.priced))
                    let returned = lines.filter(\.returned).reduce(into: (net: Int64(0), gross: Int64(0), cost: Int64(0))) {
                        $0.net += $1.priced.net; $0.gross += $1.priced.gross; $0.cost += $1.priced.cost
                    }
                    let owed = totals.gross - returned.gross
                    // Nine in ten are paid when due, some of them late; recent ones may still be open.
                    let paidDue = (calendar.start(of: due) ?? at).addingTimeInterval(Double(random.next() % 10 == 0 ? 20 + random.next() % 40 : random.next() % 3) * 86_400)
                    let paid = paidDue < now && random.next() % 20 != 0 ? owed : 0
                    let year = calendar.year(at)
                    orderNumbers[year, default: 0] += 1
                    let number = DocumentNumber.format(prefix: DocumentKind.order.defaultPrefix, year: year, sequence: orderNumbers[year]!)
                    let channel = [SalesChannel.direct, .direct, .onlineStore, .agent, .phone, .wechat, .tradeShow][Int(random.next() % 7)]
                    let method = [PaymentMethod.bankTransfer, .bankTransfer, .wechatPay, .alipay, .cash, .credit][Int(random.next() % 6)]
                    orders.append([
                        .text(number), .int(customerID), .date(at), .text(day), .text(status.rawValue), .text(channel.rawValue), .text(method.rawValue),
                        .int(Int64(terms)), .text(due), .text([DeliveryMethod.courier, .logistics, .ownFleet, .pickUp][Int(random.next() % 4)].rawValue),
                        .text(promised), .text(promised), .date(shipped), .date(delivered), .text(TaxMode.inclusive.rawValue), .text(""),
                        .int(totals.discount), .int(totals.net), .int(totals.tax), .int(totals.gross), .int(totals.cost),
                        .int(returned.net), .int(returned.gross), .int(returned.cost), .int(paid), .int(0), .int(owner), .int(1), .date(at), .date(at),
                    ])
                    lineSets.append(lines)
                    payments.append(paid > 0 ? [(paid, min(paidDue, now), method.rawValue)] : [])
                    counts.orders += 1
                    counts.lines += lines.count
                }
            }
            // Three in ten customers have something in the pipeline or closed lately.
            if random.next() % 10 < 3, let won, let lost, !openStages.isEmpty {
                let created = now.addingTimeInterval(-Double(20 + random.next() % 300) * 86_400)
                let roll = random.next() % 10
                let stage = roll < 2 ? won : roll < 4 ? lost : openStages[Int(random.next() % UInt64(openStages.count))]
                let moved = created.addingTimeInterval(Double(5 + random.next() % 15) * 86_400)
                let amount = Int64(10 + random.next() % 500) * 100_000
                let close = calendar.day(now.addingTimeInterval(Double(random.next() % 150) * 86_400))
                opportunities.append([
                    .int(customerID), .text(DemoVocabulary.opportunityTitles[Int(random.next() % UInt64(DemoVocabulary.opportunityTitles.count))]),
                    .int(amount), .text(close), .int(owner), .text(["展会", "老客户介绍", "官网", "电话营销"][Int(random.next() % 4)]),
                    .text(stage.isOpen ? "安排技术交流" : ""), .text(random.next() % 2 == 0 ? "华为, 中兴" : ""), .int(stage.id),
                    .text(stage.isLost ? "价格高于竞争对手" : ""), .date(moved), .date(stage.isOpen ? nil : moved), .int(owner), .int(1),
                    .date(created), .date(moved),
                ])
                moves.append([(nil, openStages[0].id ?? 0, created), (openStages[0].id, stage.id ?? 0, moved)])
                quoted.append(DemoQuotes.Opportunity(customerID: customerID, owner: owner, stage: stage, movedAt: moved))
                counts.opportunities += 1
            }
        }
        sequences[.order] = orderNumbers
        let opportunityIDs = try await write(orders: orders, lines: lineSets, payments: payments, opportunities: opportunities, moves: moves, on: db)
        // The proposal stage is the third of the shipped ones; an admin's own list may have fewer.
        let proposal = openStages.dropFirst(2).first?.position ?? openStages.last?.position ?? 0
        var quoteNumbers = sequences[.quote, default: [:]]
        counts.quotes = try await DemoQuotes(now: now, calendar: calendar, seed: seed).write(
            for: Array(zip(opportunityIDs, quoted)), products: products, proposalPosition: proposal, sequences: &quoteNumbers, on: db)
        sequences[.quote] = quoteNumbers
        counts.bids = try await DemoBids(now: now, calendar: calendar, seed: seed).write(customers: customers, on: db)
        return counts
    }

    struct LineValues { let productID: Int64; let terms: LineTerms; let priced: PricedLine; let returned: Bool }

    /// Writes the orders with their lines and payments, and the opportunities with their stage moves; returns the
    /// opportunities' ids.
    private func write(orders: [[BulkValue]], lines: [[LineValues]], payments: [[(Int64, Date, String)]],
                       opportunities: [[BulkValue]], moves: [[(Int64?, Int64, Date)]], on db: any Database) async throws -> [Int64] {
        let ids = try await BulkWriter.insert(into: Order.schema, columns: [
            "number", "customer_id", "ordered_at", "order_day", "status", "channel", "payment_method", "payment_terms_days", "due_date",
            "delivery_method", "promised_ship_date", "promised_delivery_date", "shipped_at", "delivered_at", "tax_mode", "notes",
            "discount_total", "net_total", "tax_total", "gross_total", "cost_total", "returned_net", "returned_gross", "returned_cost",
            "paid_total", "refunded_total", "created_by_id", "version", "created_at", "updated_at",
        ], rows: orders, returningIDs: true, on: db)
        var lineRows: [[BulkValue]] = [], paymentRows: [[BulkValue]] = []
        lineRows.reserveCapacity(ids.count * 3)
        for (index, id) in ids.enumerated() {
            for (position, line) in lines[index].enumerated() {
                let t = line.terms, p = line.priced, back = line.returned
                lineRows.append([.int(id), .int(Int64(position + 1)), .int(line.productID), .text(""), .int(t.quantityMilli), .int(t.unitPrice),
                                 .int(t.discountPercentBasis), .null, .int(t.taxRateBasis), .int(t.unitCost), .int(p.discount), .int(p.net),
                                 .int(p.tax), .int(p.gross), .int(p.cost), .int(back ? t.quantityMilli : 0), .int(back ? p.net : 0),
                                 .int(back ? p.gross : 0), .int(back ? p.cost : 0)])
            }
            for (amount, at, method) in payments[index] {
                paymentRows.append([.int(id), .int(amount), .date(at), .text(method), .text(""), .date(at)])
            }
        }
        try await BulkWriter.insert(into: OrderLine.schema, columns: [
            "order_id", "position", "product_id", "description", "quantity_milli", "unit_price", "discount_percent_basis", "discount_amount",
            "tax_rate_basis", "unit_cost", "discount_total", "net_amount", "tax_amount", "gross_amount", "cost_amount",
            "returned_quantity_milli", "returned_net", "returned_gross", "returned_cost",
        ], rows: lineRows, on: db)
        try await BulkWriter.insert(into: Payment.schema, columns: ["order_id", "amount", "paid_at", "method", "reference", "created_at"],
                                    rows: paymentRows, on: db)
        let opportunityIDs = try await BulkWriter.insert(into: Opportunity.schema, columns: [
            "customer_id", "title", "amount", "expected_close_date", "owner_id", "source", "next_step", "competitors", "stage_id",
            "lost_reason", "stage_entered_at", "closed_at", "created_by_id", "version", "created_at", "updated_at",
        ], rows: opportunities, returningIDs: true, on: db)
        var moveRows: [[BulkValue]] = []
        for (index, id) in opportunityIDs.enumerated() {
            for (from, to, at) in moves[index] { moveRows.append([.int(id), .int(from), .int(to), .date(at)]) }
        }
        try await BulkWriter.insert(into: OpportunityStageChange.schema, columns: ["opportunity_id", "from_stage_id", "to_stage_id", "changed_at"],
                                    rows: moveRows, on: db)
        return opportunityIDs
    }

    /// Demand by month: the Spring Festival month is slow, the last quarter busy.
    static func season(monthOf date: Date, _ calendar: CompanyCalendar) -> Double {
        switch Int(calendar.day(date).dropFirst(5).prefix(2)) ?? 1 {
        case 2: 0.6
        case 11, 12: 1.4
        case 6: 1.15
        default: 1
        }
    }
}
