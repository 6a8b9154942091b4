import Fluent
import Foundation
import NIOPosix
import SQLiteNIO
import SQLKit

/// Consistent copies of the whole database while the server keeps writing, and their restore.
///
/// SQLite: `VACUUM INTO` writes the database as one read transaction sees it, so writes that commit meanwhile are
/// simply not in the copy; the copy is then opened on its own, checked (`PRAGMA integrity_check`) and counted.
/// PostgreSQL: a repeatable-read transaction exports its snapshot, counts the tables in it, and `pg_dump` (custom
/// format) dumps exactly that snapshot.
public struct DatabaseBackup: Sendable {
    let location: DatabaseLocation
    let database: any Database

    public init(location: DatabaseLocation, database: any Database) {
        self.location = location
        self.database = database
    }

    /// Writes a backup of the database to `output` and returns its manifest.
    public func write(to output: URL, now: Date) async throws -> BackupManifest {
        let payload = output.appendingPathExtension("payload")
        defer { try? FileManager.default.removeItem(at: payload) }
        let manifest: BackupManifest
        switch location {
        case .sqliteFile:
            try? FileManager.default.removeItem(at: payload)
            try await database.sql().raw("VACUUM INTO \(bind: payload.path)").run()
            let (migrations, counts) = try await Self.inspectSQLite(payload)
            manifest = BackupManifest(database: "sqlite", createdAt: now, migrations: migrations, rowCounts: counts)
        case .sqliteMemory:
            throw BackupError.wrongDatabase(backup: "sqlite", target: "an in-memory database")
        case .postgres(let url, let schema):
            manifest = try await dumpPostgres(url: url, schema: schema, to: payload, now: now)
        }
        // Hashing and copying a large file blocks; it runs on the blocking-work pool, not on an event loop.
        return try await NIOThreadPool.singleton.runIfActive { try BackupArchive.write(manifest, payload: payload, to: output) }
    }

