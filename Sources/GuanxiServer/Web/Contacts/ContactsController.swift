import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Contacts in the browser. The form lives on the customer page; a refused form comes back on a page of its own
/// with the errors next to the fields.
struct ContactsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.customerContacts(SitePath.anyID), use: createContact)
        routes.get(.contactEdit(SitePath.anyID), use: editContact)
        routes.post(.contact(SitePath.anyID), use: updateContact)
        routes.post(.contactDelete(SitePath.anyID), use: deleteContact)
    }

    struct ContactForm: Content {
        var name: String?, title: String?, phone: String?, mobile: String?, email: String?, wechat_id: String?, birthday: String?
        var is_primary: String?, version: Int?

        var draft: ContactBook.Draft {
            var draft = ContactBook.Draft()
            draft.name = name ?? ""; draft.title = title ?? ""; draft.phone = phone ?? ""; draft.mobile = mobile ?? ""
            draft.email = email ?? ""; draft.wechatID = wechat_id ?? ""; draft.birthday = birthday ?? ""; draft.isPrimary = is_primary == "true"
            return draft
        }
    }

    @Sendable func createContact(_ request: Request) async throws -> Response {
        let customerID = try request.idParameter()
        let values = try request.content.decode(ContactForm.self)
        do {
            let contact = try await request.contacts.create(customerID: customerID, values.draft, by: request.actor())
            return request.redirect(to: "\(SitePath.customer(customerID))#contacts", flash: .contactAdded, name: contact.name)
        } catch GuanxiError.invalid(let problems) {
            return try contactForm(request, action: SitePath.customerContacts(customerID).description, back: SitePath.customer(customerID).description, values: values, problems: problems)
        }
    }

    @Sendable func editContact(_ request: Request) async throws -> Response {
        let contact = try await request.contacts.contact(id: try request.idParameter(), by: request.actor())
        let values = ContactForm(name: contact.name, title: contact.title, phone: contact.phone, mobile: contact.mobile, email: contact.email,
                                 wechat_id: contact.wechatID, birthday: contact.birthday, is_primary: contact.isPrimary ? "true" : nil,
                                 version: contact.version)
        return try contactForm(request, action: SitePath.contact(contact.id ?? 0).description, back: SitePath.customer(contact.$customer.id).description, values: values,
                               problems: FieldProblems(), deletable: contact.id, status: .ok)
    }

    @Sendable func updateContact(_ request: Request) async throws -> Response {
        let id = try request.idParameter()
        let values = try request.content.decode(ContactForm.self)
        let actor = try request.actor()
        let existing = try await request.contacts.contact(id: id, by: actor)
        do {
            let contact = try await request.contacts.update(id: id, version: values.version ?? 0, values.draft, by: actor)
            return request.redirect(to: "\(SitePath.customer(contact.$customer.id))#contacts", flash: .contactUpdated, name: contact.name)
        } catch GuanxiError.invalid(let problems) {
            return try contactForm(request, action: SitePath.contact(id).description, back: SitePath.customer(existing.$customer.id).description, values: values, problems: problems,
                                   deletable: id)
        }
    }

    @Sendable func deleteContact(_ request: Request) async throws -> Response {
        let actor = try request.actor()
        let contact = try await request.contacts.contact(id: try request.idParameter(), by: actor)
        try await request.contacts.delete(id: contact.id ?? 0, by: actor)
        return request.redirect(to: "\(SitePath.customer(contact.$customer.id))#contacts", flash: .contactDeleted)
    }

    private func contactForm(_ request: Request, action: String, back: String, values: ContactForm, problems: FieldProblems,
                             deletable: Int64? = nil, status: HTTPStatus = .unprocessableEntity) throws -> Response {
        let context = PageContext(request: request)
        let l = context.l
        let errors = problems.problems.mapValues { l.message(for: $0) }
        let deleteForm: HTML = deletable.map { id in
            HTML("<form method=\"post\" action=\"\(SitePath.contactDelete(id))\" data-confirm=\"\(l[.confirmDeleteContact])\">\(context.csrfField)<button class=\"danger\" type=\"submit\">\(l[.delete])</button></form>")
        } ?? .empty
        let content: HTML = """
        <div class="card">\(problems.isEmpty ? HTML.empty : Form.banner(l[.errValidation]))
        <form method="post" action="\(action)" class="stacked" id="contact-form">\(context.csrfField)
          \(values.version.map { HTML("<input type=\"hidden\" name=\"version\" value=\"\($0)\">") } ?? HTML.empty)
          \(Form.text("name", label: l[.contactName], value: values.name ?? "", errors: errors, required: true))
          \(Form.text("title", label: l[.jobTitle], value: values.title ?? "", errors: errors))
          \(Form.text("mobile", label: l[.mobile], value: values.mobile ?? "", errors: errors))
          \(Form.text("phone", label: l[.phone], value: values.phone ?? "", errors: errors))
          \(Form.text("email", label: l[.email], value: values.email ?? "", errors: errors, type: "email"))
          \(Form.text("wechat_id", label: l[.wechat], value: values.wechat_id ?? "", errors: errors))
          \(Form.text("birthday", label: l[.birthday], value: values.birthday ?? "", errors: errors, type: "date"))
          \(Form.checkbox("is_primary", label: l[.primaryContact], checked: values.is_primary == "true"))
          <div class="form-actions"><button type="submit" id="save-contact">\(l[.save])</button><a class="button ghost" href="\(back)">\(l[.cancel])</a></div>
        </form></div>\(deleteForm)
        """
        let response = Layout.page(deletable == nil ? l[.newContact] : l[.editContact], context, content: content)
        response.status = status
        return response
    }
}
