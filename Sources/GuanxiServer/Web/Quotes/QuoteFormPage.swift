import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The quote form: header (contact, opportunity, dates, notes) and line rows, for a new quote or a draft's edit.
enum QuoteFormPage {
    struct Model: Sendable {
        var id: Int64?
        var customer: Customer
        var contacts: [Contact]
        var opportunities: [Opportunity]
        var products: [Product]
        var values: FormValues
        var problems: FieldProblems
        var validityDays: Int

        static func load(_ request: Request, id: Int64?, customer: Customer, values: FormValues, problems: FieldProblems) async throws -> Model {
            let actor = try request.actor()
            let customerID = customer.id ?? 0
            var filter = OpportunityBook.Filter()
            filter.customerID = customerID
            return Model(id: id, customer: customer, contacts: try await request.contacts.contacts(of: customerID, by: actor),
                         opportunities: try await request.opportunities.opportunities(filter, after: nil, limit: 100, by: actor).items,
                         products: try await SalesProducts.sellable(request, keeping: values), values: values, problems: problems,
                         validityDays: try await request.companySettings.profile().quoteValidityDays)
        }
    }

    /// The draft the form's values make, and for each of its lines the row it came from.
    static func draft(_ values: FormValues, customerID: Int64, into problems: inout FieldProblems) -> (QuoteBook.Draft, [Int]) {
        var draft = QuoteBook.Draft()
        draft.customerID = customerID
        draft.contactID = FormNumber.id(values["contact_id"])
        draft.opportunityID = FormNumber.id(values["opportunity_id"])
        draft.quoteDate = values["quote_date"]
        draft.validUntil = values["valid_until"]
        draft.notes = values["notes"]
        let (lines, rows) = LineRows.drafts(values, into: &problems)
        draft.lines = lines
        return (draft, rows)
    }

    /// The values that show a written quote in the form.
    static func values(of quote: Quote, lines: [QuoteLine]) -> FormValues {
        var values = FormValues(LineRows.values(of: lines.map { ShownLine($0).draft }))
        values["contact_id"] = quote.$contact.id.map(String.init) ?? ""
        values["opportunity_id"] = quote.$opportunity.id.map(String.init) ?? ""
        values["quote_date"] = quote.quoteDate
        values["valid_until"] = quote.validUntil
        values["notes"] = quote.notes
        values["version"] = String(quote.version)
        return values
    }

    static func view(_ model: Model, _ context: PageContext) -> HTML {
        let l = context.l
        let errors = model.problems.problems.mapValues { l.message(for: $0) }
        let values = model.values
        let action = model.id.map { SitePath.quote($0).description } ?? SitePath.quotes.description
        let opportunityOptions = [("", l[.none])] + model.opportunities.map { (String($0.id ?? 0), $0.title) }
        let cancel = model.id.map { SitePath.quote($0).description } ?? SitePath.customer(model.customer.id ?? 0).description
        return """
        <div class="card">\(model.problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" id="quote-form">\(context.csrfField)
          <button type="submit" class="default-submit" tabindex="-1" aria-hidden="true">\(l[.save])</button>
          \(values.optional("version").map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          <div class="grid-form">
            \(CustomerPicker.fixed(model.customer, l: l))
            \(CustomerPicker.contactSelect(model.contacts, selected: values["contact_id"], errors: errors, l: l))
            \(Form.select("opportunity_id", label: l[.opportunity], options: opportunityOptions, selected: values["opportunity_id"], errors: errors))
            \(Form.text("quote_date", label: l[.quoteDate], value: values["quote_date"], errors: errors, type: "date", hint: l[.quoteDateHint]))
            \(Form.text("valid_until", label: l[.validUntil], value: values["valid_until"], errors: errors, type: "date",
                        hint: l(.validUntilHint, ["n": String(model.validityDays)])))
          </div>
          \(LineRows.editor(values, products: model.products, errors: errors, l: l))
          \(Form.textarea("notes", label: l[.notes], value: values["notes"], errors: errors, rows: 3))
          <div class="form-actions"><button type="submit" id="save-quote">\(l[.save])</button><a class="button ghost" href="\(cancel)">\(l[.cancel])</a></div>
        </form></div>
        """
    }
}

/// The products a line may name: the active ones, and any a form already names (so a retired one still shows).
enum SalesProducts {
    static func sellable(_ request: Request, keeping values: FormValues) async throws -> [Product] {
        let named = values.fields.filter { $0.key.hasPrefix("line_product_") }.compactMap { Int64($0.value) }
        let query = Product.query(on: request.db)
        if named.isEmpty { query.filter(\.$active == true) } else { query.group(.or) { $0.filter(\.$active == true).filter(\.$id ~~ named) } }
        return try await query.sort(\.$name).limit(2000).all()
    }
}
