import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's sales on the 360 page: lifetime figures, open receivables and opportunities, recent quotes and
/// the last orders, with links that start a new opportunity, quote or order for this customer.
enum CustomerSalesPanel {
    struct Model: Sendable {
        var figures: CustomerSales
        var opportunities: [Opportunity]
        var openOpportunityCount: Int
        var stages: [Int64: PipelineStage]
        var quotes: [Quote]
        var orders: [Order]
        var today: String
    }

    static let panel = CustomerPanel(id: "orders", column: .main) { input in
        let request = input.request, id = input.customerID, actor = input.actor
        let figures = try await CustomerSalesLedger.figures(of: [id], on: request.db)[id] ?? .none(id)
        var opportunityFilter = OpportunityBook.Filter()
        opportunityFilter.customerID = id
        opportunityFilter.openOnly = true
        let opportunities = try await request.opportunities.opportunities(opportunityFilter, after: nil, limit: 100, by: actor).items
        var quoteFilter = QuoteBook.Filter()
        quoteFilter.customerID = id
        var orderFilter = OrderBook.Filter()
        orderFilter.customerID = id
        let model = Model(
            figures: figures, opportunities: Array(opportunities.prefix(5)), openOpportunityCount: opportunities.count,
            stages: try await SalesLookup.stages(on: request.db),
            quotes: try await request.quotes.quotes(quoteFilter, after: nil, limit: 5, by: actor).items,
            orders: try await request.orders.orders(orderFilter, after: nil, limit: 10, by: actor).items,
            today: request.guanxi.calendar.day(input.now))
        return view(model, input.scope)
    }

    static func view(_ model: Model, _ scope: CustomerPanelScope) -> HTML {
        let l = scope.context.l, format = scope.format
        let id = scope.customerID
        let figures = model.figures
        func stat(_ label: String, _ value: String, id: String) -> HTML {
            "<div class=\"mini-stat\"><div class=\"label\">\(label)</div><div class=\"value num\" id=\"\(id)\">\(value)</div></div>"
        }
        let stats: [HTML] = [
            stat(l[.lifetimeRevenue], "¥" + SalesFormat.money(figures.revenue), id: "sales-revenue"),
            stat(l[.grossProfit], "¥" + SalesFormat.money(figures.grossProfit), id: "sales-profit"),
            stat(l[.orderCount], String(figures.orderCount), id: "sales-order-count"),
            stat(l[.openReceivables], "¥" + SalesFormat.money(figures.outstanding), id: "sales-outstanding"),
            stat(l[.firstOrder], format.day(figures.firstOrderAt).isEmpty ? l[.none] : format.day(figures.firstOrderAt), id: "sales-first-order"),
            stat(l[.lastOrder], format.day(figures.lastOrderAt).isEmpty ? l[.none] : format.day(figures.lastOrderAt), id: "sales-last-order"),
        ]
        let links: HTML = scope.canWrite && !scope.isDeleted ? """
            <div class="panel-actions">
              <a class="button ghost" id="sales-new-opportunity" href="\(SitePath.opportunityNew.with([("customer_id", String(id))]))">\(l[.newOpportunity])</a>
              <a class="button ghost" id="sales-new-quote" href="\(SitePath.quoteNew.with([("customer_id", String(id))]))">\(l[.newQuote])</a>
              <a class="button ghost" id="sales-new-order" href="\(SitePath.orderNew.with([("customer_id", String(id))]))">\(l[.newOrder])</a>
            </div>
            """ : .empty
        let opportunityRows: [HTML] = model.opportunities.map { opportunity in
            """
            <tr><td><a href="\(SitePath.opportunity(opportunity.id ?? 0))">\(opportunity.title)</a></td>
            <td>\(OpportunityListPage.stagePill(model.stages[opportunity.$stage.id], l))</td>\(SalesFormat.cell(opportunity.amount))
            <td class="muted">\(opportunity.expectedCloseDate ?? "")</td></tr>
            """
        }
        let quoteRows: [HTML] = model.quotes.map { quote in
            """
            <tr><td><a href="\(SitePath.quote(quote.id ?? 0))">\(quote.number)</a> <span class="muted">\(l(.revisionN, ["n": String(quote.revision)]))</span></td>
            <td class="muted">\(quote.quoteDate)</td><td>\(SalesFormat.quoteStatusPill(quote.status, l))</td>\(SalesFormat.cell(quote.grossTotal))</tr>
            """
        }
        let orderRows: [HTML] = model.orders.map { order in
            let overdue: HTML = order.isOverdue(today: model.today) ? " <span class=\"pill bad overdue\">\(l[.overdue])</span>" : .empty
            return """
            <tr><td><a href="\(SitePath.order(order.id ?? 0))">\(order.number)</a></td><td class="muted">\(order.orderDay)</td>
            <td>\(SalesFormat.orderStatusPill(order.status, l))\(overdue)</td>\(SalesFormat.cell(order.grossTotal - order.returnedGross))\
            \(SalesFormat.cell(order.status.isSale ? order.outstanding : 0))</tr>
            """
        }
        func section(_ title: String, count: Int? = nil, _ rows: [HTML], id: String, head: HTML = .empty) -> HTML {
            guard !rows.isEmpty else { return .empty }
            return "<h3>\(title)\(count.map { HTML(" <span class=\"muted\">(\($0))</span>") } ?? HTML.empty)</h3><table class=\"panel-table\" id=\"\(id)\">\(head)<tbody>\(rows)</tbody></table>"
        }
        let orderHead: HTML = "<thead><tr><th>\(l[.orderNumber])</th><th>\(l[.orderDate])</th><th>\(l[.status])</th><th class=\"num\">\(l[.grossTotal])</th><th class=\"num\">\(l[.outstanding])</th></tr></thead>"
        let empty = model.opportunities.isEmpty && model.quotes.isEmpty && model.orders.isEmpty
        return """
        <div class="card" id="orders"><h2>\(l[.salesTitle])</h2>
          <div class="mini-stats" id="sales-figures">\(stats)</div>
          \(links)
          \(section(l[.openOpportunities], count: model.openOpportunityCount, opportunityRows, id: "sales-opportunities"))
          \(section(l[.recentQuotes], quoteRows, id: "sales-quotes"))
          \(section(l[.recentOrders], orderRows, id: "sales-orders", head: orderHead))
          \(empty ? HTML("<p class=\"muted\">\(l[.noSalesYet])</p>") : HTML.empty)
        </div>
        """
    }
}
