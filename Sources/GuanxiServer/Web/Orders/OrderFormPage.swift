import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The order form: like the quote's, plus how it is sold, paid and delivered, and whether it starts as a draft or
/// confirmed. Only a draft's lines may change.
enum OrderFormPage {
    struct Model: Sendable {
        var id: Int64?
        var customer: Customer
        var contacts: [Contact]
        var opportunities: [Opportunity]
        var products: [Product]
        var channels: SalesChannelNames
        var values: FormValues
        var problems: FieldProblems

        static func load(_ request: Request, id: Int64?, customer: Customer, values: FormValues, problems: FieldProblems) async throws -> Model {
            let actor = try request.actor()
            let customerID = customer.id ?? 0
            var filter = OpportunityBook.Filter()
            filter.customerID = customerID
            return Model(id: id, customer: customer, contacts: try await request.contacts.contacts(of: customerID, by: actor),
                         opportunities: try await request.opportunities.opportunities(filter, after: nil, limit: 100, by: actor).items,
                         products: try await SalesProducts.sellable(request, keeping: values),
                         channels: try await .load(request.salesChannels), values: values, problems: problems)
        }
    }

    /// A new order's values: confirmed, sold directly, paid by transfer on receipt, sent by courier.
    static var defaults: FormValues {
        FormValues(["status": OrderStatus.confirmed.rawValue, "channel": SalesChannel.direct.rawValue,
                    "payment_method": PaymentMethod.bankTransfer.rawValue, "payment_terms_days": "0",
                    "delivery_method": DeliveryMethod.courier.rawValue])
    }

    /// The draft the values make over `base` (a draft order's own, so what the form leaves out stays), and the row
    /// of each line.
    static func draft(_ values: FormValues, over base: OrderBook.Draft, into problems: inout FieldProblems) -> (OrderBook.Draft, [Int]) {
        var draft = base
        draft.contactID = FormNumber.id(values["contact_id"])
        draft.opportunityID = FormNumber.id(values["opportunity_id"])
        func choice<Value: RawRepresentable & CaseIterable>(_ field: String, _ fallback: Value) -> Value where Value.RawValue == String {
            if let value = Value(rawValue: values[field]) { return value }
            problems[field] = .notOneOf(Value.allCases.map(\.rawValue))
            return fallback
        }
        let status: OrderStatus = choice("status", .confirmed)
        if ![OrderStatus.draft, .confirmed].contains(status) { problems["status"] = .notOneOf(["draft", "confirmed"]) }
        draft.status = status
        // Built-in or added: the order book checks it against the channels of the moment.
        draft.channel = values["channel"]
        draft.paymentMethod = choice("payment_method", .bankTransfer)
        draft.deliveryMethod = choice("delivery_method", .courier)
        draft.paymentTermsDays = FormNumber.integer(values["payment_terms_days"], field: "payment_terms_days", empty: 0, into: &problems)
        draft.promisedDeliveryDate = values["promised_delivery_date"].trimmingCharacters(in: .whitespaces)
        draft.notes = values["notes"]
        let (lines, rows) = LineRows.drafts(values, into: &problems)
        draft.lines = lines
        return (draft, rows)
    }

    static func values(of order: Order, lines: [OrderLine]) -> FormValues {
        var values = FormValues(LineRows.values(of: lines.map { ShownLine($0).draft }))
        values["contact_id"] = order.$contact.id.map(String.init) ?? ""
        values["opportunity_id"] = order.$opportunity.id.map(String.init) ?? ""
        values["status"] = order.status.rawValue
        values["channel"] = order.channel
        values["payment_method"] = order.paymentMethod.rawValue
        values["payment_terms_days"] = String(order.paymentTermsDays)
        values["delivery_method"] = order.deliveryMethod.rawValue
        values["promised_delivery_date"] = order.promisedDeliveryDate ?? ""
        values["notes"] = order.notes
        values["version"] = String(order.version)
        return values
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let errors = model.problems.problems.mapValues { l.message(for: $0) }
        let values = model.values
        let action = model.id.map { SitePath.order($0).description } ?? SitePath.orders.description
        let opportunityOptions = [("", l[.none])] + model.opportunities.map { (String($0.id ?? 0), $0.title) }
        let cancel = model.id.map { SitePath.order($0).description } ?? SitePath.customer(model.customer.id ?? 0).description
        let statuses = [OrderStatus.draft, .confirmed].map { ($0.rawValue, l.orderStatusName($0)) }
        return """
        <div class="card">\(model.problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" id="order-form">\(context.csrfField)
          <button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">\(l[.save])</button>
          \(values.optional("version").map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(CustomerPicker.fixed(model.customer, l: l))
            \(CustomerPicker.contactSelect(model.contacts, selected: values["contact_id"], errors: errors, l: l))
            \(Form.select("opportunity_id", label: l[.opportunity], options: opportunityOptions, selected: values["opportunity_id"], errors: errors))
            \(Form.select("status", label: l[.status], options: statuses, selected: values["status"], errors: errors))
            \(Form.select("channel", label: l[.salesChannel], options: model.channels.options(keeping: values["channel"], l), selected: values["channel"], errors: errors))
            \(Form.select("payment_method", label: l[.paymentMethod], options: PaymentMethod.allCases.map { ($0.rawValue, l.paymentMethodName($0)) }, selected: values["payment_method"], errors: errors))
            \(Form.text("payment_terms_days", label: l[.paymentTerms], value: values["payment_terms_days"], errors: errors, type: "number"))
            \(Form.select("delivery_method", label: l[.deliveryMethod], options: DeliveryMethod.allCases.map { ($0.rawValue, l.deliveryMethodName($0)) }, selected: values["delivery_method"], errors: errors))
            \(Form.text("promised_delivery_date", label: l[.promisedDelivery], value: values["promised_delivery_date"], errors: errors, type: "date"))
          </div>
          \(LineRows.editor(values, products: model.products, errors: errors, l: l))
          \(Form.textarea("notes", label: l[.notes], value: values["notes"], errors: errors, rows: 3))
          <div class="form-actions"><button type="submit" id="save-order">\(l[.save])</button><a class="button ghost" href="\(cancel)">\(l[.cancel])</a></div>
        </form></div>
        """
    }
}
