import Fluent
import SQLKit
import SQLiteNIO

/// A bulk load's hold on SQLite's trigram index (migration 005): customers from `firstCustomerID` on are written
/// without the per-row index upkeep, and `finish` indexes them with one statement — or, for an import that commits
/// first (migration 009), the pause commits with the rows and `IndexCatchUp` indexes them afterwards. Both calls belong to the same
/// transaction, and the loader takes the ids from `firstCustomerID` upwards itself: beginning the pause is the
/// transaction's first write, so SQLite's single writer lock keeps anyone else from taking those ids meanwhile.
struct SearchIndexPause {
    let id: Int64
    let firstCustomerID: Int64

    /// Nil on databases whose search index keeps up by itself (PostgreSQL's GIN index).
    static func begin(on database: any Database) async throws -> SearchIndexPause? {
        guard let sqlite = database as? any SQLiteDatabase else { return nil }
        let rows = try await sqlite.query("""
            INSERT INTO search_index_pauses (first_customer_id) SELECT COALESCE(MAX(id), 0) + 1 FROM customers
            RETURNING id, first_customer_id
            """, [])
        guard let row = rows.first, let id = row.column("id")?.integer, let first = row.column("first_customer_id")?.integer else {
            throw SearchIndexPauseError.notRecorded
        }
        return SearchIndexPause(id: Int64(id), firstCustomerID: Int64(first))
    }

    /// FTS5 collects new postings in a hash table and writes a segment (then merges segments) whenever the table
    /// outgrows this size. Its default, 1 MiB, makes a million customers' 60 million trigrams about 300 segments and
    /// their merges; 16 MiB took the fill of a million customers from 24.4 s to 14.9 s of CPU (64 MiB: 13.9 s).
    static let fillHashBytes = 16 << 20
    static let defaultHashBytes = 1 << 20

    /// Indexes every customer written since `begin` and lifts the pause. Customers an earlier load's pause still
    /// covers (a committed one, left to `IndexCatchUp`) are left to it: indexing them here as well would index them twice.
    func finish(on database: any Database) async throws {
        guard let sqlite = database as? any SQLiteDatabase else { return }
        let covered = try await sqlite.query(
            "SELECT 1 FROM search_index_pauses WHERE id <> ? AND first_customer_id <= ? LIMIT 1",
            [.integer(Int(id)), .integer(Int(firstCustomerID))]).first != nil
        if covered {
            _ = try await sqlite.query("DELETE FROM search_index_pauses WHERE id = ?", [.integer(Int(id))])
            return
        }
        // The setting is stored in the index's own config table, so it goes back before the transaction ends.
        _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', ?)", [.integer(Self.fillHashBytes)])
        _ = try await sqlite.query("""
            INSERT INTO customer_fts (rowid, search_text) SELECT id, search_text FROM customers WHERE id >= ?
            """, [.integer(Int(firstCustomerID))])
        _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', ?)", [.integer(Self.defaultHashBytes)])
        _ = try await sqlite.query("DELETE FROM search_index_pauses WHERE id = ?", [.integer(Int(id))])
    }
}

enum SearchIndexPauseError: Error {
    case notRecorded
}
