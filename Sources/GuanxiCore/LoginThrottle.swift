import Foundation

/// Login throttling: after `failureLimit` failed logins within `window`, logins are refused for `lockout`.
public struct LoginThrottle: Sendable {
    public var failureLimit = 5
    public var window: TimeInterval = 60
    public var lockout: TimeInterval = 300

    public init() {}

    /// How far back failures must be loaded to decide.
    public var lookback: TimeInterval { window + lockout }

    /// The moment the account unlocks, or nil when it is not locked at `now`.
    /// `failures` are the times of failed logins since the last successful one, in any order.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let sorted = failures.sorted()
        guard sorted.count >= failureLimit else { return nil }
        var lockedUntil: Date?
        for start in 0...(sorted.count - failureLimit) {
            let last = sorted[start + failureLimit - 1]
            if last.timeIntervalSince(sorted[start]) <= window {
                lockedUntil = last.addingTimeInterval(lockout)
            }
        }
        guard let until = lockedUntil, until > now else { return nil }
        return until
    }
}
