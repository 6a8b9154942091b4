/// NPS, CSAT and SERVQUAL gap figures from survey answers (ANALYTICS.md §8).
public enum SurveyIndicators {
    /// NPS = % promoters (9–10) − % detractors (0–6), in points −100…100; nil without answers (ANALYTICS.md §8).
    public static func netPromoterScore(_ ratings: [Int]) -> Double? {
        guard !ratings.isEmpty else { return nil }
        let promoters = ratings.filter { $0 >= 9 }.count, detractors = ratings.filter { $0 <= 6 }.count
        return 100 * Double(promoters - detractors) / Double(ratings.count)
    }

    /// CSAT = % of ratings 4–5 on a 1–5 scale; nil without answers (ANALYTICS.md §8).
    public static func customerSatisfaction(_ ratings: [Int]) -> Double? {
        guard !ratings.isEmpty else { return nil }
        return 100 * Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count)
    }

    /// SERVQUAL dimensions and their item numbers 1–22 (ANALYTICS.md §8).
    public static let servqualDimensions: [(name: String, items: ClosedRange<Int>)] = [
        ("tangibles", 1...4), ("reliability", 5...9), ("responsiveness", 10...13), ("assurance", 14...17), ("empathy", 18...22),
    ]

    /// SERVQUAL dimension gaps (mean of perception − expectation over the dimension's items) and the weighted overall gap (ANALYTICS.md §8).
    ///
    /// `perception` and `expectation` hold the 22 item scores in order; `importance` the 100 points spread over the 5 dimensions.
    public static func servqualGaps(perception: [Double], expectation: [Double], importance: [Double]) -> (dimensions: [Double], overall: Double)? {
        guard perception.count == 22, expectation.count == 22, importance.count == 5 else { return nil }
        let dimensions = servqualDimensions.map { dimension in
            dimension.items.reduce(0.0) { $0 + perception[$1 - 1] - expectation[$1 - 1] } / Double(dimension.items.count)
        }
        let overall = zip(importance, dimensions).reduce(0.0) { $0 + $1.0 / 100 * $1.1 }
        return (dimensions, overall)
    }
}
