import Fluent
import GuanxiCore

/// Sales records follow their customer: who may see the customer sees its opportunities, quotes and orders, who
/// may change it changes them. A record out of reach is reported missing (404), like its customer.
enum SalesAccess {
    /// Narrows a query of records with a `customer_id` to the live customers the actor may see.
    static func scoped<Record: Model>(_ query: QueryBuilder<Record>, customer: KeyPath<Record, Record.Parent<Customer>>,
                                      by actor: Actor, on db: any Database) async throws -> QueryBuilder<Record>
    where Record.IDValue == Int64 {
        let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: db)
        let query = query.join(Customer.self, on: customer.appending(path: \.$id) == \Customer.$id)
            .filter(Customer.self, \.$deletedAt == nil)
        if let owners { query.filter(Customer.self, \.$owner.$id ~~ owners) }
        return query
    }

    /// The record's customer if the actor may see it; `notFound` naming the record otherwise.
    static func visible(_ customerID: Int64, entity: String, by actor: Actor, on db: any Database) async throws -> Customer {
        do {
            return try await CustomerAccess.visibleCustomer(customerID, by: actor, on: db)
        } catch GuanxiError.notFound { throw GuanxiError.notFound(entity: entity) }
    }

    /// The record's customer if the actor may change it: `notFound` when invisible, `forbidden` when only readable.
    static func writable(_ customerID: Int64, entity: String, by actor: Actor, on db: any Database) async throws -> Customer {
        let customer = try await visible(customerID, entity: entity, by: actor, on: db)
        guard try await CustomerAccess.canWrite(customer, by: actor, on: db) else { throw GuanxiError.forbidden }
        return customer
    }

    /// A contact named on a sales record must belong to its customer.
    static func checkContact(_ contactID: Int64?, of customerID: Int64, field: String = "contact_id", on db: any Database,
                             into problems: inout FieldProblems) async throws {
        guard let contactID else { return }
        let contact = try await Contact.find(contactID, on: db)
        if contact?.$customer.id != customerID { problems[field] = .unknownReference }
    }
}
