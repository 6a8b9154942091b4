import Fluent
import SQLKit

/// 005: on SQLite, bulk loads can hold back the trigram index's row-by-row upkeep and index their rows at once.
///
/// The triggers of 003 index each inserted customer by itself; FTS5 then flushes and merges its segments per
/// statement, which made the index most of the cost of an import. A bulk load (import, demo data) now records a
/// pause — the first customer id it will write — inside its own transaction; the triggers leave customers from that
/// id on alone, and before the transaction commits the load indexes them with one statement and lifts the pause.
/// Other connections never see a pause (SQLite has one writer and the pause row commits away with the load), so the
/// index always matches the table outside the loading transaction.
struct CreateSearchIndexPause: AsyncMigration {
    var name: String { "005_create_search_index_pause" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("CREATE TABLE search_index_pauses (id INTEGER PRIMARY KEY, first_customer_id INTEGER NOT NULL)").run()
        for trigger in ["customers_fts_insert", "customers_fts_delete", "customers_fts_update"] {
            try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
        }
        try await sql.raw("""
            CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers
            WHEN NOT EXISTS (SELECT 1 FROM search_index_pauses WHERE new.id >= first_customer_id) BEGIN
              INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
            END
            """).run()
        // A paused row is not in the index yet, so there is nothing to take out of it.
        try await sql.raw("""
            CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers
            WHEN NOT EXISTS (SELECT 1 FROM search_index_pauses WHERE old.id >= first_customer_id) BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers
            WHEN NOT EXISTS (SELECT 1 FROM search_index_pauses WHERE old.id >= first_customer_id) BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
              INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
            END
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        for trigger in ["customers_fts_insert", "customers_fts_delete", "customers_fts_update"] {
            try await sql.raw("DROP TRIGGER \(ident: trigger)").run()
        }
        try await sql.raw("""
            CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
              INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
              INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
              INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text);
            END
            """).run()
        try await sql.raw("DROP TABLE search_index_pauses").run()
    }
}
