import Fluent
import Foundation
import GuanxiStore
import Vapor

/// A job the server runs on a schedule.
public struct ScheduledJob: Sendable {
    public let name: String
    public let period: TimeInterval
    public let run: @Sendable (Application, Date) async throws -> Void
}

/// Runs scheduled jobs inside `guanxi serve`. Each period one instance claims each job through the database
/// (`JobLease`), so several instances behind a load balancer never run the same job twice.
public struct JobScheduler: Sendable {
    /// Identifies this process among the instances sharing the database.
    public let holder: String
    public let jobs: [ScheduledJob]

    static let builtIn: [ScheduledJob] = [
        ScheduledJob(name: "housekeeping", period: 3600) { app, now in
            let report = try await Housekeeping.run(now: now, on: app.db)
            app.logger.info("housekeeping removed \(report.sessions) sessions, \(report.tokens) tokens, \(report.loginAttempts) login attempts")
        },
        // What a large import left to index, should the process that imported it have stopped before finishing it.
        ScheduledJob(name: "index-catch-up", period: 60) { app, _ in
            guard try await IndexCatchUp.isPending(on: app.db) else { return }
            let progress = try await IndexCatchUp.run(on: app.bulkLoadDB)
            app.logger.info("indexes caught up: \(progress.indexesBuilt) built, \(progress.customersIndexed) customers added to the search index")
        },
        // Every five minutes; the unique key on rule-made tasks keeps a task single even if two instances ran at once.
        ScheduledJob(name: "follow-up-rules", period: 300) { app, _ in
            let created = try await app.guanxi.rules(on: app.db).runAll()
            if created > 0 { app.logger.info("follow-up rules created \(created) tasks") }
        },
        // Sent quotes past their last valid day; the conditional update makes a second run (another instance) a no-op.
        ScheduledJob(name: "quote-expiry", period: 3600) { app, now in
            let expired = try await QuoteBook.expireDue(today: app.guanxi.calendar.day(now), at: now, on: app.db)
            if expired > 0 { app.logger.info("quote expiry marked \(expired) quotes expired") }
        },
    ]

    /// The scheduled backup, when a backup directory is set: one instance writes it (the lease), then prunes the
    /// directory to the newest copies.
    static func backups(_ settings: GuanxiSettings) -> [ScheduledJob] {
        guard let directory = settings.backupDirectory else { return [] }
        let rotation = BackupRotation(directory: URL(fileURLWithPath: directory), keep: settings.backupKeep)
        let location = settings.database
        return [ScheduledJob(name: "backup", period: settings.backupInterval) { app, now in
            let (file, manifest) = try await rotation.backUp(DatabaseBackup(location: location, database: app.db), now: now)
            app.logger.info("backup written to \(file.path): \(manifest.rowCounts.values.reduce(0, +)) rows, \(manifest.payloadBytes) bytes")
        }]
    }

    /// Runs every job whose period has come round and that no other instance claimed; returns the names run.
    @discardableResult
    public func runDueJobs(_ app: Application) async -> [String] {
        var ran: [String] = []
        for job in jobs {
            let now = app.guanxi.clock.now()
            do {
                guard try await JobLease.claim(job.name, holder: holder, now: now, period: job.period, on: app.db) else { continue }
                try await job.run(app, now)
                ran.append(job.name)
            } catch {
                app.logger.error("scheduled job \(job.name) failed: \(String(reflecting: error))")
            }
        }
        return ran
    }
}

/// Starts the scheduler loop when the server boots and stops it on shutdown.
final class JobSchedulerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    private let checkEvery: Duration

    init(checkEvery: Duration = .seconds(60)) { self.checkEvery = checkEvery }

    func didBootAsync(_ application: Application) async throws {
        let scheduler = application.guanxi.scheduler
        let interval = checkEvery
        task = Task {
            while !Task.isCancelled {
                await scheduler.runDueJobs(application)
                try? await Task.sleep(for: interval)
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        task = nil
    }
}
