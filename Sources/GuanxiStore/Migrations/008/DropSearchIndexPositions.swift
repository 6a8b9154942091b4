import Fluent
import SQLKit

/// 008: on SQLite, the trigram index keeps which customers hold each trigram and no longer where in their search
/// text (FTS5's `detail=none`).
///
/// Positions are what FTS5 needs to answer a phrase by itself; substring search now intersects a text's rarest
/// trigrams and checks each candidate's search text for the whole text instead (`SubstringSearch`), which was as
/// fast or faster on a million customers (0.1–1.7 ms against 0.1–10 ms in `sqlite3`). Without positions, filling
/// the index for a million customers took half the time (6.5–7.5 s → 3.8–4.1 s of CPU in `sqlite3`) and the
/// database shrank by 40 %: every import, demo load and saved customer writes less.
/// Like 007, the index is made again over the customers already there.
struct DropSearchIndexPositions: AsyncMigration {
    var name: String { "008_drop_search_index_positions" }

    func prepare(on database: any Database) async throws {
        try await recreateIndex(options: ", columnsize=0, detail=none", on: database)
    }

    /// Back to 007's index.
    func revert(on database: any Database) async throws {
        try await recreateIndex(options: ", columnsize=0", on: database)
    }

    // 007 holds the same steps; a landed migration is not edited to share them.
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
