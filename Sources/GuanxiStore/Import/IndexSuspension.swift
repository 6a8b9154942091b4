import Fluent
import SQLiteNIO

/// A bulk load's suspension of a table's secondary indexes on SQLite: dropped inside the load's transaction and
/// built again, from the definitions SQLite kept, before it commits.
///
/// Keeping an index up to date row by row costs a B-tree descent in random key order per row and index; building
/// it afresh sorts the whole table once. For a million customers into an empty table the twelve indexes took 23 s
/// of CPU row by row and 13 s rebuilt. A rebuild costs in proportion to the whole table, though, so it only pays
/// when the load is at least as large as what is already there. Other connections keep reading their snapshot
/// with every index in place: the drop and the rebuild commit (or roll back) together with the rows.
///
/// An import does not rebuild them itself: `deferBuild` records them for `IndexCatchUp` (migration 009), so the rows
/// commit without waiting for the index builds.
struct IndexSuspension {
    private let definitions: [(name: String, sql: String)]

    /// Drops the indexes of `table` except `keeping` (those the load itself reads); nil on other databases.
    static func begin(table: String, keeping: Set<String>, on database: any Database) async throws -> IndexSuspension? {
        guard let sqlite = database as? any SQLiteDatabase else { return nil }
        // Automatic indexes (primary keys, UNIQUE constraints) have no SQL and cannot be dropped.
        let rows = try await sqlite.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            [.text(table)])
        var definitions: [(name: String, sql: String)] = []
        for row in rows {
            guard let name = row.column("name")?.string, let sql = row.column("sql")?.string, !keeping.contains(name) else { continue }
            _ = try await sqlite.query("DROP INDEX \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"", [])
            definitions.append((name, sql))
        }
        return IndexSuspension(definitions: definitions)
    }

    /// Whether a load of about `rows` rows should suspend the indexes of `table`: when it at least doubles the table.
    static func pays(forRows rows: Int, into table: String, on database: any Database) async throws -> Bool {
        guard let sqlite = database as? any SQLiteDatabase, rows > 0 else { return false }
        let existing = try await sqlite.query("SELECT COUNT(*) AS n FROM \"\(table)\"", []).first?.column("n")?.integer ?? 0
        return rows >= existing
    }

    /// Builds the dropped indexes again.
    func finish(on database: any Database) async throws {
        guard let sqlite = database as? any SQLiteDatabase else { return }
        for definition in definitions { _ = try await sqlite.query(definition.sql, []) }
    }

    /// Leaves the dropped indexes to `IndexCatchUp`, which builds them after the load has committed.
    func deferBuild(on database: any Database) async throws {
        guard let sqlite = database as? any SQLiteDatabase else { return }
        for definition in definitions {
            _ = try await sqlite.query("INSERT OR REPLACE INTO deferred_indexes (name, definition) VALUES (?, ?)",
                                       [.text(definition.name), .text(definition.sql)])
        }
    }
}
