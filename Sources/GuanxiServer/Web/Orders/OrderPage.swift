import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// One order: lines and totals, what it earned after returns, what is paid and still owed, and the forms that move
/// it on (status), record money (payment) and take goods back (return), with their lists.
enum OrderPage {
    /// A refused payment or return, shown again in its form.
    struct Attempt: Sendable {
        enum Form: Sendable { case status, payment, `return` }
        var form: Form
        var values: FormValues
        var problems: FieldProblems
    }

    struct Model: Sendable {
        var order: Order
        var customer: Customer
        var contact: Contact?
        var quote: Quote?
        var lines: [ShownLine]
        var payments: [Payment]
        var returns: [(OrderReturn, [OrderReturnLine])]
        var userNames: [Int64: String]
        var channels: SalesChannelNames
        var canWrite: Bool
        var minimumMarginBasis: Int64
        var today: String
        var attempt: Attempt?

        static func load(_ request: Request, id: Int64, attempt: Attempt? = nil) async throws -> Model {
            let actor = try request.actor()
            let order = try await request.orders.order(id: id, by: actor)
            let customer = try await request.customers.customer(id: order.$customer.id, by: actor)
            var contact: Contact?
            if let contactID = order.$contact.id { contact = try await Contact.find(contactID, on: request.db) }
            var quote: Quote?
            if let quoteID = order.$quote.id { quote = try await Quote.find(quoteID, on: request.db) }
            let payments = try await request.settlement.payments(of: id, by: actor)
            let returns = try await request.settlement.returns(of: id, by: actor)
            let people = Set(payments.compactMap { $0.$createdBy.id } + returns.compactMap { $0.0.$createdBy.id } + [order.$createdBy.id].compactMap { $0 })
            return Model(order: order, customer: customer, contact: contact, quote: quote,
                         lines: (try await request.orders.lines(of: [id])[id] ?? []).map(ShownLine.init), payments: payments, returns: returns,
                         userNames: try await User.displayNames(people, on: request.db), channels: try await .load(request.salesChannels),
                         canWrite: try await request.customers.canWrite(customer, by: actor),
                         minimumMarginBasis: try await request.companySettings.profile().minimumMarginBasis,
                         today: request.guanxi.calendar.day(request.guanxi.clock.now()), attempt: attempt)
        }
    }

