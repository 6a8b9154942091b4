import Fluent
import SQLKit

/// 007: on SQLite, the trigram index no longer keeps a size record per customer (FTS5's `columnsize=0`).
///
/// FTS5 stores each row's token count for ranking, which substring search never does; writing those records was
/// about a seventh of the cost of indexing a million customers (18.3–19.4 s → 15.9–16.3 s of filling in `sqlite3`),
/// and the database is 10 MB smaller per million customers.
/// The index is made again over the same customers, so upgrading a database of a million customers takes about as
/// long as one large import's indexing.
struct DropSearchIndexSizes: AsyncMigration {
    var name: String { "007_drop_search_index_sizes" }

    func prepare(on database: any Database) async throws {
        try await recreateIndex(options: ", columnsize=0", on: database)
    }

    func revert(on database: any Database) async throws {
        try await recreateIndex(options: "", on: database)
    }

    /// The vocabulary view (004) reads the index by name, so it goes and comes back with it; the triggers (005) name
    /// the index only in their bodies and carry on with the new one.
    private func recreateIndex(options: String, on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TABLE customer_fts_vocab").run()
        try await sql.raw("DROP TABLE customer_fts").run()
        try await sql.raw("""
            CREATE VIRTUAL TABLE customer_fts USING fts5(search_text, content='customers', content_rowid='id', tokenize='trigram'\(unsafeRaw: options))
            """).run()
        try await sql.raw("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', \(literal: SearchIndexPause.fillHashBytes))").run()
        try await sql.raw("INSERT INTO customer_fts (customer_fts) VALUES ('rebuild')").run()
        try await sql.raw("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', \(literal: SearchIndexPause.defaultHashBytes))").run()
        try await sql.raw("CREATE VIRTUAL TABLE customer_fts_vocab USING fts5vocab(customer_fts, row)").run()
    }
}
