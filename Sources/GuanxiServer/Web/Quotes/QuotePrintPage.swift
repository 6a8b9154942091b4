import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The quote as the customer receives it: the company's letterhead from its profile, the customer, number and
/// dates, the lines and totals without cost or margin. Printing hides the frame of the page (see the stylesheet).
enum QuotePrintPage {
    static func view(_ model: QuotePage.Model, _ context: PageContext) -> HTML {
        let l = context.l
        let quote = model.quote
        let profile = model.profile
        let customer = model.customer
        func line(_ label: String, _ value: String, id: String) -> HTML {
            value.isEmpty ? .empty : "<div id=\"\(id)\"><span class=\"muted\">\(label)</span> \(value)</div>"
        }
        let notes: HTML = quote.notes.isEmpty ? .empty : "<section class=\"doc-notes\"><h3>\(l[.notes])</h3><p class=\"pre\">\(quote.notes)</p></section>"
        return """
        <div class="toolbar no-print"><a href="\(SitePath.quote(quote.id ?? 0))">← \(quote.number)</a>\
        <button type="button" data-print id="print-now">\(l[.printNow])</button></div>
        <article class="print-doc" id="print-doc">
          <header class="doc-head">
            <div class="doc-company">
              <h2 id="company-name">\(profile.name.isEmpty ? l[.appName] : profile.name)</h2>
              \(line(l[.address], profile.address, id: "company-address"))
              \(line(l[.companyTaxID], profile.taxID, id: "company-tax-id"))
              \(line(l[.phone], profile.phone, id: "company-phone"))
            </div>
            <div class="doc-title">
              <h1>\(l[.printHeading])</h1>
              <div><span class="muted">\(l[.quoteNumber])</span> <strong id="print-number">\(quote.number)</strong> · \(l(.revisionN, ["n": String(quote.revision)]))</div>
              <div><span class="muted">\(l[.quoteDate])</span> \(quote.quoteDate)</div>
              <div><span class="muted">\(l[.validUntil])</span> \(quote.validUntil)</div>
            </div>
          </header>
          <section class="doc-customer">
            <h3>\(l[.customer])</h3>
            <div id="print-customer"><strong>\(customer.name)</strong></div>
            \(line(l[.address], customer.address, id: "customer-address"))
            \(line(l[.phone], customer.phone, id: "customer-phone"))
            \(line(l[.contactPerson], model.contact?.name ?? "", id: "customer-contact"))
          </section>
          \(LineTable.view(model.lines, minimumMarginBasis: 0, showCost: false, l: l))
          <div class="doc-totals">\(LineTable.totals(quote.totals, showCost: false, l: l))
            <p class="muted">\(quote.taxMode == .inclusive ? l[.pricesIncludeTax] : l[.pricesExcludeTax])</p></div>
          \(notes)
        </article>
        """
    }
}
