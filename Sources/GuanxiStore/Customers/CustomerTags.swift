import Fluent
import FluentSQL
import Foundation
import GuanxiCore
import SQLKit

/// Tags and the columns derived from a customer and its contacts (duplicate keys, search text).
extension CustomerBook {
    /// Tags of each customer, sorted by code point (as lists sort them, whatever the database's collation).
    public static func tags(of ids: [Int64], on database: any Database) async throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        let select = try database.sql().select().column("customer_id").column("tag").from("customer_tags")
            .where("customer_id", .in, SQLBind.group(ids))
        let pairs = try await ResultRow.all(select, columns: ["customer_id", "tag"], on: database) { row in
            (try row.int64(0), try row.string(1))
        }
        var out: [Int64: [String]] = [:]
        for (id, tag) in pairs { out[id, default: []].append(tag) }
        return out.mapValues { $0.sorted() }
    }

    static func replaceTags(of id: Int64, with tags: [String], on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.delete(from: "customer_tags").where("customer_id", .equal, SQLBind(id)).run()
        guard !tags.isEmpty else { return }
        var insert = sql.insert(into: "customer_tags").columns("customer_id", "tag")
        for tag in tags { insert = insert.values(SQLBind(id), SQLBind(tag)) }
        try await insert.run()
    }

    /// Recomputes the duplicate keys and search text from the customer and its contacts.
    static func refreshKeys(_ customer: Customer, on database: any Database) async throws {
        let contacts = try await Contact.query(on: database).filter(\.$customer.$id == customer.requireID()).all()
        refreshKeys(customer, contacts: contacts.map { ($0.name, $0.mobile.isEmpty ? $0.phone : $0.mobile, $0.email) })
    }

    static func refreshKeys(_ customer: Customer, contacts: [(name: String, phone: String, email: String)]) {
        customer.nameKey = DuplicateKey.name(customer.name)
        customer.nameSortKey = PinyinSortKey.key(customer.name)
        customer.phoneKey = DuplicateKey.phone(customer.phone)
        customer.emailKey = DuplicateKey.email(customer.email)
        customer.searchText = CustomerRules.searchText(name: customer.name, phone: customer.phone, email: customer.email, contacts: contacts)
    }

    /// Re-derives a customer's search text after its contacts changed.
    static func refreshSearchText(customerID: Int64, on database: any Database) async throws {
        guard let customer = try await Customer.find(customerID, on: database) else { return }
        try await refreshKeys(customer, on: database)
        try await customer.update(on: database)
    }
}
