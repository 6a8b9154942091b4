import Fluent
import SQLKit

/// 009: on SQLite, a large bulk load commits its rows first and has its indexes built afterwards.
///
/// A load at least as large as the customers already there drops the table's secondary indexes (`IndexSuspension`)
/// and writes without the trigram index's upkeep (`SearchIndexPause`). Building both again took two thirds of a
/// million-customer import (13 index builds and the trigram fill, about 16 s of the database's 23 s), all of it
/// inside the load's transaction while the user waited. Now the load records the indexes it dropped here and leaves
/// its search pause in place when it commits; `IndexCatchUp` then builds them one write transaction at a time, and
/// until it has, lists read the table without those indexes and searches scan the customers not yet indexed.
///
/// A later migration that changes the customers' indexes must first run `IndexCatchUp` to the end.
struct CreateDeferredIndexes: AsyncMigration {
    var name: String { "009_create_deferred_indexes" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, definition TEXT NOT NULL)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else { return }
        // Whatever is still pending is built first, so the schema returns to what 008 had.
        _ = try await IndexCatchUp.run(on: database)
        try await sql.raw("DROP TABLE deferred_indexes").run()
    }
}
