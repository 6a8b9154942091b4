import Fluent
import GuanxiCore
import SQLKit

/// 006: customers can be listed in pinyin order (拼音排序).
///
/// `name_sort_key` holds `PinyinSortKey.key(name)`, kept up wherever the name is written; it compares byte by byte
/// (SQLite's default BINARY collation, "C" on PostgreSQL, whatever the database's own collation), so the index on
/// (key, id) serves the sort and its keyset pages. Customers already in the database get their keys here.
struct CreatePinyinSortKey: AsyncMigration {
    var name: String { "006_create_pinyin_sort_key" }

    static let batchSize = 1_000

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        let collation: SQLQueryString = sql.dialect.name == "sqlite" ? "" : " COLLATE \"C\""
        try await sql.raw("ALTER TABLE customers ADD COLUMN name_sort_key TEXT\(collation) NOT NULL DEFAULT ''").run()
        var after: Int64 = 0
        while true {
            let rows = try await sql.select().column("id").column("name").from(Customer.schema)
                .where("id", .greaterThan, SQLBind(after)).orderBy("id").limit(Self.batchSize).all()
            guard !rows.isEmpty else { break }
            let named = try rows.map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
            var cases: SQLQueryString = "CASE id"
            for (id, name) in named { cases += " WHEN \(bind: id) THEN \(bind: PinyinSortKey.key(name))" }
            cases += " END"
            let update: SQLQueryString = "UPDATE customers SET name_sort_key = \(cases) WHERE id IN \(SQLBind.group(named.map(\.0)))"
            try await sql.raw(update).run()
            after = named.last?.0 ?? after
        }
        try await sql.create(index: "customers_name_sort_idx").on(Customer.schema).column("name_sort_key").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "customers_name_sort_idx").run()
        try await sql.raw("ALTER TABLE customers DROP COLUMN name_sort_key").run()
    }
}
