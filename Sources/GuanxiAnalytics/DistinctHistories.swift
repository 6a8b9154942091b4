/// The distinct (x, t_x, T) triples of a purchase history with their counts: the BG/NBD likelihood and predictions depend on nothing else (ANALYTICS.md §2).
///
/// Logs with day resolution repeat triples massively (every one-time buyer of one day shares one),
/// so fitting and predicting on distinct triples is much cheaper and gives the same sums.
public struct DistinctHistories: Sendable {
    public let frequency: [Int32]
    public let recency: [Double]
    public let age: [Double]
    /// Customers sharing each triple.
    public let weight: [Double]
    /// For each customer of the history, the index of its triple.
    public let tripleOfCustomer: [Int32]

    /// Groups the customers of `history` (ANALYTICS.md §2).
    public init(_ history: PurchaseHistory) {
        struct Key: Hashable {
            let x: Int32
            let tx: UInt64
            let age: UInt64
        }
        var indexOf: [Key: Int32] = [:]
        indexOf.reserveCapacity(Swift.min(history.count, 1 << 16))
        var frequency: [Int32] = [], recency: [Double] = [], age: [Double] = [], weight: [Double] = []
        var triple = [Int32](repeating: 0, count: history.count)
        for i in 0..<history.count {
            let key = Key(x: history.frequency[i], tx: history.recency[i].bitPattern, age: history.age[i].bitPattern)
            if let known = indexOf[key] {
                triple[i] = known
                weight[Int(known)] += 1
            } else {
                let index = Int32(frequency.count)
                indexOf[key] = index
                triple[i] = index
                frequency.append(history.frequency[i])
                recency.append(history.recency[i])
                age.append(history.age[i])
                weight.append(1)
            }
        }
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.weight = weight
        tripleOfCustomer = triple
    }

    /// Number of distinct triples.
    public var count: Int { frequency.count }
}
