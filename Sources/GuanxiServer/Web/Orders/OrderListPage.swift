import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Orders newest first, narrowed by status; what is still owed, and whether it is overdue.
enum OrderListPage {
    struct Model: Sendable {
        var status: String
        var isFirstPage: Bool
        var page: GuanxiStore.Page<Order>
        var customers: [Int64: Customer]
        var today: String

        static func load(_ request: Request) async throws -> Model {
            var filter = OrderBook.Filter()
            filter.status = OrderStatus(rawValue: request.query[String.self, at: "status"] ?? "")
            filter.customerID = request.query[String.self, at: "customer_id"].flatMap { Int64($0) }
            let cursor = (try? request.pageRequest().cursor) ?? nil
            let page = try await request.orders.orders(filter, after: cursor, limit: 50, by: try request.actor())
            return Model(status: filter.status?.rawValue ?? "", isFirstPage: cursor == nil, page: page,
                         customers: try await SalesLookup.customers(page.items.map { $0.$customer.id }, on: request.db),
                         today: request.guanxi.calendar.day(request.guanxi.clock.now()))
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let rows: [HTML] = model.page.items.map { order in
            let id = order.id ?? 0
            let overdue: HTML = order.isOverdue(today: model.today) ? " <span class=\"pill bad overdue\">\(l[.overdue])</span>" : .empty
            return """
            <tr data-id="\(id)"><td><a href="\(SitePath.order(id))" class="order-link">\(order.number)</a></td>
            <td><a href="\(SitePath.customer(order.$customer.id))">\(model.customers[order.$customer.id]?.name ?? "")</a></td>
            <td>\(order.orderDay)</td><td>\(SalesFormat.orderStatusPill(order.status, l))\(overdue)</td>
            \(SalesFormat.cell(order.grossTotal - order.returnedGross))\(SalesFormat.cell(order.status.isSale ? order.outstanding : 0))</tr>
            """
        }
        let options = [("", l[.allOrderStatuses])] + OrderStatus.allCases.map { ($0.rawValue, l.orderStatusName($0)) }
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.orders)" class="filters">
            \(Form.select("status", label: l[.status], options: options, selected: model.status, errors: [:]))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <a class="button" href="\(SitePath.orderNew)" id="new-order">\(l[.newOrder])</a>
        </div>
        <div class="table-card"><table id="orders-table">
          <thead><tr><th>\(l[.orderNumber])</th><th>\(l[.customer])</th><th>\(l[.orderDate])</th><th>\(l[.status])</th>\
        <th class="num">\(l[.grossTotal])</th><th class="num">\(l[.outstanding])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"6\" class=\"muted\">\(l[.noOrders])</td></tr>") : rows.joined())</tbody>
        </table></div>
        \(Pager.links(next: model.page.next, l: l, base: SitePath.orders.description, isFirst: model.isFirstPage,
                      extraQuery: model.status.isEmpty ? "" : "status=\(model.status)"))
        """
    }
}