    /// Restores `file` into the database at `location`, which must be empty unless `force`. Checks the file's
    /// manifest and checksum (and, for SQLite, the copy's integrity) before anything is replaced.
    public static func restore(_ file: URL, into location: DatabaseLocation, database: (any Database)?, force: Bool) async throws -> BackupManifest {
        let (manifest, offset) = try await NIOThreadPool.singleton.runIfActive { try BackupArchive.verify(file) }
        switch location {
        case .sqliteFile(let path):
            guard manifest.database == "sqlite" else { throw BackupError.wrongDatabase(backup: manifest.database, target: "SQLite") }
            let target = URL(fileURLWithPath: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size > 0, !force { throw BackupError.targetNotEmpty(path) }
            let restoring = target.appendingPathExtension("restoring")
            defer { try? FileManager.default.removeItem(at: restoring) }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try await NIOThreadPool.singleton.runIfActive { try BackupArchive.extractPayload(of: file, from: offset, to: restoring) }
            _ = try await inspectSQLite(restoring)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.moveItem(at: restoring, to: target)
        case .sqliteMemory:
            throw BackupError.wrongDatabase(backup: manifest.database, target: "an in-memory database")
        case .postgres(let url, let schema):
            guard manifest.database == "postgresql" else { throw BackupError.wrongDatabase(backup: manifest.database, target: "PostgreSQL") }
            guard let database else { throw BackupError.toolFailed(tool: "restore", message: "no PostgreSQL connection") }
            let tables = try await database.sql().raw("""
                SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = \(bind: schema ?? "public")
                """).first(decoding: Count.self)?.n ?? 0
            if tables > 0, !force { throw BackupError.targetNotEmpty(schema.map { "schema \($0)" } ?? "the database") }
            let archive = FileManager.default.temporaryDirectory.appendingPathComponent("guanxi-restore-\(UUID().uuidString).dump")
            defer { try? FileManager.default.removeItem(at: archive) }
            try await NIOThreadPool.singleton.runIfActive { try BackupArchive.extractPayload(of: file, from: offset, to: archive) }
            var arguments = ["--no-owner", "--exit-on-error", "--single-transaction", "--dbname=\(url)"]
            if force { arguments += ["--clean", "--if-exists"] }
            try await ExternalTool.run("pg_restore", arguments + [archive.path])
        }
        return manifest
    }

    struct Count: Decodable { let n: Int }

    private func dumpPostgres(url: String, schema: String?, to payload: URL, now: Date) async throws -> BackupManifest {
        let schemaName = schema ?? "public"
        return try await database.transaction { db in
            let sql = try db.sql()
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            struct Snapshot: Decodable { let id: String }
            let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS id").first(decoding: Snapshot.self)?.id ?? ""
            struct Table: Decodable { let name: String }
            let tables = try await sql.raw("""
                SELECT table_name AS name FROM information_schema.tables
                WHERE table_schema = \(bind: schemaName) AND table_type = 'BASE TABLE' ORDER BY table_name
                """).all(decoding: Table.self)
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table.name] = try await sql.raw("SELECT count(*) AS n FROM \(ident: schemaName).\(ident: table.name)")
                    .first(decoding: Count.self)?.n ?? 0
            }
            struct Migration: Decodable { let name: String }
            let migrations = try await sql.raw("SELECT name FROM \(ident: schemaName).\(ident: "_fluent_migrations") ORDER BY batch, created_at, name")
                .all(decoding: Migration.self).map(\.name)
            var arguments = ["--format=custom", "--no-owner", "--snapshot=\(snapshot)", "--file=\(payload.path)", "--dbname=\(url)"]
            if let schema { arguments.append("--schema=\(schema)") }
            try await ExternalTool.run("pg_dump", arguments)
            return BackupManifest(database: "postgresql", createdAt: now, migrations: migrations, rowCounts: counts)
        }
    }

    /// Opens an SQLite copy on its own, checks its integrity and returns its migrations and rows per table.
    static func inspectSQLite(_ file: URL) async throws -> (migrations: [String], counts: [String: Int]) {
        let connection = try await SQLiteConnection.open(storage: .file(path: file.path), threadPool: .singleton,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            let integrity = try await rows(of: "PRAGMA integrity_check", on: connection).compactMap { $0.column("integrity_check")?.string }
            guard integrity == ["ok"] else { throw BackupError.unsoundCopy(integrity.prefix(3).joined(separator: "; ")) }
            let tables = try await rows(of: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                        on: connection).compactMap { $0.column("name")?.string }
            var counts: [String: Int] = [:]
            for table in tables {
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                counts[table] = try await rows(of: "SELECT count(*) AS n FROM \(quoted)", on: connection).first?.column("n")?.integer ?? 0
            }
            let migrations = tables.contains("_fluent_migrations")
                ? try await rows(of: "SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name", on: connection)
                    .compactMap { $0.column("name")?.string }
                : []
            try await connection.close()
            return (migrations, counts)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func rows(of query: String, on connection: SQLiteConnection) async throws -> [SQLiteRow] {
        let collected = RowBox()
        try await connection.query(query, []) { collected.append($0) }
        return collected.rows
    }
}

private final class RowBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [SQLiteRow] = []
    func append(_ row: SQLiteRow) { lock.withLock { stored.append(row) } }
    var rows: [SQLiteRow] { lock.withLock { stored } }
}

/// A command-line tool of the database (`pg_dump`, `pg_restore`), found on the PATH or in PostgreSQL's own
/// directories, run to completion on the blocking-work pool.
enum ExternalTool {
    static func run(_ name: String, _ arguments: [String]) async throws {
        try await NIOThreadPool.singleton.runIfActive { try runBlocking(name, arguments) }
    }

    private static func runBlocking(_ name: String, _ arguments: [String]) throws {
        guard let path = locate(name) else {
            throw BackupError.toolFailed(tool: name, message: "not installed (Debian: apt-get install postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupError.toolFailed(tool: name, message: String(decoding: message, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var candidates = path.split(separator: ":").map { "\($0)/\(name)" }
        // The newest installed major version first: pg_dump must not be older than the server.
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
            .compactMap(Int.init).sorted(by: >) ?? []
        candidates = versions.map { "/usr/lib/postgresql/\($0)/bin/\(name)" } + candidates
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
