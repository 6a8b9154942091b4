import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The product catalogue's list: a model loaded by one query and a view that renders it with a page context, so
/// the page renders (and is tested) without a request. Company-wide lists copy this shape.
enum ProductListPage {
    struct Model: Sendable {
        var search: String?
        var isFirstPage: Bool
        var page: GuanxiStore.Page<Product>
        /// Administrators and managers maintain the catalogue; everyone else reads it.
        var canEdit: Bool

        static func load(_ request: Request) async throws -> Model {
            let search = request.query[String.self, at: "q"]
            let cursor = (try? request.pageRequest().cursor) ?? nil
            let page = try await request.products.products(search: search, category: nil, after: cursor, limit: 50)
            return Model(search: search, isFirstPage: cursor == nil, page: page, canEdit: ProductCatalog.canEdit(try request.actor()))
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let rows: [HTML] = model.page.items.map { product in
            let name: HTML = model.canEdit ? "<a href=\"\(SitePath.productEdit(product.id ?? 0))\">\(product.name)</a>" : "\(product.name)"
            return """
            <tr><td>\(product.sku)</td><td>\(name)\(product.isAgentProduct ? HTML(" <span class=\"pill\">\(l[.agentProduct])</span>") : HTML.empty)</td>
            <td>\(product.category)</td><td>\(product.unit)</td><td>\(MinorUnits.format(product.listPrice))</td><td>\(MinorUnits.format(product.unitCost))</td>
            <td>\(product.brand)<div class="muted">\(product.manufacturer)</div></td>
            <td>\(product.active ? HTML("<span class=\"pill ok\">\(l[.active])</span>") : HTML("<span class=\"pill off\">\(l[.inactive])</span>"))</td></tr>
            """
        }
        return """
        <div class="toolbar">
          <form method="get" action="\(SitePath.products)" class="filters">\(Form.text("q", label: l[.search], value: model.search ?? "", errors: [:], type: "search"))<button type="submit">\(l[.search])</button></form>
          \(model.canEdit ? HTML("<a class=\"button\" href=\"\(SitePath.productNew)\" id=\"new-product\">\(l[.newProduct])</a>") : HTML.empty)
        </div>
        <div class="table-card"><table id="products-table">
          <thead><tr><th>\(l[.sku])</th><th>\(l[.productName])</th><th>\(l[.category])</th><th>\(l[.unit])</th><th>\(l[.listPrice])</th><th>\(l[.unitCost])</th><th>\(l[.brand])</th><th>\(l[.status])</th></tr></thead>
          <tbody>\(rows.isEmpty ? HTML("<tr><td colspan=\"8\" class=\"muted\">\(l[.noProducts])</td></tr>") : HTML(raw: rows.joined().raw))</tbody>
        </table></div>
        \(Pager.links(next: model.page.next, l: l, base: SitePath.products.description, isFirst: model.isFirstPage, extraQuery: model.search.map { "q=\(CustomerFilter.escape($0))" } ?? ""))
        """
    }
}
