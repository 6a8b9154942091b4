import ArgumentParser
import Foundation
import GuanxiCore
import GuanxiServer
import GuanxiStore
import Vapor

/// `guanxi serve`: migrate, create the first admin if needed, and serve HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the web server (creates the database and the first admin account when missing).",
        discussion: """
        Configuration comes from the environment: GUANXI_DATA_DIR (default ./data), DATABASE_URL (PostgreSQL; \
        unset = embedded SQLite in the data directory), HOST (default 127.0.0.1), PORT (default 8080), \
        GUANXI_ADMIN_PASSWORD (first admin's password instead of a generated one), GUANXI_BCRYPT_COST (default 11), \
        GUANXI_PUBLIC_URL (https://… marks cookies Secure), LOG_LEVEL (default info).
        """
    )

    @ArgumentParser.Option(help: "Address to bind; overrides HOST.") var host: String?
    @ArgumentParser.Option(help: "Port to listen on; overrides PORT.") var port: Int?
    @ArgumentParser.Flag(help: "On a database without customers, first add a small demo company (300 customers).") var demo = false

    func run() async throws {
        var settings = try AppBootstrap.settings()
        if let host { settings.host = host }
        if let port { settings.port = port }
        let app = try await AppBootstrap.makeApplication(arguments: ["guanxi", "serve", "--hostname", settings.host, "--port", String(settings.port)])
        do {
            let report = try await configure(app, settings: settings)
            app.http.server.configuration.hostname = settings.host
            app.http.server.configuration.port = settings.port
            var banner = "Guanxi CRM\n  database: \(settings.database.summary)\n"
            if demo, try await Customer.query(on: app.db).count() == 0 {
                let password = try DemoPassword.resolve()
                let summary = try await app.guanxi.demo(on: app.db).generate(customers: 300, password: password)
                banner += "  demo company: \(summary.customers) customers; demo users manager1, sales001…, service1, marketing1, analyst1"
                    + (summary.newUsers.isEmpty ? "\n" : " with password: \(password)\n")
            }
            if let password = report.generatedAdminPassword {
                banner += "  first start: created user 'admin' with password: \(password)\n  (shown only once — change it under My account)\n"
            } else if report.adminCreated {
                banner += "  first start: created user 'admin' with the password from GUANXI_ADMIN_PASSWORD\n"
            }
            banner += "  listening on http://\(settings.host):\(settings.port)\n"
            FileHandle.standardOutput.write(Data(banner.utf8))
            // The first customer saved would otherwise wait half a second for the pinyin readings.
            Task.detached(priority: .background) { PinyinSortKey.prepare() }
            try await app.execute()
            // Requests whose clients left during the stop may still be running; the database must outlive them.
            if !(await app.guanxi.inFlight.drained(within: .seconds(10))) {
                app.logger.warning("stopping with \(app.guanxi.inFlight.count) requests still running")
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// `guanxi migrate`: bring the database schema up to date and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (uses GUANXI_DATA_DIR / DATABASE_URL).")

    func run() async throws {
        let settings = try AppBootstrap.settings()
        try await AppBootstrap.withApplication(settings) { _ in
            print("Database is up to date: \(settings.database.summary)")
        }
    }
}

/// Shared start-up of a Vapor application for the commands.
enum AppBootstrap {
    static func settings() throws -> GuanxiSettings {
        do {
            return try GuanxiSettings.fromEnvironment()
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
    }

    static func makeApplication(arguments: [String]) async throws -> Application {
        // Info by default (the web framework's production default is notice); LOG_LEVEL overrides it.
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "info"
        var environment = Environment(name: "production", arguments: arguments + ["--log", level])
        let format = ProcessInfo.processInfo.environment["LOG_FORMAT"] ?? ""
        guard ["", "text", "json"].contains(format) else { throw ValidationError("LOG_FORMAT must be text or json, not \(format)") }
        if format == "json" {
            // One JSON object a line, for log collectors; the level is read the same way.
            let parsed = Logger.Level(rawValue: level) ?? .info
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: parsed) }
        } else {
            try LoggingSystem.bootstrap(from: &environment)
        }
        return try await Application.make(environment)
    }

    /// Runs `body` with a configured application (database migrated, admin ensured), then shuts it down.
    static func withApplication(_ settings: GuanxiSettings, _ body: (Application) async throws -> Void) async throws {
        let app = try await makeApplication(arguments: ["guanxi"])
        do {
            let report = try await configure(app, settings: settings)
            if let password = report.generatedAdminPassword {
                FileHandle.standardError.write(Data("first start: created user 'admin' with password: \(password)\n".utf8))
            }
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
