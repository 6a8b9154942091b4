import Fluent
import Foundation
import GuanxiAnalytics
import GuanxiCore

/// Quotes for the demo's opportunities, as a sales team writes them: an opportunity that reached the proposal stage
/// (方案报价) or later has a quote of one to three catalogue lines; open ones are out with the customer (a few still
/// drafts, a few past their validity), lost ones were rejected. Won opportunities have none: their quote would have
/// made an order, and the demo's orders stand on their own.
struct DemoQuotes {
    let now: Date
    let calendar: CompanyCalendar
    let seed: UInt64

    /// What a quote needs to know of the opportunity it answers.
    struct Opportunity {
        let customerID: Int64
        let owner: Int64?
        let stage: PipelineStage
        let movedAt: Date
    }

    /// Writes the quotes for `opportunities` (with their new ids); numbers continue each year's quote sequence.
    func write(for opportunities: [(id: Int64, Opportunity)], products: [DemoSales.Product], proposalPosition: Int,
               sequences: inout [Int: Int64], on db: any Database) async throws -> Int {
        var quotes: [[BulkValue]] = [], lineSets: [[[BulkValue]]] = []
        func append(number: String, revision: Int64, status: QuoteStatus, day: String, validUntil: String, lines terms: [(productID: Int64, terms: LineTerms)],
                    sent: Date?, decided: Date?, opportunityID: Int64, _ opportunity: Opportunity, at written: Date) {
            var lines: [[BulkValue]] = [], priced: [PricedLine] = []
            for (position, line) in terms.enumerated() {
                let t = line.terms, p = LinePricing.price(t, mode: .inclusive)
                priced.append(p)
                lines.append([.int(Int64(position + 1)), .int(line.productID), .text(""), .int(t.quantityMilli), .int(t.unitPrice),
                              .int(t.discountPercentBasis), .null, .int(t.taxRateBasis), .int(t.unitCost),
                              .int(p.discount), .int(p.net), .int(p.tax), .int(p.gross), .int(p.cost)])
            }
            let totals = DocumentTotals(priced)
            quotes.append([
                .text(number), .int(revision), .int(opportunity.customerID), .int(opportunityID), .text(day), .text(validUntil), .text(status.rawValue),
                .text(TaxMode.inclusive.rawValue), .text(""), .int(totals.discount), .int(totals.net), .int(totals.tax), .int(totals.gross),
                .int(totals.cost), .date(sent), .date(decided), .int(opportunity.owner), .int(1), .date(written), .date(decided ?? sent ?? written),
            ])
            lineSets.append(lines)
        }
        for (opportunityID, opportunity) in opportunities where !opportunity.stage.isWon
            && (opportunity.stage.isLost || opportunity.stage.position >= proposalPosition) {
            var random = SplitMix64(seed: seed &* 0xA24B_AED4 &+ UInt64(opportunityID))
            let written = opportunity.movedAt.addingTimeInterval(-Double(random.next() % 5) * 86_400)
            let day = calendar.day(written)
            let validUntil = calendar.day(day, plus: 30) ?? day
            var terms: [(productID: Int64, terms: LineTerms)] = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let product = products[Int(random.next() % UInt64(products.count))]
                // Reps offer up to 15 % off to win the deal.
                terms.append((product.id, LineTerms(quantityMilli: Int64(5 + random.next() % 50) * 1000, unitPrice: product.price,
                                                    discountPercentBasis: [nil, 500, 1000, 1500][Int(random.next() % 4)],
                                                    taxRateBasis: LinePricing.defaultTaxRateBasis, unitCost: product.cost)))
            }
            let status: QuoteStatus
            if opportunity.stage.isLost {
                status = .rejected
            } else if (calendar.start(of: validUntil) ?? now) < now {
                status = .expired
            } else {
                status = random.next() % 5 == 0 ? .draft : .sent
            }
            let sent: Date? = status == .draft ? nil : written.addingTimeInterval(3_600)
            let decided: Date? = switch status {
            case .rejected: opportunity.movedAt
            case .expired: calendar.start(of: calendar.day(validUntil, plus: 1) ?? validUntil)
            default: nil
            }
            let year = calendar.year(written)
            sequences[year, default: 0] += 1
            let number = DocumentNumber.format(prefix: DocumentKind.quote.defaultPrefix, year: year, sequence: sequences[year]!)
            // One sent quote in four was revised: the customer had the first revision at list price, then asked for
            // the discount the current one gives.
            if status == .sent, random.next() % 4 == 0 {
                let listPrice = terms.map { line in
                    (line.productID, LineTerms(quantityMilli: line.terms.quantityMilli, unitPrice: line.terms.unitPrice, discountPercentBasis: nil,
                                               taxRateBasis: line.terms.taxRateBasis, unitCost: line.terms.unitCost))
                }
                let first = written.addingTimeInterval(-7 * 86_400)
                append(number: number, revision: 1, status: .superseded, day: calendar.day(first), validUntil: calendar.day(calendar.day(first), plus: 30) ?? day,
                       lines: listPrice, sent: first.addingTimeInterval(3_600), decided: written, opportunityID: opportunityID, opportunity, at: first)
                append(number: number, revision: 2, status: status, day: day, validUntil: validUntil, lines: terms, sent: sent, decided: decided,
                       opportunityID: opportunityID, opportunity, at: written)
            } else {
                append(number: number, revision: 1, status: status, day: day, validUntil: validUntil, lines: terms, sent: sent, decided: decided,
                       opportunityID: opportunityID, opportunity, at: written)
            }
        }
        let ids = try await BulkWriter.insert(into: Quote.schema, columns: [
            "number", "revision", "customer_id", "opportunity_id", "quote_date", "valid_until", "status", "tax_mode", "notes",
            "discount_total", "net_total", "tax_total", "gross_total", "cost_total", "sent_at", "decided_at", "created_by_id",
            "version", "created_at", "updated_at",
        ], rows: quotes, returningIDs: true, on: db)
        var lineRows: [[BulkValue]] = []
        for (index, id) in ids.enumerated() { lineRows += lineSets[index].map { [.int(id)] + $0 } }
        try await BulkWriter.insert(into: QuoteLine.schema, columns: [
            "quote_id", "position", "product_id", "description", "quantity_milli", "unit_price", "discount_percent_basis",
            "discount_amount", "tax_rate_basis", "unit_cost", "discount_total", "net_amount", "tax_amount", "gross_amount", "cost_amount",
        ], rows: lineRows, on: db)
        return ids.count
    }
}
