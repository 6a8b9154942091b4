/// Columnar purchase-history summary, one entry per customer: frequency, recency, T, monetary value, holdout (ANALYTICS.md §1).
public struct PurchaseHistory: Sendable {
    /// Customer ids, in the order of the other columns.
    public var customerIDs: [String]
    /// x: repeat purchase days in the calibration period.
    public var frequency: [Int32]
    /// t_x: last − first purchase day, in the time unit.
    public var recency: [Double]
    /// T: observation end − first purchase day, in the time unit.
    public var age: [Double]
    /// m̄: mean amount of the repeat purchase days (0 when x = 0).
    public var monetaryValue: [Double]
    /// Repeat purchase days after the calibration end (zeros without a holdout).
    public var holdoutFrequency: [Int32]

    /// Builds a summary from given columns, e.g. a published summary file (ANALYTICS.md §1).
    public init(customerIDs: [String], frequency: [Int32], recency: [Double], age: [Double], monetaryValue: [Double], holdoutFrequency: [Int32]? = nil) {
        precondition(frequency.count == customerIDs.count && recency.count == customerIDs.count
            && age.count == customerIDs.count && monetaryValue.count == customerIDs.count, "columns must have one entry per customer")
        self.customerIDs = customerIDs
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetaryValue = monetaryValue
        self.holdoutFrequency = holdoutFrequency ?? Array(repeating: 0, count: customerIDs.count)
    }

    /// Summarises a ledger at an observation end (its calibration end if it has one) (ANALYTICS.md §1).
    ///
    /// Customers whose first purchase is after the observation end are left out.
    public init(ledger: PurchaseLedger, customerIDs allIDs: [String], observationEnd: Int32, unit: TimeUnit) {
        precondition(ledger.needsReplay.isEmpty, "replay the ledger before summarising it")
        var ids: [String] = [], frequency: [Int32] = [], recency: [Double] = [], age: [Double] = []
        var monetary: [Double] = [], holdout: [Int32] = []
        let count = ledger.customerCount
        ids.reserveCapacity(count)
        frequency.reserveCapacity(count)
        recency.reserveCapacity(count)
        age.reserveCapacity(count)
        monetary.reserveCapacity(count)
        holdout.reserveCapacity(count)
        for index in 0..<count {
            let days = ledger.purchaseDays[index]
            let first = ledger.firstDay[index]
            guard days > 0, first <= observationEnd else { continue }
            let x = days - 1
            ids.append(allIDs[index])
            frequency.append(x)
            recency.append(Double(ledger.lastDay[index] - first) / unit.days)
            age.append(Double(observationEnd - first) / unit.days)
            monetary.append(x > 0 ? (ledger.totalAmount[index] - ledger.firstDayAmount[index]) / Double(x) : 0)
            holdout.append(ledger.holdoutDays[index])
        }
        self.init(customerIDs: ids, frequency: frequency, recency: recency, age: age, monetaryValue: monetary, holdoutFrequency: holdout)
    }

    /// Number of customers.
    public var count: Int { customerIDs.count }

    /// Every `stride`-th customer, starting with the first: a deterministic subsample for warm-starting the fits.
    func everyCustomer(stride step: Int) -> PurchaseHistory {
        let picked = Swift.stride(from: 0, to: count, by: Swift.max(1, step))
        return PurchaseHistory(customerIDs: picked.map { customerIDs[$0] }, frequency: picked.map { frequency[$0] },
                               recency: picked.map { recency[$0] }, age: picked.map { age[$0] },
                               monetaryValue: picked.map { monetaryValue[$0] }, holdoutFrequency: picked.map { holdoutFrequency[$0] })
    }
}
