/// Monthly cohort retention: cohort = month of first order, cell k = share of the cohort ordering in month k after (ANALYTICS.md §7).
public struct CohortRetention: Sendable, Equatable {
    /// Cohort month as year·12 + (month − 1).
    public let cohorts: [Int]
    /// sizes[i] = customers in cohorts[i].
    public let sizes: [Int]
    /// shares[i][k] = share of cohort i with an order in month k after its first (k = 0 is 1).
    public let shares: [[Double]]

    /// Builds the table from orders (customer id, day number), up to the last month with an order (ANALYTICS.md §7).
    public init(orders: [(customer: String, day: Int)]) {
        var monthsByCustomer: [String: Set<Int>] = [:]
        for order in orders {
            let date = CivilDay.civil(fromDayNumber: order.day)
            monthsByCustomer[order.customer, default: []].insert(date.year * 12 + date.month - 1)
        }
        let lastMonth = monthsByCustomer.values.compactMap { $0.max() }.max() ?? 0
        var members: [Int: [Set<Int>]] = [:]
        for months in monthsByCustomer.values { members[months.min()!, default: []].append(months) }
        cohorts = members.keys.sorted()
        sizes = cohorts.map { members[$0]!.count }
        shares = cohorts.map { cohort in
            let group = members[cohort]!
            return (0...(lastMonth - cohort)).map { k in
                Double(group.filter { $0.contains(cohort + k) }.count) / Double(group.count)
            }
        }
    }
}
