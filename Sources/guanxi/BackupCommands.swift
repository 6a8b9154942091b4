import ArgumentParser
import Foundation
import GuanxiServer
import GuanxiStore
import Vapor

/// `guanxi backup [--output FILE]`: a consistent copy of the whole database while the server keeps running.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database (SQLite or PostgreSQL) while the server keeps running.",
        discussion: """
        The file starts with a manifest (format, database kind, migrations, rows per table, the data's size and \
        SHA-256), which `guanxi restore` checks before it replaces anything. SQLite is copied with VACUUM INTO; \
        PostgreSQL with pg_dump (custom format) of one snapshot, so pg_dump must be installed (postgresql-client).
        """
    )

    @ArgumentParser.Option(help: "Where to write the backup (default: guanxi-YYYYMMDD-HHMMSS.backup in the current directory).")
    var output: String?

    func run() async throws {
        let settings = try AppBootstrap.settings()
        let now = Date()
        let file = URL(fileURLWithPath: output ?? BackupRotation.fileName(at: now))
        try await AppBootstrap.withApplication(settings) { app in
            let started = Date()
            let manifest = try await DatabaseBackup(location: settings.database, database: app.db).write(to: file, now: now)
            let rows = manifest.rowCounts.values.reduce(0, +)
            print("Backed up \(manifest.rowCounts.count) tables, \(rows) rows, \(manifest.migrations.count) migrations "
                + "to \(file.path) (\(manifest.payloadBytes) bytes, SHA-256 \(manifest.payloadSHA256.prefix(16))…) "
                + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
        }
    }
}

/// `guanxi restore FILE [--force]`: the database from a backup, into an empty data directory or database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup written by `guanxi backup` into an empty data directory or database.",
        discussion: """
        The backup's manifest and checksum are checked first; a truncated, altered or foreign file is refused and \
        nothing is touched. A database that already holds data is replaced only with --force. Stop the server first.
        """
    )

    @ArgumentParser.Argument(help: "The backup file.") var file: String
    @ArgumentParser.Flag(help: "Replace a database that already holds data.") var force = false

    func run() async throws {
        let settings = try AppBootstrap.settings()
        let started = Date()
        let manifest: BackupManifest
        do {
            if settings.database.isSQLite {
                manifest = try await DatabaseBackup.restore(URL(fileURLWithPath: file), into: settings.database, database: nil, force: force)
            } else {
                let app = try await AppBootstrap.makeApplication(arguments: ["guanxi"])
                do {
                    try settings.database.register(on: app.databases, poolSize: 1)
                    manifest = try await DatabaseBackup.restore(URL(fileURLWithPath: file), into: settings.database, database: app.db, force: force)
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
                try await app.asyncShutdown()
            }
        } catch let error as BackupError {
            throw ValidationError(error.description)
        }
        // Bring the restored copy up to this version's schema, as a start would.
        try await AppBootstrap.withApplication(settings) { _ in }
        print("Restored \(manifest.rowCounts.values.reduce(0, +)) rows in \(manifest.rowCounts.count) tables, backed up at "
            + "\(ISO8601DateFormatter().string(from: manifest.createdAt)), in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
    }
}
