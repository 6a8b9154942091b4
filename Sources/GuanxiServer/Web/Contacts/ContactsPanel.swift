import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// The customer's contacts on the 360 page, with the form that adds one.
enum ContactsPanel {
    static let panel = CustomerPanel(id: "contacts", column: .main) { input in
        let contacts = try await input.request.contacts.contacts(of: input.customerID, includeDeleted: input.isDeleted, by: input.actor)
        return view(contacts, input.scope)
    }

    static func view(_ contacts: [Contact], _ scope: CustomerPanelScope) -> HTML {
        let l = scope.context.l, context = scope.context
        let noErrors: [String: String] = [:]
        let rows: [HTML] = contacts.map { contact in
            let primary: HTML = contact.isPrimary ? "<span class=\"pill ok\">\(l[.primaryContact])</span>" : .empty
            let edit: HTML = scope.canWrite && !scope.isDeleted ? "<a href=\"\(SitePath.contactEdit(contact.id ?? 0))\">\(l[.edit])</a>" : .empty
            return """
            <tr><td><strong>\(contact.name)</strong> \(primary)<div class="muted">\(contact.title)</div></td>
            <td>\(contact.mobile)<div class="muted">\(contact.phone)</div></td><td>\(contact.email)<div class="muted">\(contact.wechatID)</div></td>
            <td class="muted">\(contact.birthday ?? "")</td><td>\(edit)</td></tr>
            """
        }
        let form: HTML = scope.canWrite && !scope.isDeleted ? """
            <details class="more" id="add-contact"><summary>\(l[.newContact])</summary>
            <form method="post" action="\(SitePath.customerContacts(scope.customerID))" id="contact-form">\(context.csrfField)
              <div class="grid-form">
                \(Form.text("name", label: l[.contactName], value: "", errors: noErrors, required: true))
                \(Form.text("title", label: l[.jobTitle], value: "", errors: noErrors))
                \(Form.text("mobile", label: l[.mobile], value: "", errors: noErrors))
                \(Form.text("phone", label: l[.phone], value: "", errors: noErrors))
                \(Form.text("email", label: l[.email], value: "", errors: noErrors, type: "email"))
                \(Form.text("wechat_id", label: l[.wechat], value: "", errors: noErrors))
                \(Form.text("birthday", label: l[.birthday], value: "", errors: noErrors, type: "date"))
              </div>
              \(Form.checkbox("is_primary", label: l[.primaryContact], checked: contacts.isEmpty))
              <button type="submit" id="save-contact">\(l[.save])</button>
            </form></details>
            """ : .empty
        return """
        <div class="card" id="contacts"><h2>\(l[.contacts])</h2>
          \(rows.isEmpty ? HTML("<p class=\"muted\">\(l[.noContacts])</p>") : HTML("<table id=\"contacts-table\"><tbody>\(rows)</tbody></table>"))
          \(form)
        </div>
        """
    }
}
