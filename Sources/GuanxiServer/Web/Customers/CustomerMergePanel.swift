import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Merging a duplicate into this customer, with the likely duplicates suggested; for those who may change it.
enum CustomerMergePanel {
    static let panel = CustomerPanel(id: "merge", column: .side) { input in
        guard input.canWrite && !input.isDeleted else { return .empty }
        let customer = input.customer
        let duplicates = try await input.request.customers.duplicates(
            name: customer.name, phone: customer.phone, email: customer.email, excluding: input.customerID, by: input.actor)
        return view(customerID: input.customerID, duplicates: duplicates, attempt: input.mergeAttempt, input.context)
    }

    static func view(customerID id: Int64, duplicates: [Customer], attempt: CustomerPage.MergeAttempt?, _ context: PageContext) -> HTML {
        let l = context.l
        let suggestions: [HTML] = duplicates.map { match in
            "<li><a href=\"\(SitePath.customer(match.id ?? 0))\">#\(match.id ?? 0) \(match.name)</a> <span class=\"muted\">\(match.phone) \(match.email)</span></li>"
        }
        return """
        <div class="card" id="merge"><h2>\(l[.mergeTitle])</h2>
        \(suggestions.isEmpty ? HTML.empty : HTML("<p>\(l[.duplicateWarning])</p><ul>\(suggestions)</ul>"))
        <p class="muted">\(l[.mergeHint])</p>
        <form method="post" action="\(SitePath.customerMerge(id))" class="filters" id="merge-form" data-confirm="\(l[.confirmMerge])">\(context.csrfField)
          \(Form.text("duplicate_id", label: l[.duplicateID], value: attempt?.duplicateID ?? duplicates.first.map { String($0.id ?? 0) } ?? "",
                     errors: attempt.map { ["duplicate_id": $0.problem] } ?? [:], type: "number"))
          <button type="submit" class="ghost" id="merge-customer">\(l[.mergeHere])</button>
        </form></div>
        """
    }
}
