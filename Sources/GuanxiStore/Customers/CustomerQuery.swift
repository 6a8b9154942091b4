import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// The customer list's SQL: the filter and the actor's scope as one SELECT, and rows read column by column.
///
/// Lists are the hottest path of the product, so they skip the ORM's reflective row decoding.
enum CustomerQuery {
    static let columns = [
        "id", "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner_id", "stage",
        "custom_fields", "annual_category_spend", "marketing_consent", "last_interaction_at", "deleted_at", "merged_into_id",
        "created_by_id", "version", "created_at", "updated_at",
    ]

    static func select(_ filter: CustomerFilter, by actor: Actor, on database: any Database,
                       columns: [any SQLExpression]? = nil) async throws -> SQLSelectBuilder {
        let sql = try database.sql()
        var query = sql.select().from(Customer.schema)
        query = columns.map { query.columns($0) } ?? query.columns(Self.columns.map { SQLColumn($0) })
        query = query.where("deleted_at", filter.deleted ? .isNot : .is, SQLLiteral.null)
        let scope = filter.deleted ? actor.access.writeScope : actor.access.readScope
        if let owners = try await CustomerAccess.ownerIDs(scope, on: database) {
            query = query.where("owner_id", .in, SQLBind.group(owners))
        }
        if let owner = filter.ownerID { query = query.where("owner_id", .equal, SQLBind(owner)) }
        if let stage = filter.stage { query = query.where("stage", .equal, SQLBind(stage.rawValue)) }
        if let kind = filter.kind { query = query.where("kind", .equal, SQLBind(kind.rawValue)) }
        if let industry = filter.industry { query = query.where("industry", .equal, SQLBind(industry)) }
        if let region = filter.region { query = query.where("region", .equal, SQLBind(region)) }
        if let source = filter.source { query = query.where("source", .equal, SQLBind(source)) }
        if let tag = filter.tag {
            query = query.where(SQLQueryString("\(ident: "id") IN (SELECT \(ident: "customer_id") FROM \(ident: "customer_tags") WHERE \(ident: "tag") = \(bind: tag))"))
        }
        if let from = filter.createdFrom { query = query.where("created_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.createdTo { query = query.where("created_at", .lessThanOrEqual, SQLBind(to)) }
        if let from = filter.lastInteractionFrom { query = query.where("last_interaction_at", .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.lastInteractionTo { query = query.where("last_interaction_at", .lessThanOrEqual, SQLBind(to)) }
        if let search = filter.search?.lowercased(), !search.isEmpty {
            query = query.where(try await SubstringSearch.customerCondition(search, on: database))
        }
        return query
    }

    /// A customer from a row of `columns`, without the ORM's reflection.
    static func decode(_ row: any SQLRow) throws -> Customer {
        let customer = Customer()
        customer.id = try row.decode(column: "id", as: Int64.self)
        customer.kind = CustomerKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .company
        customer.name = try row.decode(column: "name", as: String.self)
        customer.industry = try row.decode(column: "industry", as: String.self)
        customer.region = try row.decode(column: "region", as: String.self)
        customer.address = try row.decode(column: "address", as: String.self)
        customer.phone = try row.decode(column: "phone", as: String.self)
        customer.email = try row.decode(column: "email", as: String.self)
        customer.website = try row.decode(column: "website", as: String.self)
        customer.source = try row.decode(column: "source", as: String.self)
        customer.$owner.id = try row.decode(column: "owner_id", as: Int64?.self)
        customer.stage = LifecycleStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .lead
        customer.customFieldsJSON = try row.decode(column: "custom_fields", as: String.self)
        customer.annualCategorySpend = try row.decode(column: "annual_category_spend", as: Int64?.self)
        customer.marketingConsent = try row.decode(column: "marketing_consent", as: Bool.self)
        customer.lastInteractionAt = try row.decode(column: "last_interaction_at", as: Date?.self)
        customer.deletedAt = try row.decode(column: "deleted_at", as: Date?.self)
        customer.mergedIntoID = try row.decode(column: "merged_into_id", as: Int64?.self)
        customer.$createdBy.id = try row.decode(column: "created_by_id", as: Int64?.self)
        customer.version = try row.decode(column: "version", as: Int.self)
        customer.createdAt = try row.decode(column: "created_at", as: Date.self)
        customer.updatedAt = try row.decode(column: "updated_at", as: Date.self)
        customer.$id.exists = true
        return customer
    }
}
