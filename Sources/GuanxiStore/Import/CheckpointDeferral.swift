import Fluent
import SQLiteNIO

/// A bulk load's commit without SQLite's automatic checkpoint.
///
/// In WAL mode the connection that commits copies the log back into the database file once the log has grown past
/// a thousand pages. After a million-customer load that copy is the whole table again — about two seconds of
/// writing that the user would wait for at the commit, though the rows are already safe in the log. The load's
/// connection leaves it to `IndexCatchUp`, which checkpoints before it builds anything; the setting is per
/// connection and goes back before the connection returns to the pool.
enum CheckpointDeferral {
    static func holdingBack<T: Sendable>(on database: any Database,
                                         _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard database is any SQLiteDatabase else { return try await body(database) }
        return try await database.withConnection { connection in
            guard let sqlite = connection as? any SQLiteDatabase else { return try await body(connection) }
            let previous = try await sqlite.query("PRAGMA wal_autocheckpoint", []).first?.column("wal_autocheckpoint")?.integer ?? 1_000
            _ = try await sqlite.query("PRAGMA wal_autocheckpoint = 0", [])
            do {
                let result = try await body(connection)
                _ = try await sqlite.query("PRAGMA wal_autocheckpoint = \(previous)", [])
                return result
            } catch {
                _ = try? await sqlite.query("PRAGMA wal_autocheckpoint = \(previous)", [])
                throw error
            }
        }
    }
}
