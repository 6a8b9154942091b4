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
        // Open addressing over the (x, t_x, T) bit patterns (-1: empty); triples keep their order of first appearance.
        var capacity = 1 << 12
        while capacity < 2 * Swift.max(history.count, 1) && capacity < 1 << 26 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        var frequency: [Int32] = [], recency: [Double] = [], age: [Double] = [], weight: [Double] = []
        var triple = [Int32](repeating: 0, count: history.count)
        for i in 0..<history.count {
            let x = history.frequency[i], tx = history.recency[i], t = history.age[i]
            var hash = UInt64(UInt32(bitPattern: x)) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ tx.bitPattern) &* 0xBF58_476D_1CE4_E5B9
            hash = (hash ^ t.bitPattern) &* 0x94D0_49BB_1331_11EB
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & mask
            var found: Int32 = -1
            while true {
                let candidate = slots[slot]
                if candidate < 0 { break }
                let c = Int(candidate)
                if frequency[c] == x && recency[c].bitPattern == tx.bitPattern && age[c].bitPattern == t.bitPattern {
                    found = candidate
                    break
                }
                slot = (slot + 1) & mask
            }
            if found >= 0 {
                triple[i] = found
                weight[Int(found)] += 1
            } else {
                let index = Int32(frequency.count)
                slots[slot] = index
                triple[i] = index
                frequency.append(x)
                recency.append(tx)
                age.append(t)
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
