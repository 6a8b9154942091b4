import Fluent
import SQLKit

/// 004: on SQLite, a view of the trigram index's terms with their document counts. Search uses it to answer
/// two-character queries from the index and to pick, per query, between the index and a scan that stops early.
struct CreateSearchVocabulary: AsyncMigration {
    var name: String { "004_create_search_vocabulary" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("CREATE VIRTUAL TABLE customer_fts_vocab USING fts5vocab(customer_fts, row)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TABLE IF EXISTS customer_fts_vocab").run()
    }
}
