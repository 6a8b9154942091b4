import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// What a new opportunity, quote or order starts from: the customer named in `?customer_id=`, which the user must
/// be allowed to change, or a choice among the customers they may change.
enum CustomerPicker {
    /// The customer of `?customer_id=` (404 when out of sight, 403 when read-only), or nil when none was named.
    static func chosen(_ request: Request) async throws -> Customer? {
        guard let text = request.query[String.self, at: "customer_id"], !text.isEmpty else { return nil }
        guard let id = Int64(text) else { throw GuanxiError.notFound(entity: "customer") }
        return try await writable(id, request)
    }

    static func writable(_ id: Int64, _ request: Request) async throws -> Customer {
        let actor = try request.actor()
        let customer = try await request.customers.customer(id: id, by: actor)
        guard try await request.customers.canWrite(customer, by: actor) else { throw GuanxiError.forbidden }
        return customer
    }

    /// The live customers the user may change, by name (the first 500).
    static func choices(_ request: Request) async throws -> [Customer] {
        let actor = try request.actor()
        let owners = try await CustomerAccess.ownerIDs(actor.access.writeScope, on: request.db)
        let query = Customer.query(on: request.db).filter(\.$deletedAt == nil)
        if let owners { query.filter(\.$owner.$id ~~ owners) }
        return try await query.sort(\.$name).limit(500).all()
    }

    /// A small form that reloads `path` with the chosen customer (and keeps any other query, e.g. an opportunity).
    static func view(_ path: SitePath, customers: [Customer], title: String, _ context: PageContext) -> HTML {
        let l = context.l
        let options = customers.map { (String($0.id ?? 0), $0.name) }
        let body: HTML = customers.isEmpty ? "<p class=\"muted\">\(l[.noWritableCustomers])</p>" : """
            <form method="get" action="\(path)" class="filters">
              \(Form.select("customer_id", label: l[.customer], options: options, selected: "", errors: [:]))
              <button type="submit" id="choose-customer">\(l[.continueButton])</button>
            </form>
            """
        return "<div class=\"card\" id=\"customer-picker\"><h2>\(title)</h2>\(body)</div>"
    }

    /// The select of the customer's contacts, with "none" first.
    static func contactSelect(_ contacts: [Contact], selected: String, errors: [String: String], l: Localizer) -> HTML {
        let options = [("", l[.none])] + contacts.map { (String($0.id ?? 0), $0.name + ($0.title.isEmpty ? "" : " · " + $0.title)) }
        return Form.select("contact_id", label: l[.contactPerson], options: options, selected: selected, errors: errors)
    }

    /// The customer a form is for, shown by name and sent as a hidden field.
    static func fixed(_ customer: Customer, l: Localizer) -> HTML {
        """
        <div class="field"><label>\(l[.customer])</label><div class="fixed-value" id="form-customer">\
        <a href="\(SitePath.customer(customer.id ?? 0))">\(customer.name)</a></div>\
        <input type="hidden" name="customer_id" value="\(customer.id ?? 0)"></div>
        """
    }
}
