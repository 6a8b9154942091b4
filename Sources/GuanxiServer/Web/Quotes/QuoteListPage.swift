import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Quotes newest first (every revision its own row), narrowed by status.
enum QuoteListPage {
    struct Model: Sendable {
        var status: String
        var isFirstPage: Bool
        var page: GuanxiStore.Page<Quote>
        var customers: [Int64: Customer]

        static func load(_ request: Request) async throws -> Model {
            var filter = QuoteBook.Filter()
            let status = request.query[String.self, at: "status"] ?? ""
            filter.status = QuoteStatus(rawValue: status)
            filter.customerID = request.query[String.self, at: "customer_id"].flatMap { Int64($0) }
            let cursor = (try? request.pageRequest().cursor) ?? nil
            let page = try await request.quotes.quotes(filter, after: cursor, limit: 50, by: try request.actor())
            return Model(status: filter.status?.rawValue ?? "", isFirstPage: cursor == nil, page: page,
                         customers: try await SalesLookup.customers(page.items.map { $0.$customer.id }, on: request.db))
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let rows: [HTML] = model.page.items.map { quote in
            let id = quote.id ?? 0
            return """
            <tr data-id="\(id)"><td><a href="\(SitePath.quote(id))" class="quote-link">\(quote.number)</a> <span class="muted">\(l(.revisionN, ["n": String(quote.revision)]))</span></td>
            <td><a href="\(SitePath.customer(quote.$customer.id))">\(model.customers[quote.$customer.id]?.name ?? "")</a></td>
            <td>\(quote.quoteDate)</td><td>\(quote.validUntil)</td><td>\(SalesFormat.quoteStatusPill(quote.status, l))</td>\(SalesFormat.cell(quote.grossTotal))</tr>
            """
        }
        let options = [("", l[.allQuoteStatuses])] + QuoteStatus.allCases.map { ($0.rawValue, l.quoteStatusName($0)) }
        let query = model.status.isEmpty ? "" : "status=\(model.status)"
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.quotes)" class="filters">
            \(Form.select("status", label: l[.status], options: options, selected: model.status, errors: [:]))
            <button type="submit" id="apply-filters">\(l[.applyFilters])</button>
          </form>
          <a class="button" href="\(SitePath.quoteNew)" id="new-quote">\(l[.newQuote])</a>
        </div>
        <div class="table-card"><table id="quotes-table">
          <thead><tr><th>\(l[.quoteNumber])</th><th>\(l[.customer])</th><th>\(l[.quoteDate])</th><th>\(l[.validUntil])</th><th>\(l[.status])</th>\
        <th class="num">\(l[.grossTotal])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"6\" class=\"muted\">\(l[.noQuotes])</td></tr>") : rows.joined())</tbody>
        </table></div>
        \(Pager.links(next: model.page.next, l: l, base: SitePath.quotes.description, isFirst: model.isFirstPage, extraQuery: query))
        """
    }
}
