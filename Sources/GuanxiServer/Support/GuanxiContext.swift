import Fluent
import GuanxiCore
import GuanxiStore
import Vapor

/// The services one running Guanxi shares between requests.
public struct GuanxiContext: Sendable {
    public let settings: GuanxiSettings
    public let hasher: any PasswordHashing
    public let api: APIRegistry
    public let scheduler: JobScheduler

    public var clock: any TimeSource { settings.clock }

    public func directory(on database: any Database) -> AccountDirectory {
        AccountDirectory(database: database, hasher: hasher, clock: clock)
    }

    public func credentials(on database: any Database) -> Credentials {
        Credentials(database: database, hasher: hasher, clock: clock)
    }
}

extension Application {
    private struct ContextKey: StorageKey { typealias Value = GuanxiContext }

    /// Guanxi's services; set by `configure`.
    public var guanxi: GuanxiContext {
        get {
            guard let context = storage[ContextKey.self] else { fatalError("configure(_:settings:) has not run") }
            return context
        }
        set { storage[ContextKey.self] = newValue }
    }
}

extension Request {
    public var guanxi: GuanxiContext { application.guanxi }
    public var directory: AccountDirectory { guanxi.directory(on: db) }
    public var credentials: Credentials { guanxi.credentials(on: db) }
}

/// bcrypt through Vapor, with a configurable cost (tests use the minimum).
struct BcryptPasswordHashing: PasswordHashing {
    let cost: Int

    func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    func verify(_ password: String, against hash: String) throws -> Bool {
        // A malformed stored hash is a failed login, not a server error.
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }
}
