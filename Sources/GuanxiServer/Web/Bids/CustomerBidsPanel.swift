import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's bids on the 360 page: the latest tenders with deadline, our amount and status, and a link that
/// starts a new bid for this customer.
enum CustomerBidsPanel {
    static let shown = 10

    static let panel = CustomerPanel(id: "bids", column: .main) { input in
        // A customer in the trash keeps its bids, but they are read from the bid pages once it is restored.
        guard !input.isDeleted else { return .empty }
        var filter = BidBook.Filter()
        filter.customerID = input.customerID
        let page = try await input.request.bids.bids(filter, after: nil, limit: shown, by: input.actor)
        return view(page, input.scope)
    }

    static func view(_ page: GuanxiStore.Page<Bid>, _ scope: CustomerPanelScope) -> HTML {
        let l = scope.context.l, format = scope.format
        let id = scope.customerID
        let rows: [HTML] = page.items.map { bid in
            """
            <tr><td><a href="\(SitePath.bid(bid.id ?? 0))">\(bid.tenderNumber)</a></td><td>\(bid.title)</td>
            <td class="muted">\(format.dateTime(bid.submissionDeadline))</td>
            <td class="num">\(bid.bidAmount.map(SalesFormat.money) ?? "—")</td><td>\(BidFormat.statusPill(bid.status, l))</td></tr>
            """
        }
        let actions: HTML = scope.canWrite ? """
            <a class="button ghost" id="customer-new-bid" href="\(SitePath.bidNew.with([("customer_id", String(id))]))">\(l[.newBid])</a>
            """ : .empty
        let more: HTML = page.next == nil ? .empty : """
            <a href="\(SitePath.bids.with([("customer_id", String(id))]))" id="customer-all-bids">\(l[.bidsTitle]) →</a>
            """
        let table: HTML = rows.isEmpty ? "<p class=\"muted\">\(l[.noBids])</p>" : """
            <table><thead><tr><th>\(l[.tenderNumber])</th><th>\(l[.bidTitle])</th><th>\(l[.submissionDeadline])</th>\
            <th class="num">\(l[.bidAmount])</th><th>\(l[.status])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return """
        <div class="card" id="customer-bids"><h2>\(l[.bidsOfCustomer])</h2>
          \(table)
          <div class="panel-actions">\(actions) \(more)</div>
        </div>
        """
    }
}
