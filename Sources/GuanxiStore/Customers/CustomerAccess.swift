import Fluent
import GuanxiCore

/// Applies an actor's access policy to customers and the records hanging off them.
///
/// A customer outside the read scope is reported as missing (404), never as forbidden,
/// so nobody learns that a record they may not see exists.
public enum CustomerAccess {
    /// Owner ids the scope covers; nil means every customer.
    public static func ownerIDs(_ scope: AccessPolicy.Scope, on database: any Database) async throws -> [Int64]? {
        switch scope {
        case .all:
            return nil
        case .owner(let id):
            return [id]
        case .team(let team, let me):
            let members = try await User.query(on: database).filter(\.$team.$id == team).all(\.$id)
            return Array(Set(members + [me])).sorted()
        }
    }

    /// Whether the customer lies in the scope.
    public static func contains(_ scope: AccessPolicy.Scope, _ customer: Customer, on database: any Database) async throws -> Bool {
        switch scope {
        case .all:
            return true
        case .owner(let id):
            return customer.$owner.id == id
        case .team(let team, let me):
            guard let owner = customer.$owner.id else { return false }
            if owner == me { return true }
            return try await User.find(owner, on: database)?.$team.id == team
        }
    }

    /// The customer if the actor may see it (live, or soft-deleted when `includeDeleted`), otherwise `notFound`.
    public static func visibleCustomer(_ id: Int64, by actor: Actor, includeDeleted: Bool = false,
                                       on database: any Database) async throws -> Customer {
        guard let customer = try await Customer.find(id, on: database),
              includeDeleted || customer.deletedAt == nil,
              try await contains(actor.access.readScope, customer, on: database)
        else { throw GuanxiError.notFound(entity: "customer") }
        return customer
    }

    /// The customer if the actor may change it; `notFound` when invisible, `forbidden` when only readable.
    public static func writableCustomer(_ id: Int64, by actor: Actor, includeDeleted: Bool = false,
                                        on database: any Database) async throws -> Customer {
        let customer = try await visibleCustomer(id, by: actor, includeDeleted: includeDeleted, on: database)
        guard try await contains(actor.access.writeScope, customer, on: database) else { throw GuanxiError.forbidden }
        return customer
    }

    /// Whether the actor may change this visible customer.
    public static func canWrite(_ customer: Customer, by actor: Actor, on database: any Database) async throws -> Bool {
        try await contains(actor.access.writeScope, customer, on: database)
    }
}
