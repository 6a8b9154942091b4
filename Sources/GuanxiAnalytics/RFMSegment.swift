/// RFM segment names and the first-match table of ANALYTICS.md §6.
public enum RFMSegment: String, Sendable, CaseIterable {
    case champions = "Champions"
    case loyalCustomers = "Loyal customers"
    case potentialLoyalists = "Potential loyalists"
    case newCustomers = "New customers"
    case promising = "Promising"
    case needAttention = "Need attention"
    case aboutToSleep = "About to sleep"
    case atRisk = "At risk"
    case cannotLoseThem = "Can't lose them"
    case hibernating = "Hibernating"
    case lost = "Lost"
    case others = "Others"

    /// Score ranges (R, F, M) in table order; the first matching row wins (ANALYTICS.md §6).
    static let table: [(RFMSegment, ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>)] = [
        (.champions, 4...5, 4...5, 4...5),
        (.loyalCustomers, 2...5, 3...5, 3...5),
        (.potentialLoyalists, 3...5, 1...3, 1...3),
        (.newCustomers, 4...5, 1...1, 1...1),
        (.promising, 3...4, 1...1, 1...1),
        (.needAttention, 2...3, 2...3, 2...3),
        (.aboutToSleep, 2...3, 1...2, 1...2),
        (.atRisk, 1...2, 2...5, 2...5),
        (.cannotLoseThem, 1...1, 4...5, 4...5),
        (.hibernating, 1...2, 1...2, 1...2),
        (.lost, 1...2, 1...2, 1...2),
    ]

    /// The segment of R, F, M scores 1–5 (ANALYTICS.md §6).
    public static func of(r: Int, f: Int, m: Int) -> RFMSegment {
        table.first { $0.1.contains(r) && $0.2.contains(f) && $0.3.contains(m) }?.0 ?? .others
    }
}
