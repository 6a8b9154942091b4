import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where Guanxi keeps its data: an embedded SQLite file (default), in-memory SQLite (tests) or PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    /// A PostgreSQL URL; `schema` isolates a test in its own schema of a shared database.
    case postgres(url: String, schema: String? = nil)

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }

    /// A second set of SQLite connections (one per event loop) for imports. An import keeps its connection for its
    /// whole run; on the requests' own connection every request of that event loop, reads included, would wait
    /// for it. In WAL mode the other connections go on reading meanwhile.
    public static let bulkLoadID = DatabaseID(string: "sqlite-bulk")

    /// Where bulk loads run: `bulkLoadID` for an SQLite file, else the default database.
    public var bulkLoadDatabase: DatabaseID? {
        if case .sqliteFile = self { return Self.bulkLoadID }
        return nil
    }

    /// Registers the database with Fluent as the default (and, for an SQLite file, the bulk-load connections).
    public func register(on databases: Databases, poolSize: Int = 4) throws {
        switch self {
        case .sqliteFile(let path):
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1), as: .sqlite)
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1), as: Self.bulkLoadID, isDefault: false)
        case .sqliteMemory:
            databases.use(.sqlite(.memory, maxConnectionsPerEventLoop: 1), as: .sqlite)
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let schema { configuration.searchPath = [schema] }
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: poolSize), as: .psql)
        }
    }

    /// Settings that belong to the database file rather than to a connection.
    public func prepare(_ database: any Database) async throws {
        switch self {
        case .sqliteFile:
            // WAL lets readers proceed while one writer commits; the mode is stored in the file.
            try await database.sql().raw("PRAGMA journal_mode=WAL").run()
        case .postgres(_, let schema?):
            try await database.sql().raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        default:
            break
        }
    }

    /// Settings of one SQLite connection: a page cache big enough for list pages over a large file (the default
    /// 2 MB makes every request re-read pages), and normal sync in WAL mode (durable at checkpoints, safe on crash).
    public func tune(connection database: any Database) async throws {
        guard case .sqliteFile = self else { return }
        let sql = try database.sql()
        try await sql.raw("PRAGMA cache_size = -32768").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
        // Wait (sleeping, with back-off) up to 5 s for another connection's write to finish, then give up with
        // SQLITE_BUSY, which the server answers 503; the driver's own handler would retry at once, for ever.
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
    }

    /// Drops a test's private PostgreSQL schema; nothing to do for SQLite.
    public func dropPrivateSchema(_ database: any Database) async throws {
        if case .postgres(_, let schema?) = self {
            try await database.sql().raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        }
    }

    /// A human description without secrets, for logs and the start-up banner.
    public var summary: String {
        switch self {
        case .sqliteFile(let path): "SQLite \(path)"
        case .sqliteMemory: "SQLite (in memory)"
        case .postgres(let url, _):
            if let components = URLComponents(string: url) {
                "PostgreSQL \(components.host ?? "localhost"):\(components.port ?? 5432)\(components.path)"
            } else {
                "PostgreSQL"
            }
        }
    }
}
