/// Pareto/ABC classes of customers by revenue: A makes the first 80 % (crossing one included), B up to 95 %, C the rest (ANALYTICS.md §7).
public struct ParetoABC: Sendable, Equatable {
    /// ABC class.
    public enum Class: String, Sendable { case a = "A", b = "B", c = "C" }

    /// Class per customer, in input order.
    public let classes: [Class]
    /// Share of customers in class A (the "20" of 80/20).
    public let shareOfCustomersInA: Double

    /// Classifies customers by revenue (ANALYTICS.md §7).
    public init(revenues: [Double], aShare: Double = 0.8, bShare: Double = 0.95) {
        let total = revenues.reduce(0) { $0 + Swift.max(0, $1) }
        let order = revenues.indices.sorted { revenues[$0] > revenues[$1] || (revenues[$0] == revenues[$1] && $0 < $1) }
        var classes = [Class](repeating: .c, count: revenues.count)
        var cumulative = 0.0
        for index in order where total > 0 {
            // Share reached before this customer decides its class, so the one crossing a boundary stays in the lower letter.
            let before = cumulative / total
            classes[index] = before < aShare ? .a : (before < bShare ? .b : .c)
            cumulative += Swift.max(0, revenues[index])
        }
        self.classes = classes
        shareOfCustomersInA = revenues.isEmpty ? 0 : Double(classes.filter { $0 == .a }.count) / Double(revenues.count)
    }
}
