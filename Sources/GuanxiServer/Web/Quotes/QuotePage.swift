import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// One quote: its lines with net, tax, gross, cost and margin (warning on lines below cost or the company's minimum
/// margin), its totals, its revisions, and the actions its status allows.
enum QuotePage {
    struct Model: Sendable {
        var quote: Quote
        var customer: Customer
        var contact: Contact?
        var opportunity: Opportunity?
        var lines: [ShownLine]
        var revisions: [Quote]
        var order: Order?
        var canWrite: Bool
        var profile: CompanyProfile
        var createdBy: String?

        static func load(_ request: Request, id: Int64) async throws -> Model {
            let actor = try request.actor()
            let quote = try await request.quotes.quote(id: id, by: actor)
            let customer = try await request.customers.customer(id: quote.$customer.id, by: actor)
            let lines = try await request.quotes.lines(of: [id])[id] ?? []
            var contact: Contact?
            if let contactID = quote.$contact.id { contact = try await Contact.find(contactID, on: request.db) }
            var opportunity: Opportunity?
            if let opportunityID = quote.$opportunity.id { opportunity = try await Opportunity.find(opportunityID, on: request.db) }
            var order: Order?
            if let orderID = quote.orderID { order = try await Order.find(orderID, on: request.db) }
            let names = try await User.displayNames(Set([quote.$createdBy.id].compactMap { $0 }), on: request.db)
            return Model(quote: quote, customer: customer, contact: contact, opportunity: opportunity, lines: lines.map(ShownLine.init),
                         revisions: try await request.quotes.revisions(of: id, by: actor), order: order,
                         canWrite: try await request.customers.canWrite(customer, by: actor),
                         profile: try await request.companySettings.profile(), createdBy: quote.$createdBy.id.flatMap { names[$0] })
        }
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let quote = model.quote
        let id = quote.id ?? 0
        func item(_ label: String, _ value: HTML) -> HTML { "<dt>\(label)</dt><dd>\(value)</dd>" }
        let details: [HTML] = [
            item(l[.customer], "<a href=\"\(SitePath.customer(model.customer.id ?? 0))\">\(model.customer.name)</a>"),
            item(l[.contactPerson], "\(model.contact?.name ?? l[.none])"),
            item(l[.opportunity], model.opportunity.map { HTML("<a href=\"\(SitePath.opportunity($0.id ?? 0))\">\($0.title)</a>") } ?? HTML("\(l[.none])")),
            item(l[.quoteDate], "\(quote.quoteDate)"),
            item(l[.validUntil], "\(quote.validUntil)"),
            item(l[.status], SalesFormat.quoteStatusPill(quote.status, l)),
            item(l[.tax], "\(quote.taxMode == .inclusive ? l[.pricesIncludeTax] : l[.pricesExcludeTax])"),
            item(l[.created], "\(model.createdBy ?? l[.none])"),
            model.order.map { item(l[.ordersTitle], HTML("<a id=\"quote-order\" href=\"\(SitePath.order($0.id ?? 0))\">\($0.number)</a>")) } ?? .empty,
        ]
        let revisions: [HTML] = model.revisions.map { revision in
            let current = revision.id == quote.id
            return """
            <tr\(current ? HTML(raw: " class=\"current\"") : HTML.empty)><td><a href="\(SitePath.quote(revision.id ?? 0))">\(l(.revisionN, ["n": String(revision.revision)]))</a></td>
            <td>\(revision.quoteDate)</td><td>\(SalesFormat.quoteStatusPill(revision.status, l))</td>\(SalesFormat.cell(revision.grossTotal))</tr>
            """
        }
        let notes: HTML = quote.notes.isEmpty ? .empty : "<div class=\"card\"><h2>\(l[.notes])</h2><p class=\"pre\">\(quote.notes)</p></div>"
        return """
        <div class="toolbar"><div><a href="\(SitePath.quotes)">← \(l[.quotesTitle])</a> <span class="muted">\(l(.revisionN, ["n": String(quote.revision)]))</span> \
        \(SalesFormat.quoteStatusPill(quote.status, l))</div><div class="actions">\(actions(model, context))</div></div>
        \(LineTable.view(model.lines, minimumMarginBasis: model.profile.minimumMarginBasis, l: l))
        <div class="columns spaced">
          <div>
            <div class="card" id="quote-details"><h2>\(quote.number)</h2><dl class="profile">\(details)</dl></div>
            \(notes)
            <div class="card" id="revisions"><h2>\(l[.revisions])</h2><table><tbody>\(revisions)</tbody></table></div>
          </div>
          <div><div class="card"><h2>\(l[.totals])</h2>\(LineTable.totals(quote.totals, l: l))</div></div>
        </div>
        """
    }

    /// What may be done in this status, by someone who may change the customer; printing is for everyone.
    static func actions(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let quote = model.quote
        let id = quote.id ?? 0
        func post(_ path: SitePath, _ label: String, id elementID: String, style: String = "", confirm: String? = nil) -> HTML {
            let question: HTML = confirm.map { HTML(" data-confirm=\"\($0)\"") } ?? .empty
            return "<form class=\"inline\" method=\"post\" action=\"\(path)\"\(question)>\(context.csrfField)<button type=\"submit\" class=\"\(style)\" id=\"\(elementID)\">\(label)</button></form>"
        }
        var out: [HTML] = []
        if model.canWrite {
            switch quote.status {
            case .draft:
                out.append("<a class=\"button ghost\" id=\"edit-quote\" href=\"\(SitePath.quoteEdit(id))\">\(l[.edit])</a>")
                out.append(post(.quoteSend(id), l[.sendQuote], id: "send-quote"))
                if quote.revision == 1 {
                    out.append(post(.quoteDelete(id), l[.delete], id: "delete-quote", style: "danger", confirm: l[.confirmDeleteQuote]))
                }
            case .sent:
                out.append(post(.quoteAccept(id), l[.acceptQuote], id: "accept-quote", confirm: l[.confirmAcceptQuote]))
                out.append(post(.quoteReject(id), l[.rejectQuote], id: "reject-quote", style: "ghost"))
                out.append(post(.quoteRevise(id), l[.reviseQuote], id: "revise-quote", style: "ghost"))
            case .rejected, .expired:
                out.append(post(.quoteRevise(id), l[.reviseQuote], id: "revise-quote", style: "ghost"))
            case .accepted, .superseded:
                break
            }
        }
        if quote.status == .superseded, let latest = model.revisions.last, latest.id != quote.id {
            out.append("<a class=\"button ghost\" id=\"latest-revision\" href=\"\(SitePath.quote(latest.id ?? 0))\">\(l[.latestRevision])</a>")
        }
        if let order = model.order {
            out.append("<a class=\"button\" id=\"view-order\" href=\"\(SitePath.order(order.id ?? 0))\">\(l(.viewOrder, ["name": order.number]))</a>")
        }
        out.append("<a class=\"button ghost\" id=\"print-quote\" href=\"\(SitePath.quotePrint(id))\">\(l[.printQuote])</a>")
        return out.joined()
    }
}
