/// Discounted customer lifetime value from BG/NBD purchases and Gamma-Gamma spend, lifetimes' monthly convention (ANALYTICS.md §4).
public struct CustomerLifetimeValue: Sendable {
    /// Months summed.
    public var months: Int
    /// Monthly discount rate d.
    public var monthlyDiscount: Double
    /// Time units per month: 4.345 weeks or 30 days.
    public var unitsPerMonth: Double

    public init(months: Int = 12, monthlyDiscount: Double = 0.01, unit: TimeUnit = .week) {
        self.months = months
        self.monthlyDiscount = monthlyDiscount
        self.unitsPerMonth = unit.unitsPerMonth
    }

    /// CLV = Σ_k E[M] · (E[Y(k·u)] − E[Y((k−1)·u)]) / (1+d)^k of one customer (ANALYTICS.md §4).
    public func value(
        model: BGNBDParameters, expectedSpend: Double, frequency x: Int, recency tx: Double, age T: Double
    ) -> Double {
        var total = 0.0
        var previous = 0.0
        var discount = 1.0
        for k in stride(from: 1, through: months, by: 1) {
            let cumulative = model.expectedPurchases(in: Double(k) * unitsPerMonth, frequency: x, recency: tx, age: T)
            discount *= 1 + monthlyDiscount
            total += expectedSpend * (cumulative - previous) / discount
            previous = cumulative
        }
        return total
    }

    /// Σ_k (N(k·u) − N((k−1)·u)) / (1+d)^k with N the t_x-free numerator of E[Y(t)]: CLV at unit spend times
    /// (1 + death odds), shared by every customer with the same (x, T) (ANALYTICS.md §4).
    func discountedPurchaseNumerator(model: BGNBDParameters, frequency x: Int, age T: Double) -> Double {
        var total = 0.0
        var previous = 0.0
        var discount = 1.0
        for k in stride(from: 1, through: months, by: 1) {
            let cumulative = model.expectedPurchasesNumerator(in: Double(k) * unitsPerMonth, frequency: x, age: T)
            discount *= 1 + monthlyDiscount
            total += (cumulative - previous) / discount
            previous = cumulative
        }
        return total
    }
}
