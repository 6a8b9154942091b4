import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Bids newest first, narrowed by status (and customer, when linked from one), with the win rate over all the
/// bids the viewer may see.
enum BidListPage {
    struct Model: Sendable {
        var status: String
        var customerID: String
        var isFirstPage: Bool
        var page: GuanxiStore.Page<Bid>
        var customers: [Int64: Customer]
        var statistics: BidStatistics

        static func load(_ request: Request) async throws -> Model {
            let actor = try request.actor()
            var filter = BidBook.Filter()
            let status = request.query[String.self, at: "status"] ?? ""
            let customerID = request.query[String.self, at: "customer_id"] ?? ""
            filter.status = BidStatus(rawValue: status)
            filter.customerID = Int64(customerID)
            let cursor = (try? request.pageRequest().cursor) ?? nil
            let page = try await request.bids.bids(filter, after: cursor, limit: 50, by: actor)
            return Model(status: filter.status == nil ? "" : status, customerID: filter.customerID == nil ? "" : customerID,
                         isFirstPage: cursor == nil, page: page,
                         customers: try await SalesLookup.customers(page.items.map { $0.$customer.id }, on: request.db),
                         statistics: try await request.bids.statistics(by: actor))
        }

        var query: [(String, String)] {
            [("status", status), ("customer_id", customerID)].filter { !$0.1.isEmpty }
        }
    }

    static func view(_ model: Model, _ context: PageContext, format: WebFormat) -> HTML {
        let l = context.l
        let rows: [HTML] = model.page.items.map { bid in
            let id = bid.id ?? 0
            return """
            <tr data-id="\(id)"><td><a href="\(SitePath.bid(id))" class="bid-link">\(bid.tenderNumber)</a></td>
            <td><a href="\(SitePath.customer(bid.$customer.id))">\(model.customers[bid.$customer.id]?.name ?? "#\(bid.$customer.id)")</a></td>
            <td>\(bid.title)</td><td>\(format.dateTime(bid.submissionDeadline))</td>
            <td class="num">\(bid.bidAmount.map(SalesFormat.money) ?? "—")</td><td>\(BidFormat.statusPill(bid.status, l))</td></tr>
            """
        }
        let statusOptions = [("", l[.allBidStatuses])] + BidStatus.allCases.map { ($0.rawValue, l.bidStatusName($0)) }
        let query = model.query.map { "\($0.0)=\(CustomerFilter.escape($0.1))" }.joined(separator: "&")
        let stats = model.statistics
        let winRate: HTML = stats.won + stats.lost == 0 ? .empty : """
            <p class="muted" id="bid-win-rate">\(l(.bidWinRateLine, ["rate": SalesFormat.percent(stats.winRateBasis), "won": String(stats.won), "lost": String(stats.lost)]))</p>
            """
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.bids)" class="filters" id="bid-filters">
            \(Form.select("status", label: l[.status], options: statusOptions, selected: model.status, errors: [:]))
            \(model.customerID.isEmpty ? HTML.empty : HTML("<input type=\"hidden\" name=\"customer_id\" value=\"\(model.customerID)\">"))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <div><a class="button" href="\(SitePath.bidNew.with(model.customerID.isEmpty ? [] : [("customer_id", model.customerID)]))" id="new-bid">\(l[.newBid])</a></div>
        </div>
        \(winRate)
        <div class="table-card"><table id="bids-table">
          <thead><tr><th>\(l[.tenderNumber])</th><th>\(l[.customer])</th><th>\(l[.bidTitle])</th><th>\(l[.submissionDeadline])</th>\
        <th class="num">\(l[.bidAmount])</th><th>\(l[.status])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"6\" class=\"muted\">\(l[.noBids])</td></tr>") : rows.joined())</tbody>
        </table></div>
        \(Pager.links(next: model.page.next, l: l, base: SitePath.bids.description, isFirst: model.isFirstPage, extraQuery: query))
        """
    }
}
