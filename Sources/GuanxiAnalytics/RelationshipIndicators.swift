/// Retention, churn, acquisition, share of wallet, cross-sell, call-center and ticket indicators (ANALYTICS.md §8).
public enum RelationshipIndicators {
    /// Retention (E − N)/S, churn 1 − retention and acquisition N/S from customers at start S, at end E and new N; nil when S = 0 (ANALYTICS.md §8).
    public static func retention(atStart: Int, atEnd: Int, new: Int) -> (retention: Double, churn: Double, acquisition: Double)? {
        guard atStart > 0 else { return nil }
        let retention = Double(atEnd - new) / Double(atStart)
        return (retention, 1 - retention, Double(new) / Double(atStart))
    }

    /// Share of wallet = spend with us / estimated category spend; nil when the estimate is not positive (ANALYTICS.md §8).
    public static func shareOfWallet(spendWithUs: Double, estimatedCategorySpend: Double) -> Double? {
        estimatedCategorySpend > 0 ? spendWithUs / estimatedCategorySpend : nil
    }

    /// Cross-sell ratio = mean number of distinct product categories per active customer (ANALYTICS.md §8).
    public static func crossSellRatio(categoriesByCustomer: [[String]]) -> Double? {
        guard !categoriesByCustomer.isEmpty else { return nil }
        return Double(categoriesByCustomer.reduce(0) { $0 + Set($1).count }) / Double(categoriesByCustomer.count)
    }

    /// One inbound call-center contact: wait in seconds and whether it was answered.
    public struct Call: Sendable {
        public var waitSeconds: Double
        public var answered: Bool
        public init(waitSeconds: Double, answered: Bool) {
            self.waitSeconds = waitSeconds
            self.answered = answered
        }
    }

    /// Average speed of answer (mean wait of answered calls) and abandonment rate (abandoned / inbound) (ANALYTICS.md §8).
    public static func callCenter(_ calls: [Call]) -> (averageSpeedOfAnswer: Double?, abandonmentRate: Double?) {
        let answered = calls.filter(\.answered)
        let speed = answered.isEmpty ? nil : answered.reduce(0) { $0 + $1.waitSeconds } / Double(answered.count)
        let abandonment = calls.isEmpty ? nil : Double(calls.count - answered.count) / Double(calls.count)
        return (speed, abandonment)
    }

    /// One service ticket: hours to first response and to resolution (nil while open), SLA, reopen and interactions.
    public struct Ticket: Sendable {
        public var firstResponseHours: Double?
        public var resolutionHours: Double?
        public var slaMet: Bool
        public var reopened: Bool
        public var interactions: Int
        public init(firstResponseHours: Double?, resolutionHours: Double?, slaMet: Bool, reopened: Bool, interactions: Int) {
            self.firstResponseHours = firstResponseHours
            self.resolutionHours = resolutionHours
            self.slaMet = slaMet
            self.reopened = reopened
            self.interactions = interactions
        }
    }

    /// Ticket figures (ANALYTICS.md §8): mean and median first response and resolution, SLA met %, first-contact resolution %.
    public struct TicketFigures: Sendable, Equatable {
        public var meanFirstResponse: Double?, medianFirstResponse: Double?
        public var meanResolution: Double?, medianResolution: Double?
        public var slaMetPercent: Double?
        public var firstContactResolutionPercent: Double?
    }

    /// Ticket figures in calendar hours (business hours not assumed) (ANALYTICS.md §8).
    public static func tickets(_ tickets: [Ticket]) -> TicketFigures {
        let responses = tickets.compactMap(\.firstResponseHours), resolutions = tickets.compactMap(\.resolutionHours)
        let resolved = tickets.filter { $0.resolutionHours != nil }
        let firstContact = resolved.filter { !$0.reopened && $0.interactions == 1 }.count
        return TicketFigures(
            meanFirstResponse: mean(responses), medianFirstResponse: median(responses),
            meanResolution: mean(resolutions), medianResolution: median(resolutions),
            slaMetPercent: tickets.isEmpty ? nil : 100 * Double(tickets.filter(\.slaMet).count) / Double(tickets.count),
            firstContactResolutionPercent: resolved.isEmpty ? nil : 100 * Double(firstContact) / Double(resolved.count))
    }

    /// Arithmetic mean; nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Median (mean of the two middle values for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
