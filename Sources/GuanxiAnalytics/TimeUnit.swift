/// The time unit of recency, T and horizons: weeks (days / 7) or days (ANALYTICS.md §1).
public enum TimeUnit: String, Sendable, CaseIterable {
    case week
    case day

    /// Days in one unit (ANALYTICS.md §1).
    public var days: Double { self == .week ? 7 : 1 }

    /// Units in one CLV month: lifetimes' convention of 4.345 weeks or 30 days (ANALYTICS.md §4).
    public var unitsPerMonth: Double { self == .week ? 4.345 : 30 }
}
