import Fluent
import FluentSQL
import Foundation
import GuanxiCore
import SQLKit

/// Finding, listing, counting and walking the customers an actor may see.
extension CustomerBook {
    public func customer(id: Int64, includeDeleted: Bool = false, by actor: Actor) async throws -> Customer {
        try await CustomerAccess.visibleCustomer(id, by: actor, includeDeleted: includeDeleted, on: database)
    }

    public func canWrite(_ customer: Customer, by actor: Actor) async throws -> Bool {
        try await CustomerAccess.canWrite(customer, by: actor, on: database)
    }

    /// Probable duplicates the actor can see: same normalised phone, e-mail or name.
    public func duplicates(name: String, phone: String, email: String, excluding id: Int64? = nil, by actor: Actor) async throws -> [Customer] {
        try await duplicates(name: name, phone: phone, email: email, excluding: id, by: actor, on: database)
    }

    func duplicates(name: String, phone: String, email: String, excluding id: Int64?, by actor: Actor, on db: any Database) async throws -> [Customer] {
        let keys = [("name_key", DuplicateKey.name(name)), ("phone_key", DuplicateKey.phone(phone)), ("email_key", DuplicateKey.email(email))]
            .compactMap { column, key in key.map { (column, $0) } }
        guard !keys.isEmpty else { return [] }
        var query = Customer.query(on: db).filter(\.$deletedAt == nil)
        query = query.group(.or) { group in
            for (column, key) in keys { group.filter(.sql(embed: "\(ident: column) = \(bind: key)")) }
        }
        if let id { query = query.filter(\.$id != id) }
        if let owners = try await CustomerAccess.ownerIDs(actor.access.readScope, on: db) { query = query.filter(\.$owner.$id ~~ owners) }
        return try await query.sort(\.$id).limit(10).all()
    }

    /// One page of the customers the actor may see, filtered and ordered as asked.
    public func list(_ filter: CustomerFilter, after cursor: PageCursor?, limit: Int, by actor: Actor) async throws -> Page<CustomerRecord> {
        let limit = min(max(limit, 1), PageCursor.maximumLimit)
        var query = try await CustomerQuery.select(filter, by: actor, on: database, search: search)
        let sort = filter.sort
        let direction: SQLBinaryOperator = sort.ascending ? .greaterThan : .lessThan
        let order: SQLDirection = sort.ascending ? .ascending : .descending
        switch sort.key {
        case .id:
            if let cursor { query = query.where("id", direction, SQLBind(cursor.lastID)) }
        case .name, .pinyin:
            let pinyin = sort.key == .pinyin
            let column = pinyin ? "name_sort_key" : "name"
            // The cursor carries the last name; the pinyin key is a function of it.
            if let cursor, let name = cursor.sortKey {
                let key = pinyin ? PinyinSortKey.key(name) : name
                query = query.where(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn(column), direction, SQLBind(key)), .or,
                    SQLGroupExpression(SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn(column), .equal, SQLBind(key)), .and,
                        SQLBinaryExpression(SQLColumn("id"), direction, SQLBind(cursor.lastID)))))))
            }
            query = query.orderBy(column, order)
        }
        query = query.orderBy("id", order)
        var items = try await CustomerQuery.records(query.limit(limit + 1), on: database)
        var next: PageCursor?
        if items.count > limit {
            items.removeLast(items.count - limit)
            if let last = items.last {
                next = sort.key == .id ? PageCursor(lastID: last.id) : PageCursor(lastID: last.id, sortKey: last.name)
            }
        }
        return Page(items: items, next: next)
    }

    /// How many customers the actor may see match the filter.
    public func count(_ filter: CustomerFilter, by actor: Actor) async throws -> Int {
        let total = SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("total"))
        let query = try await CustomerQuery.select(filter, by: actor, on: database, search: search, columns: [total])
        return try await query.first()?.decode(column: "total", as: Int.self) ?? 0
    }

    /// Every matching customer the actor may see, in id order, handed over in batches (for exports).
    public func forEach(_ filter: CustomerFilter, by actor: Actor, batchSize: Int = 500,
                        _ body: ([CustomerRecord]) async throws -> Void) async throws {
        var filter = filter
        filter.sort = .oldest
        var cursor: PageCursor?
        repeat {
            let page = try await list(filter, after: cursor, limit: batchSize, by: actor)
            try await body(page.items)
            cursor = page.next
        } while cursor != nil
    }
}
