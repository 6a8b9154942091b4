import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// A customer's personal data requests: a copy of everything stored, and erasure. Administrators only.
enum CustomerPrivacyAPI {
    static func register(_ api: APIBuilder) {
        api.on(.init(.GET, "/customers/{id}/personal-data", operationID: "exportPersonalData",
                     summary: "Everything stored about one customer: record, tags, contacts, interactions, tasks and audit history",
                     tag: "customers", access: .admin,
                     responses: [.init(.ok, "The customer's data", schemaName: PersonalDataBody.schemaName)])) { request in
            let export = try await request.privacy.export(customerID: try request.idParameter(), by: request.actor())
            return try .json(PersonalDataBody(export))
        }
        api.on(.init(.POST, "/customers/{id}/erase", operationID: "erasePersonalData",
                     summary: "Erase a customer's personal data for good; anonymous facts stay for the figures", tag: "customers",
                     access: .admin,
                     responses: [.init(.ok, "The erased customer (in the trash)", schemaName: CustomerBody.schemaName)])) { request in
            let customer = try await request.privacy.erase(customerID: try request.idParameter(), by: request.actor())
            return try .json(try CustomerBody(customer: customer, tags: []))
        }
    }

    /// The component schemas of its bodies.
    static let components: [(String, JSONSchema)] = [
        (PersonalDataBody.schemaName, PersonalDataBody.schema),
    ]
}

/// Everything stored about one customer.
struct PersonalDataBody: Encodable, SchemaDescribed {
    let customer: CustomerBody
    let contacts: [ContactBody]
    let interactions: [InteractionBody]
    let tasks: [TaskBody]
    let audit: [AuditEntryBody]

    init(_ export: CustomerPrivacy.Export) throws {
        customer = try CustomerBody(customer: export.customer, tags: export.tags)
        contacts = export.contacts.map(ContactBody.init)
        interactions = export.interactions.map(InteractionBody.init)
        tasks = export.tasks.map(TaskBody.init)
        audit = try export.audit.map(AuditEntryBody.init)
    }

    static let schemaName = "PersonalData"
    static var schema: JSONSchema {
        .object([
            ("customer", .ref(CustomerBody.schemaName)), ("contacts", .array(.ref(ContactBody.schemaName))),
            ("interactions", .array(.ref(InteractionBody.schemaName))), ("tasks", .array(.ref(TaskBody.schemaName))),
            ("audit", .array(.ref(AuditEntryBody.schemaName))),
        ], required: ["customer", "contacts", "interactions", "tasks", "audit"])
    }
}
