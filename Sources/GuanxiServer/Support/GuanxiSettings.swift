import Foundation
import GuanxiCore
import GuanxiStore
import Vapor

/// Everything configurable about a running Guanxi, read from the environment with sane defaults.
public struct GuanxiSettings: Sendable {
    public var database: DatabaseLocation
    public var dataDirectory: String
    public var host: String
    public var port: Int
    /// Used for the first `admin` account instead of a generated password.
    public var adminPassword: String?
    public var bcryptCost: Int
    /// Marks cookies `Secure`; on by default when `GUANXI_PUBLIC_URL` starts with https.
    public var secureCookies: Bool
    public var clock: any TimeSource
    public var maxBodySize: String
    /// Whether this process runs scheduled jobs (housekeeping and later follow-up rules); tests trigger them by hand.
    public var runsScheduledJobs: Bool
    /// PostgreSQL connections per event loop (SQLite uses one per loop).
    public var databasePoolSize: Int
    /// The company's time zone: import dates without an offset and date filters are read in it.
    public var timeZone: TimeZone
    /// Whether every answered request writes a log line (method, route, status, duration, user, request id).
    public var logsRequests = true
    /// Where request lines go instead of the request's own logger (tests read them here).
    public var requestLogger: Logger?
    /// Scheduled backups: written here every `backupInterval` seconds, the newest `backupKeep` kept; none when nil.
    public var backupDirectory: String?
    public var backupKeep = 7
    public var backupInterval: TimeInterval = 86_400
    /// API requests a minute per bearer token and per client address (0: no limit); generous, against runaway
    /// scripts and token guessing rather than for metering.
    public var rateLimitPerToken = 3000
    public var rateLimitPerAddress = 6000

    public init(
        database: DatabaseLocation, dataDirectory: String = "./data", host: String = "127.0.0.1", port: Int = 8080,
        adminPassword: String? = nil, bcryptCost: Int = 11, secureCookies: Bool = false,
        clock: any TimeSource = SystemTimeSource(), maxBodySize: String = "1mb", runsScheduledJobs: Bool = false,
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt, databasePoolSize: Int = 4
    ) {
        self.timeZone = timeZone
        self.databasePoolSize = databasePoolSize
        self.database = database
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.adminPassword = adminPassword
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.clock = clock
        self.maxBodySize = maxBodySize
        self.runsScheduledJobs = runsScheduledJobs
    }

    /// Reads `GUANXI_DATA_DIR`, `DATABASE_URL`, `HOST`, `PORT`, `GUANXI_ADMIN_PASSWORD`, `GUANXI_BCRYPT_COST`,
    /// `GUANXI_PUBLIC_URL`, `GUANXI_TIME_ZONE`, `GUANXI_DB_POOL_SIZE`, `GUANXI_BACKUP_DIR`, `GUANXI_BACKUP_KEEP`,
    /// `GUANXI_BACKUP_HOURS`, `GUANXI_RATE_LIMIT_TOKEN`, `GUANXI_RATE_LIMIT_ADDRESS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GuanxiSettings {
        let dataDirectory = environment["GUANXI_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: DatabaseLocation
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw SettingsError(variable: "DATABASE_URL", reason: "must start with postgres:// (leave it unset for the embedded SQLite database)")
            }
            database = .postgres(url: url)
        } else {
            database = .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("guanxi.sqlite"))
        }
        var port = 8080
        if let text = environment["PORT"], !text.isEmpty {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw SettingsError(variable: "PORT", reason: "must be a number from 1 to 65535, got \"\(text)\"")
            }
            port = value
        }
        var cost = 11
        if let text = environment["GUANXI_BCRYPT_COST"], !text.isEmpty {
            guard let value = Int(text), (4...31).contains(value) else {
                throw SettingsError(variable: "GUANXI_BCRYPT_COST", reason: "must be a number from 4 to 31")
            }
            cost = value
        }
        let adminPassword = environment["GUANXI_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let adminPassword, let problem = AccountRules.check(password: adminPassword) {
            throw SettingsError(variable: "GUANXI_ADMIN_PASSWORD", reason: "\(problem) (at least \(AccountRules.minimumPasswordLength) characters)")
        }
        var timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        if let name = environment["GUANXI_TIME_ZONE"], !name.isEmpty {
            guard let zone = TimeZone(identifier: name) else {
                throw SettingsError(variable: "GUANXI_TIME_ZONE", reason: "must be a time zone name such as Asia/Shanghai, got \"\(name)\"")
            }
            timeZone = zone
        }
        var pool = 4
        if let text = environment["GUANXI_DB_POOL_SIZE"], !text.isEmpty {
            guard let value = Int(text), (1...100).contains(value) else {
                throw SettingsError(variable: "GUANXI_DB_POOL_SIZE", reason: "must be a number from 1 to 100")
            }
            pool = value
        }
        var settings = GuanxiSettings(
            database: database, dataDirectory: dataDirectory,
            host: environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: port, adminPassword: adminPassword, bcryptCost: cost,
            secureCookies: environment["GUANXI_PUBLIC_URL"]?.hasPrefix("https://") ?? false,
            runsScheduledJobs: true, timeZone: timeZone, databasePoolSize: pool
        )
        settings.backupDirectory = environment["GUANXI_BACKUP_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["GUANXI_BACKUP_KEEP"], !text.isEmpty {
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw SettingsError(variable: "GUANXI_BACKUP_KEEP", reason: "must be a number from 1 to 10000, got \"\(text)\"")
            }
            settings.backupKeep = value
        }
        if let text = environment["GUANXI_BACKUP_HOURS"], !text.isEmpty {
            guard let value = Int(text), (1...8_760).contains(value) else {
                throw SettingsError(variable: "GUANXI_BACKUP_HOURS", reason: "must be a number of hours from 1 to 8760, got \"\(text)\"")
            }
            settings.backupInterval = TimeInterval(value * 3600)
        }
        for (variable, path) in [("GUANXI_RATE_LIMIT_TOKEN", \GuanxiSettings.rateLimitPerToken),
                                 ("GUANXI_RATE_LIMIT_ADDRESS", \GuanxiSettings.rateLimitPerAddress)] {
            guard let text = environment[variable], !text.isEmpty else { continue }
            guard let value = Int(text), (0...1_000_000).contains(value) else {
                throw SettingsError(variable: variable, reason: "must be a number of requests a minute from 0 (no limit) to 1000000, got \"\(text)\"")
            }
            settings[keyPath: path] = value
        }
        return settings
    }
}

/// A configuration variable with an unusable value.
public struct SettingsError: Error, CustomStringConvertible {
    public let variable: String
    public let reason: String
    public var description: String { "\(variable) \(reason)" }
}
