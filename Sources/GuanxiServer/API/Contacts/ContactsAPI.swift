import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// `/customers/{id}/contacts` and `/contacts`.
enum ContactsAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/customers/{id}/contacts", operationID: "listContacts", summary: "A customer's contacts, primary first",
                     tag: "contacts", access: .signedIn, reach: .readsCustomer, responses: [.init(.ok, "The contacts", schemaName: "ContactList")])) { request in
            let contacts = try await request.contacts.contacts(of: try request.idParameter(), by: request.actor())
            return try .json(ListBody(Page(items: contacts, next: nil), ContactBody.init))
        }
        api.on(.init(.POST, "/customers/{id}/contacts", operationID: "createContact", summary: "Add a contact to a customer",
                     tag: "contacts", access: .signedIn, reach: .changesCustomer, request: ContactInputBody.schemaName, requiring: ["name"],
                     responses: [.init(.created, "The new contact", schemaName: ContactBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(ContactInputBody.self)
            return try .json(ContactBody(contact: try await request.contacts.create(customerID: id, body.draft(), by: request.actor())), status: .created)
        }
        api.on(.init(.GET, "/contacts/{id}", operationID: "getContact", summary: "One contact", tag: "contacts", access: .signedIn, reach: .readsCustomer,
                     responses: [.init(.ok, "The contact", schemaName: ContactBody.schemaName)])) { request in
            try .json(ContactBody(contact: try await request.contacts.contact(id: try request.idParameter(), by: request.actor())))
        }
        api.on(.init(.PATCH, "/contacts/{id}", operationID: "updateContact", summary: "Change a contact; send the version you read",
                     tag: "contacts", access: .signedIn, reach: .changesCustomer, request: ContactInputBody.schemaName,
                     responses: [.init(.ok, "The changed contact", schemaName: ContactBody.schemaName),
                                 .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName),
                                 .init(.conflict, "The version is stale", schemaName: ErrorBody.schemaName)])) { request in
            let id = try request.idParameter()
            let body = try request.decodeJSON(ContactInputBody.self)
            let actor = try request.actor()
            let existing = try await request.contacts.contact(id: id, by: actor)
            let version = try requireVersion(body.version)
            let contact = try await request.contacts.update(id: id, version: version, body.draft(over: ContactDraft.of(existing)), by: actor)
            return try .json(ContactBody(contact: contact))
        }
        api.on(.init(.DELETE, "/contacts/{id}", operationID: "deleteContact", summary: "Delete a contact", tag: "contacts",
                     access: .signedIn, reach: .changesCustomer, responses: [.init(.noContent, "Deleted", schemaName: nil),
                                                    .init(.forbidden, "You may see but not change this customer", schemaName: ErrorBody.schemaName)])) { request in
            try await request.contacts.delete(id: try request.idParameter(), by: request.actor())
            return Response(status: .noContent)
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (ContactBody.schemaName, ContactBody.schema),
        (ContactInputBody.schemaName, ContactInputBody.schema),
        ("ContactList", ListBody<ContactBody>.schema(of: ContactBody.schemaName)),
    ]
}

/// A draft rebuilt from the stored contact, so a PATCH changes only the fields it names.
enum ContactDraft {
    static func of(_ contact: Contact) -> ContactBook.Draft {
        var draft = ContactBook.Draft()
        draft.name = contact.name; draft.title = contact.title; draft.phone = contact.phone; draft.mobile = contact.mobile
        draft.email = contact.email; draft.wechatID = contact.wechatID; draft.birthday = contact.birthday ?? ""; draft.isPrimary = contact.isPrimary
        return draft
    }
}
