import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Personal data requests (download everything, erase it), for administrators.
enum CustomerPrivacyPanel {
    static let panel = CustomerPanel(id: "personal-data", column: .side) { input in
        CustomerPrivacy.mayHandle(input.actor) ? view(customerID: input.customerID, input.context) : .empty
    }

    static func view(customerID id: Int64, _ context: PageContext) -> HTML {
        let l = context.l
        return """
        <div class="card" id="personal-data"><h2>\(l[.privacyTitle])</h2>
        <p class="muted">\(l[.privacyHint])</p>
        <p><a href="\(SitePath.customerPersonalData(id))" id="export-personal-data">\(l[.privacyExport])</a></p>
        <form method="post" action="\(SitePath.customerErase(id))" data-confirm="\(l[.privacyEraseConfirm])">\(context.csrfField)
          <button type="submit" class="danger" id="erase-personal-data">\(l[.privacyErase])</button>
        </form></div>
        """
    }
}
