import Foundation
import GuanxiCore
import GuanxiStore

/// A written quote or order line as its page shows it.
struct ShownLine: Sendable {
    var id: Int64
    var position: Int
    var description: String
    var productID: Int64?
    var quantityMilli: Int64
    var unitPrice: Int64
    var discountPercentBasis: Int64?
    var discount: Int64
    var taxRateBasis: Int64
    var net: Int64
    var tax: Int64
    var gross: Int64
    var cost: Int64
    var unitCost: Int64
    /// Orders only: what has come back so far.
    var returnedQuantityMilli: Int64 = 0

    var margin: Int64 { net - cost }
    var marginBasis: Int64? { LinePricing.share(margin, of: net) }

    init(_ line: QuoteLine) {
        id = line.id ?? 0; position = line.position; description = line.lineDescription; productID = line.productID
        quantityMilli = line.quantityMilli; unitPrice = line.unitPrice; discountPercentBasis = line.discountPercentBasis
        discount = line.discountTotal; taxRateBasis = line.taxRateBasis; net = line.netAmount; tax = line.taxAmount
        gross = line.grossAmount; cost = line.costAmount; unitCost = line.unitCost
    }

    init(_ line: OrderLine) {
        id = line.id ?? 0; position = line.position; description = line.lineDescription; productID = line.productID
        quantityMilli = line.quantityMilli; unitPrice = line.unitPrice; discountPercentBasis = line.discountPercentBasis
        discount = line.discountTotal; taxRateBasis = line.taxRateBasis; net = line.netAmount; tax = line.taxAmount
        gross = line.grossAmount; cost = line.costAmount; unitCost = line.unitCost
        returnedQuantityMilli = line.returnedQuantityMilli
    }

    /// The line's draft with its own prices and cost: editing a draft or copying it keeps them.
    var draft: LineDraft {
        var draft = LineDraft()
        draft.productID = productID
        draft.description = description
        draft.quantityMilli = quantityMilli
        draft.unitPrice = unitPrice
        draft.discountPercentBasis = discountPercentBasis
        draft.discountAmount = discountPercentBasis == nil && discount > 0 ? discount : nil
        draft.taxRateBasis = taxRateBasis
        draft.unitCost = unitCost
        return draft
    }
}

/// The lines table and the totals card of quotes, orders and the printed quote.
enum LineTable {
    /// Every line with its money; a line sold below cost or below the company's minimum margin carries a warning.
    /// `showCost` false hides cost and margin (the printed copy the customer receives).
    static func view(_ lines: [ShownLine], minimumMarginBasis: Int64, showCost: Bool = true, showReturns: Bool = false,
                     l: Localizer) -> HTML {
        let rows: [HTML] = lines.map { line in
            var warnings: [HTML] = []
            if showCost {
                if line.margin < 0 {
                    warnings.append("<span class=\"pill bad below-cost\">\(l[.belowCost])</span>")
                } else if let basis = line.marginBasis, basis < minimumMarginBasis {
                    warnings.append("<span class=\"pill warn below-margin\">\(l(.belowMinimumMargin, ["min": SalesFormat.percent(minimumMarginBasis)]))</span>")
                }
            }
            let discount = line.discountPercentBasis.map { "\(SalesFormat.money(line.discount)) (\(SalesFormat.percent($0)))" }
                ?? (line.discount == 0 ? "" : SalesFormat.money(line.discount))
            let returned: HTML = showReturns && line.returnedQuantityMilli > 0
                ? "<div class=\"muted\">\(l(.returnedQuantity, ["n": SalesFormat.quantity(line.returnedQuantityMilli)]))</div>" : .empty
            let costCells: HTML = showCost ? """
                \(SalesFormat.cell(line.cost))<td class="num">\(SalesFormat.money(line.margin))<div class="muted">\(SalesFormat.percent(line.marginBasis))</div></td>
                """ : .empty
            return """
            <tr class="line" id="line-\(line.position)"><td class="muted">\(line.position)</td>
            <td>\(line.description) \(warnings)\(returned)</td>
            <td class="num">\(SalesFormat.quantity(line.quantityMilli))</td>\(SalesFormat.cell(line.unitPrice))
            <td class="num">\(discount)</td>\(SalesFormat.cell(line.net))
            <td class="num">\(SalesFormat.money(line.tax))<div class="muted">\(SalesFormat.percent(line.taxRateBasis))</div></td>
            \(SalesFormat.cell(line.gross))\(costCells)</tr>
            """
        }
        let costHeaders: HTML = showCost ? "<th class=\"num\">\(l[.cost])</th><th class=\"num\">\(l[.margin])</th>" : .empty
        return """
        <div class="table-card table-scroll"><table id="lines-table" class="lines">
          <thead><tr><th>#</th><th>\(l[.lineDescription])</th><th class="num">\(l[.quantity])</th><th class="num">\(l[.unitPrice])</th>\
        <th class="num">\(l[.discount])</th><th class="num">\(l[.netAmount])</th><th class="num">\(l[.tax])</th><th class="num">\(l[.grossAmount])</th>\(costHeaders)</tr></thead>
          <tbody>\(rows)</tbody>
        </table></div>
        """
    }

    /// Net, discount, tax, gross, and (for the company's eyes) cost, gross margin and margin %.
    static func totals(_ totals: DocumentTotals, showCost: Bool = true, l: Localizer) -> HTML {
        var rows: [HTML] = [
            row(l[.netAmount], totals.net, id: "total-net"),
            row(l[.discount], totals.discount, id: "total-discount"),
            row(l[.tax], totals.tax, id: "total-tax"),
            "<tr class=\"grand\"><th>\(l[.grossTotal])</th><td class=\"num\" id=\"total-gross\">¥\(SalesFormat.money(totals.gross))</td></tr>",
        ]
        if showCost {
            rows.append(row(l[.cost], totals.cost, id: "total-cost"))
            rows.append(row(l[.grossMargin], totals.margin, id: "total-margin"))
            rows.append("<tr><th>\(l[.marginPercent])</th><td class=\"num\" id=\"total-margin-percent\">\(SalesFormat.percent(totals.marginBasis))</td></tr>")
        }
        return "<table class=\"totals\" id=\"totals\"><tbody>\(rows)</tbody></table>"
    }

    static func row(_ label: String, _ amount: Int64, id: String) -> HTML {
        "<tr><th>\(label)</th><td class=\"num\" id=\"\(id)\">\(SalesFormat.money(amount))</td></tr>"
    }
}
