/// RFM scores 1–5 by quintiles (ties share a score) and segments, per customer (ANALYTICS.md §6).
public struct RFMAnalysis: Sendable {
    public var customerIDs: [String] = []
    /// Days since the last purchase, at the as-of day.
    public var recencyDays: [Int32] = []
    /// Number of purchase days.
    public var frequency: [Int32] = []
    /// Total amount.
    public var monetary: [Double] = []
    public var recencyScore: [UInt8] = []
    public var frequencyScore: [UInt8] = []
    public var monetaryScore: [UInt8] = []
    public var segment: [RFMSegment] = []

    /// Scores every customer with a purchase on or before `asOf`; the ledger's calibration end must be `asOf` or nil (ANALYTICS.md §6).
    public init(ledger: PurchaseLedger, customerIDs ids: [String], asOf: Int32) {
        precondition(ledger.needsReplay.isEmpty, "replay the ledger before scoring it")
        for index in 0..<ledger.customerCount where ledger.purchaseDays[index] > 0 && ledger.firstDay[index] <= asOf {
            customerIDs.append(ids[index])
            recencyDays.append(asOf - ledger.lastDay[index])
            frequency.append(ledger.purchaseDays[index])
            monetary.append(ledger.totalAmount[index])
        }
        score()
    }

    /// Scores given per-customer figures (ANALYTICS.md §6).
    public init(customerIDs: [String], recencyDays: [Int32], frequency: [Int32], monetary: [Double]) {
        self.customerIDs = customerIDs
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        score()
    }

    private mutating func score() {
        // Fewer days is better, so score the negated recency as "higher is better".
        recencyScore = Self.quintileScores(recencyDays.map { -Double($0) })
        frequencyScore = Self.quintileScores(frequency.map { Double($0) })
        monetaryScore = Self.quintileScores(monetary)
        segment = (0..<customerIDs.count).map {
            RFMSegment.of(r: Int(recencyScore[$0]), f: Int(frequencyScore[$0]), m: Int(monetaryScore[$0]))
        }
    }

    /// Quintile score 1 + ⌊5 · (customers with a strictly lower value) / n⌋, so equal values share a score (ANALYTICS.md §6).
    public static func quintileScores(_ values: [Double]) -> [UInt8] {
        let n = values.count
        guard n > 0 else { return [] }
        let sorted = values.sorted()
        return values.map { value in
            var low = 0, high = n
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return UInt8(1 + (5 * low) / n)
        }
    }

    /// The header of the RFM CSV.
    public static let csvHeader = "customer_id,recency_days,frequency,monetary,r,f,m,segment"

    /// Writes the RFM CSV in blocks; monetary is rounded to cents (`MoneyFormat`).
    public func writeCSV(blockSize: Int = 65_536, _ emit: ([UInt8]) throws -> Void) rethrows {
        try emit(Array((Self.csvHeader + "\n").utf8))
        var start = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(blockSize * 48)
        while start < customerIDs.count {
            let end = min(customerIDs.count, start + blockSize)
            bytes.removeAll(keepingCapacity: true)
            for i in start..<end {
                bytes.append(contentsOf: customerIDs[i].utf8)
                bytes.append(UInt8(ascii: ","))
                MoneyFormat.appendSigned(Int64(recencyDays[i]), to: &bytes)
                bytes.append(UInt8(ascii: ","))
                MoneyFormat.appendSigned(Int64(frequency[i]), to: &bytes)
                bytes.append(UInt8(ascii: ","))
                MoneyFormat.append(monetary[i], to: &bytes)
                for score in [recencyScore[i], frequencyScore[i], monetaryScore[i]] {
                    bytes.append(UInt8(ascii: ","))
                    bytes.append(48 + score)
                }
                bytes.append(UInt8(ascii: ","))
                bytes.append(contentsOf: segment[i].rawValue.utf8)
                bytes.append(UInt8(ascii: "\n"))
            }
            try emit(bytes)
            start = end
        }
    }
}
