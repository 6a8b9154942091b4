import Fluent
import Foundation

/// Removes what has expired: browser sessions, API tokens, and login attempts too old to matter for throttling.
public enum Housekeeping {
    /// Login attempts are kept a day for investigating break-in attempts, far longer than the throttle needs.
    public static let loginAttemptRetention: TimeInterval = 24 * 3600

    public struct Report: Sendable, Equatable {
        public var sessions = 0
        public var tokens = 0
        public var loginAttempts = 0
    }

    public static func run(now: Date, on database: any Database) async throws -> Report {
        var report = Report()
        report.sessions = try await WebSession.query(on: database).filter(\.$expiresAt <= now).count()
        try await WebSession.query(on: database).filter(\.$expiresAt <= now).delete()
        report.tokens = try await APIToken.query(on: database).filter(\.$expiresAt <= now).count()
        try await APIToken.query(on: database).filter(\.$expiresAt <= now).delete()
        let oldest = now.addingTimeInterval(-loginAttemptRetention)
        report.loginAttempts = try await LoginAttempt.query(on: database).filter(\.$createdAt < oldest).count()
        try await LoginAttempt.query(on: database).filter(\.$createdAt < oldest).delete()
        return report
    }
}