    static func view(_ model: Model, _ context: PageContext, format: WebFormat) -> HTML {
        let l = context.l
        let order = model.order
        let id = order.id ?? 0
        let overdue = order.isOverdue(today: model.today)
        var actions: [HTML] = []
        if model.canWrite && order.status.linesEditable {
            actions.append("<a class=\"button ghost\" id=\"edit-order\" href=\"\(SitePath.orderEdit(id))\">\(l[.edit])</a>")
            actions.append("<form class=\"inline\" method=\"post\" action=\"\(SitePath.orderDelete(id))\" data-confirm=\"\(l[.confirmDeleteOrder])\">\(context.csrfField)<button class=\"danger\" type=\"submit\" id=\"delete-order\">\(l[.delete])</button></form>")
        }
        func stat(_ label: String, _ value: String, id: String, note: HTML = .empty) -> HTML {
            "<div class=\"stat\"><div class=\"value num\" id=\"\(id)\">\(value)</div><div class=\"label\">\(label)\(note)</div></div>"
        }
        let figures: [HTML] = [
            stat(l[.grossTotal], SalesFormat.money(order.grossTotal - order.returnedGross), id: "order-gross"),
            stat(l[.paid], SalesFormat.money(order.paidTotal - order.refundedTotal), id: "order-paid"),
            stat(l[.outstanding], SalesFormat.money(order.outstanding), id: "order-outstanding",
                 note: HTML(" · \(l[.dueDate]) \(order.dueDate)\(overdue ? HTML(" <span class=\"pill bad overdue\">\(l[.overdue])</span>") : HTML.empty)")),
            stat(l[.revenue], SalesFormat.money(order.revenue), id: "order-revenue", note: HTML(" · \(l[.afterReturns])")),
            stat(l[.grossProfit], SalesFormat.money(order.grossProfit), id: "order-profit", note: HTML(" · \(SalesFormat.percent(order.marginBasis))")),
        ]
        func item(_ label: String, _ value: HTML) -> HTML { "<dt>\(label)</dt><dd>\(value)</dd>" }
        let details: [HTML] = [
            item(l[.customer], "<a href=\"\(SitePath.customer(model.customer.id ?? 0))\">\(model.customer.name)</a>"),
            item(l[.contactPerson], "\(model.contact?.name ?? l[.none])"),
            model.quote.map { item(l[.fromQuote], HTML("<a href=\"\(SitePath.quote($0.id ?? 0))\">\($0.number) · \(l(.revisionN, ["n": String($0.revision)]))</a>")) } ?? .empty,
            item(l[.orderDate], "\(format.dateTime(order.orderedAt))"),
            item(l[.salesChannel], "\(model.channels.name(order.channel, l))"),
            item(l[.paymentMethod], "\(l.paymentMethodName(order.paymentMethod))"),
            item(l[.paymentTerms], "\(order.paymentTermsDays)"),
            item(l[.dueDate], "\(order.dueDate)"),
            item(l[.deliveryMethod], "\(l.deliveryMethodName(order.deliveryMethod))"),
            item(l[.promisedDelivery], "\(order.promisedDeliveryDate ?? l[.none])"),
            order.shippedAt.map { item(l[.shippedAt], HTML("\(format.dateTime($0))")) } ?? .empty,
            order.deliveredAt.map { item(l[.deliveredAt], HTML("\(format.dateTime($0))")) } ?? .empty,
            item(l[.created], "\(order.$createdBy.id.flatMap { model.userNames[$0] } ?? l[.none])"),
        ]
        let afterReturns: HTML = """
        <table class="totals" id="after-returns"><tbody>
          \(LineTable.row(l[.revenue], order.revenue, id: "figure-revenue"))\(LineTable.row(l[.cost], order.cost, id: "figure-cost"))
          \(LineTable.row(l[.grossProfit], order.grossProfit, id: "figure-profit"))
          <tr><th>\(l[.marginPercent])</th><td class="num" id="figure-margin">\(SalesFormat.percent(order.marginBasis))</td></tr>
          \(LineTable.row(l[.paid], order.paidTotal, id: "figure-paid"))\(LineTable.row(l[.refunded], order.refundedTotal, id: "figure-refunded"))
          <tr class="grand"><th>\(l[.outstanding])</th><td class="num" id="figure-outstanding">¥\(SalesFormat.money(order.outstanding))</td></tr>
        </tbody></table>
        """
        let notes: HTML = order.notes.isEmpty ? .empty : "<div class=\"card\"><h2>\(l[.notes])</h2><p class=\"pre\">\(order.notes)</p></div>"
        return """
        <div class="toolbar"><div><a href="\(SitePath.orders)">← \(l[.ordersTitle])</a> <strong id="order-number">\(order.number)</strong> \
        \(SalesFormat.orderStatusPill(order.status, l))\(overdue ? HTML(" <span class=\"pill bad overdue\">\(l[.overdue])</span>") : HTML.empty)</div>
        <div class="actions">\(actions)</div></div>
        <div class="grid" id="order-figures">\(figures)</div>
        \(LineTable.view(model.lines, minimumMarginBasis: model.minimumMarginBasis, showReturns: true, l: l))
        <div class="columns spaced">
          <div>
            <div class="card" id="order-details"><h2>\(order.number)</h2><dl class="profile">\(details)</dl></div>
            \(notes)
            \(OrderSettlementForms.paymentList(model, format: format, l: l))
            \(OrderSettlementForms.returnList(model, format: format, l: l))
          </div>
          <div>
            <div class="card"><h2>\(l[.totals])</h2>\(LineTable.totals(order.totals, l: l))</div>
            <div class="card"><h2>\(l[.afterReturns])</h2>\(afterReturns)</div>
            \(model.canWrite ? OrderSettlementForms.forms(model, context) : HTML.empty)
          </div>
        </div>
        """
    }
}
