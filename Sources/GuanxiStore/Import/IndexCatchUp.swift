import Fluent
import Foundation
import SQLiteNIO

/// Builds what a committed bulk load left to be indexed afterwards (migration 009): first the customers' secondary
/// indexes it dropped, then the trigram index for the customers it wrote.
///
/// One step per write transaction — an index build, or a slice of the trigram fill — so other writers wait at most
/// one step (about a second at a million customers), and several processes catching up at once share the steps
/// instead of repeating them: each step reads what is left inside its own transaction. Until the last step, lists
/// read the table without the missing indexes and searches scan the customers not yet indexed; both stay correct.
public enum IndexCatchUp {
    public struct Progress: Sendable, Equatable {
        public var indexesBuilt = 0
        public var customersIndexed = 0

        public init(indexesBuilt: Int = 0, customersIndexed: Int = 0) {
            self.indexesBuilt = indexesBuilt
            self.customersIndexed = customersIndexed
        }
    }

    /// Customers per trigram-fill step: about a second of the writer's time each.
    public static let fillStep: Int64 = 200_000

    /// Whether an index or part of the search index is still to be built. Always false on PostgreSQL, whose loads
    /// keep their indexes up.
    public static func isPending(on database: any Database) async throws -> Bool {
        guard let sqlite = database as? any SQLiteDatabase else { return false }
        let rows = try await sqlite.query("""
            SELECT EXISTS (SELECT 1 FROM deferred_indexes) OR EXISTS (SELECT 1 FROM search_index_pauses) AS pending
            """, [])
        return (rows.first?.column("pending")?.integer ?? 0) != 0
    }

    /// Runs every step that is left; returns what this call built (steps other processes took are not counted).
    @discardableResult
    public static func run(on database: any Database, fillStep: Int64 = fillStep) async throws -> Progress {
        guard let sqlite = database as? any SQLiteDatabase, try await isPending(on: database) else { return Progress() }
        // The load left its pages in the write-ahead log (`CheckpointDeferral`); the builds read them from the file.
        _ = try await sqlite.query("PRAGMA wal_checkpoint(PASSIVE)", [])
        var progress = Progress()
        while try await buildNextIndex(on: database) { progress.indexesBuilt += 1 }
        while let indexed = try await fillNextSlice(on: database, step: max(fillStep, 1)) { progress.customersIndexed += indexed }
        return progress
    }

    /// Builds the oldest deferred index; false when none is left.
    static func buildNextIndex(on database: any Database) async throws -> Bool {
        try await database.writeTransaction { db in
            guard let sqlite = db as? any SQLiteDatabase,
                  let row = try await sqlite.query("SELECT name, definition FROM deferred_indexes ORDER BY rowid LIMIT 1", []).first,
                  let name = row.column("name")?.string, let definition = row.column("definition")?.string else { return false }
            let exists = try await sqlite.query("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [.text(name)]).first != nil
            if !exists { _ = try await sqlite.query(definition, []) }
            _ = try await sqlite.query("DELETE FROM deferred_indexes WHERE name = ?", [.text(name)])
            return true
        }
    }

    /// Indexes the next slice of paused customers and moves the pause past them (lifting it after the last
    /// customer); nil when nothing is paused. Pauses are open-ended (every id from theirs on), so several of them
    /// cover what the earliest covers: they are folded into it as it moves.
    static func fillNextSlice(on database: any Database, step: Int64) async throws -> Int? {
        try await database.writeTransaction { db in
            guard let sqlite = db as? any SQLiteDatabase,
                  let first = try await sqlite.query("SELECT MIN(first_customer_id) AS first FROM search_index_pauses", [])
                    .first?.column("first")?.integer.map(Int64.init) else { return nil }
            let last = Int64(try await sqlite.query("SELECT COALESCE(MAX(id), 0) AS last FROM customers", []).first?.column("last")?.integer ?? 0)
            let end = first + step
            _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', ?)", [.integer(SearchIndexPause.fillHashBytes)])
            _ = try await sqlite.query("""
                INSERT INTO customer_fts (rowid, search_text) SELECT id, search_text FROM customers WHERE id >= ? AND id < ?
                """, [.integer(Int(first)), .integer(Int(end))])
            let indexed = try await sqlite.query("SELECT changes() AS n", []).first?.column("n")?.integer ?? 0
            _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('hashsize', ?)", [.integer(SearchIndexPause.defaultHashBytes)])
            if end > last {
                _ = try await sqlite.query("DELETE FROM search_index_pauses", [])
            } else {
                _ = try await sqlite.query("""
                    DELETE FROM search_index_pauses WHERE id <> (SELECT id FROM search_index_pauses ORDER BY first_customer_id, id LIMIT 1)
                    """, [])
                _ = try await sqlite.query("UPDATE search_index_pauses SET first_customer_id = ?", [.integer(Int(end))])
            }
            return indexed
        }
    }
}
