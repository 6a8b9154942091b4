/// Profit per customer (gross margin − cost to serve) and profitability tiers (ANALYTICS.md §7).
public struct CustomerProfitability: Sendable {
    /// One customer's inputs for a period.
    public struct Customer: Sendable {
        public var revenue: Double
        /// Σ order lines (price − cost).
        public var grossMargin: Double
        public var serviceTickets: Int
        /// Interactions per channel name.
        public var interactions: [String: Int]
        public init(revenue: Double, grossMargin: Double, serviceTickets: Int, interactions: [String: Int]) {
            self.revenue = revenue
            self.grossMargin = grossMargin
            self.serviceTickets = serviceTickets
            self.interactions = interactions
        }
    }

    /// Tier, in order of precedence.
    public enum Tier: String, Sendable {
        case mostValuable = "most valuable"
        case breakEven = "break-even"
        case profitable
        case resourceDraining = "resource-draining"
        case unprofitable
    }

    /// Unit costs and thresholds (settings).
    public struct Settings: Sendable {
        public var costPerTicket: Double
        public var costPerInteraction: [String: Double]
        public var mostValuableProfitShare = 0.5
        public var breakEvenShareOfMeanRevenue = 0.02
        public var drainingCostToMarginRatio = 2.0
        public init(costPerTicket: Double, costPerInteraction: [String: Double]) {
            self.costPerTicket = costPerTicket
            self.costPerInteraction = costPerInteraction
        }
    }

    public let costToServe: [Double]
    public let profit: [Double]
    public let tiers: [Tier]

    /// Profit = gross margin − (tickets × unit cost + Σ interactions × channel unit cost); tiers by precedence
    /// most valuable (the customers making the first 50 % of total profit), break-even (|profit| ≤ 2 % of mean revenue),
    /// profitable, resource-draining (cost to serve > 2 × gross margin), unprofitable (ANALYTICS.md §7).
    public init(customers: [Customer], settings: Settings) {
        let cost = customers.map { customer in
            Double(customer.serviceTickets) * settings.costPerTicket
                + customer.interactions.reduce(0) { $0 + Double($1.value) * (settings.costPerInteraction[$1.key] ?? 0) }
        }
        let profit = zip(customers, cost).map { $0.grossMargin - $1 }
        let meanRevenue = customers.isEmpty ? 0 : customers.reduce(0) { $0 + $1.revenue } / Double(customers.count)
        // Total profit is the net sum over all customers (losses included); when it is not positive there is no
        // "first 50 %" to make, so nobody is most valuable. The customer crossing the share is included.
        let totalProfit = profit.reduce(0, +)
        var mostValuable = Set<Int>()
        var cumulative = 0.0
        let order = profit.indices.sorted { profit[$0] > profit[$1] || (profit[$0] == profit[$1] && $0 < $1) }
        for index in order where profit[index] > 0 && totalProfit > 0 {
            if cumulative >= settings.mostValuableProfitShare * totalProfit { break }
            mostValuable.insert(index)
            cumulative += profit[index]
        }
        tiers = customers.indices.map { i in
            if mostValuable.contains(i) { return .mostValuable }
            if abs(profit[i]) <= settings.breakEvenShareOfMeanRevenue * meanRevenue { return .breakEven }
            if profit[i] > 0 { return .profitable }
            if cost[i] > settings.drainingCostToMarginRatio * customers[i].grossMargin { return .resourceDraining }
            return .unprofitable
        }
        costToServe = cost
        self.profit = profit
    }
}
