/// Business-decline warnings from window spend and P(alive) (ANALYTICS.md §7).
public struct DeclineDetector: Sendable {
    /// How bad a decline is, from the size of the drop.
    public enum Severity: String, Sendable, Comparable {
        case low, medium, high
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            [Severity.low, .medium, .high].firstIndex(of: lhs)! < [Severity.low, .medium, .high].firstIndex(of: rhs)!
        }
    }

    /// A warning and its reason.
    public struct Warning: Sendable, Equatable {
        public var severity: Severity
        /// 1 − latest / baseline for a spend drop; nil for a P(alive) drop.
        public var spendDrop: Double?
        public var probabilityAliveDropped: Bool
    }

    /// Minimum baseline spend per window for a spend warning (setting).
    public var minimumBaseline: Double
    public var baselineWindows = 4
    public var dropThreshold = 0.5

    public init(minimumBaseline: Double) {
        self.minimumBaseline = minimumBaseline
    }

    /// Warns when the latest window's spend ≤ 50 % of the mean of the previous 4 windows (baseline ≥ minimum), or P(alive)
    /// fell below 0.5 after being ≥ 0.8 at the previous run; never while a warning is open (ANALYTICS.md §7).
    /// Severity: drop ≥ 90 % high, ≥ 70 % medium, else low; a P(alive) fall alone is medium.
    public func evaluate(windowSpend: [Double], probabilityAlive: Double?, previousProbabilityAlive: Double?, hasOpenWarning: Bool) -> Warning? {
        guard !hasOpenWarning else { return nil }
        var spendDrop: Double?
        if windowSpend.count >= baselineWindows + 1 {
            let latest = windowSpend[windowSpend.count - 1]
            let previous = windowSpend[(windowSpend.count - 1 - baselineWindows)..<(windowSpend.count - 1)]
            let baseline = previous.reduce(0, +) / Double(baselineWindows)
            if baseline >= minimumBaseline, baseline > 0, latest <= dropThreshold * baseline { spendDrop = 1 - latest / baseline }
        }
        let aliveDropped = (probabilityAlive.map { $0 < 0.5 } ?? false) && (previousProbabilityAlive.map { $0 >= 0.8 } ?? false)
        guard spendDrop != nil || aliveDropped else { return nil }
        var severity = Severity.medium
        if let drop = spendDrop { severity = drop >= 0.9 ? .high : (drop >= 0.7 ? .medium : .low) }
        if aliveDropped { severity = max(severity, .medium) }
        return Warning(severity: severity, spendDrop: spendDrop, probabilityAliveDropped: aliveDropped)
    }
}
