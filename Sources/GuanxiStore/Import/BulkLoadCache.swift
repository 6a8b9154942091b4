import Fluent
import SQLiteNIO

/// A large SQLite page cache for the length of a bulk load.
///
/// A bulk load inserts into several indexes in random key order (names, phone and e-mail keys); with the
/// connection's usual cache those pages keep going back to the operating system and, inside a long transaction,
/// spilling into the log. The cache is a per-connection setting, so it is put back afterwards: the connection returns
/// to the pool and should not keep a bulk load's memory.
enum BulkLoadCache {
    /// In KiB, as `PRAGMA cache_size` takes a negative number: 256 MiB.
    static let kibibytes = 262_144

    static func enlarged<T>(on database: any Database, _ body: () async throws -> T) async throws -> T {
        guard let sqlite = database as? any SQLiteDatabase else { return try await body() }
        let previous = try await sqlite.query("PRAGMA cache_size", []).first?.column("cache_size")?.integer ?? -2_000
        _ = try await sqlite.query("PRAGMA cache_size = -\(kibibytes)", [])
        do {
            let result = try await body()
            _ = try await sqlite.query("PRAGMA cache_size = \(previous)", [])
            return result
        } catch {
            _ = try? await sqlite.query("PRAGMA cache_size = \(previous)", [])
            throw error
        }
    }
}
