import Fluent
import Foundation
import GuanxiCore
import GuanxiStore
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Backup and restore")
struct BackupTests {
    @Test("A backup taken while another client keeps writing restores every row committed before it began, and a sound database")
    func backupUnderWrites() async throws {
        let (location, cleanup) = sharedDatabase()
        defer { cleanup() }
        try await withBackupFolder { folder in try await Self.backupUnderWrites(location, folder) }
    }

    static func backupUnderWrites(_ location: DatabaseLocation, _ folder: URL) async throws {
        let file = folder.appendingPathComponent("copy.backup")

        let (before, manifest) = try await withGuanxi(database: location, dropSchema: false) { app, clock in
            let admin = try await APIClient.signIn(app)
            for index in 0..<15 {
                #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "备份前客户\(index)"]).status == .created)
            }
            // A second client writes on while the backup runs.
            let committed = NIOLockedValueBox<[String]>([])
            let stop = NIOLockedValueBox(false)
            let writer = Task {
                var index = 0
                while !stop.withLockedValue({ $0 }) {
                    let name = "写入中客户\(index)"
                    if try await admin.send(.POST, "/api/v1/customers", json: ["name": name]).status == .created {
                        committed.withLockedValue { $0.append(name) }
                    }
                    index += 1
                }
            }
            while committed.withLockedValue({ $0.count }) < 5 { await Task.yield() }
            let before = committed.withLockedValue { $0 }
            let manifest = try await DatabaseBackup(location: location, database: app.db).write(to: file, now: clock.now())
            stop.withLockedValue { $0 = true }
            try await writer.value
            // The copy is of one moment: every customer committed before it began, perhaps some written during it.
            #expect(manifest.rowCounts["customers"].map { $0 >= 15 + before.count } == true)
            #expect(manifest.rowCounts["customers"].map { $0 <= 15 + committed.withLockedValue { $0.count } } == true)
            #expect(manifest.migrations.contains("010_create_sales"))
            return (before, manifest)
        }

        // Restore into an empty database: a new SQLite file, or the PostgreSQL schema dropped first.
        let target: DatabaseLocation
        if case .sqliteFile = location {
            target = .sqliteFile(path: folder.appendingPathComponent("restored/guanxi.sqlite").path)
            _ = try await DatabaseBackup.restore(file, into: target, database: nil, force: false)
        } else {
            target = location
            try await withDatabase(location) { db in
                try await location.dropPrivateSchema(db)
                _ = try await DatabaseBackup.restore(file, into: target, database: db, force: false)
            }
        }
        try await withGuanxi(database: target) { app, _ in
            let admin = try await APIClient.signIn(app)
            let count = try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int
            #expect(count == manifest.rowCounts["customers"])
            for name in before + ["备份前客户0", "备份前客户14"] {
                let found = try await admin.send(.GET, "/api/v1/customers?q=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                #expect(found.items.contains { $0["name"] as? String == name }, "\(name) is in the restored copy")
            }
            if case .sqliteFile = target {
                let rows = try await app.db.sql().raw("PRAGMA integrity_check").all()
                #expect(try rows.map { try $0.decode(column: "integrity_check", as: String.self) } == ["ok"])
            }
        }
    }

    @Test("A truncated, altered or foreign file is refused with a clear message, and so is a database that holds data")
    func damagedBackupsAreRefused() async throws {
        let (location, cleanup) = sharedDatabase()
        defer { cleanup() }
        try await withBackupFolder { folder in try await Self.damagedBackupsAreRefused(location, folder) }
    }

    static func damagedBackupsAreRefused(_ location: DatabaseLocation, _ folder: URL) async throws {
        let file = folder.appendingPathComponent("copy.backup")
        try await withGuanxi(database: location) { app, clock in
            let admin = try await APIClient.signIn(app)
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信科技"]).status == .created)
            _ = try await DatabaseBackup(location: location, database: app.db).write(to: file, now: clock.now())
            let whole = try Data(contentsOf: file)

            let truncated = folder.appendingPathComponent("truncated.backup")
            try whole.dropLast(100).write(to: truncated)
            var altered = whole
            altered[altered.count - 50] ^= 0xFF
            let alteredFile = folder.appendingPathComponent("altered.backup")
            try altered.write(to: alteredFile)
            let foreign = folder.appendingPathComponent("notes.txt")
            try Data("客户名单\n".utf8).write(to: foreign)

            let empty: DatabaseLocation = .sqliteFile(path: folder.appendingPathComponent("empty/guanxi.sqlite").path)
            for (candidate, expected) in [(truncated, "truncated"), (alteredFile, "damaged"), (foreign, "not a Guanxi backup")] {
                do {
                    _ = try await DatabaseBackup.restore(candidate, into: empty, database: nil, force: false)
                    Issue.record("\(candidate.lastPathComponent) was restored")
                } catch let error as BackupError {
                    #expect(error.description.contains(expected), "\(error)")
                }
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("empty/guanxi.sqlite").path))
            }
            // The live database holds data: refused without --force.
            do {
                _ = try await DatabaseBackup.restore(file, into: location, database: app.db, force: false)
                Issue.record("a database with data was replaced without --force")
            } catch let error as BackupError {
                #expect(error.description.contains("--force"), "\(error)")
            }
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 1)
        }
    }
}

extension BackupTests {
    @Test("Scheduled backups: one of two instances writes each, the newest copies are kept, and each one verifies")
    func scheduledBackups() async throws {
        try await withBackupFolder { folder in
            try await withTwoInstances(adjusting: { settings in
                settings.backupDirectory = folder.path
                settings.backupKeep = 2
                settings.backupInterval = 3600
            }) { app1, app2, clock in
                var expected: [String] = []
                for _ in 0..<3 {
                    async let first = app1.guanxi.scheduler.runDueJobs(app1)
                    async let second = app2.guanxi.scheduler.runDueJobs(app2)
                    #expect(await (first + second).filter { $0 == "backup" }.count == 1)
                    expected.append(BackupRotation.fileName(at: clock.now()))
                    clock.advance(3601)
                }
                let kept = try BackupRotation(directory: folder, keep: 2).backups()
                #expect(kept.map(\.lastPathComponent) == Array(expected.suffix(2)))
                for file in kept { #expect(try BackupArchive.verify(file).manifest.rowCounts["users"] == 1) }
            }
        }
    }
}

/// Runs `body` with a new empty folder, removed afterwards.
func withBackupFolder(_ body: (URL) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guanxi-backup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try await body(folder)
}

/// Runs `body` with a bare connection to `location`, without migrations or start-up work.
func withDatabase(_ location: DatabaseLocation, _ body: (any Database) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        try location.register(on: app.databases, poolSize: 1)
        try await body(app.db)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
