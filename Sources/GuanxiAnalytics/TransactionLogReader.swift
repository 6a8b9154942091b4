/// Turns a byte source of a `customer_id,date,amount` CSV into a ledger, replaying the source once only when rows were out of order (ANALYTICS.md §1).
public enum TransactionLogReader {
    /// Feeds every chunk of the input to the given consumer; may be called twice.
    public typealias ByteSource = (_ consume: (UnsafeRawBufferPointer) throws -> Void) throws -> Void

    /// Parses the whole source into a ledger and the customer ids (ANALYTICS.md §1).
    public static func read(calibrationEnd: Int32?, source: ByteSource) throws -> (ledger: PurchaseLedger, customerIDs: [String], rows: Int) {
        var parser = TransactionLogParser()
        var ledger = PurchaseLedger(calibrationEnd: calibrationEnd)
        try source { chunk in
            try parser.consume(chunk) { ledger.add(customer: $0, day: $1, amount: $2) }
        }
        try parser.finish { ledger.add(customer: $0, day: $1, amount: $2) }
        if !ledger.needsReplay.isEmpty {
            // Same input, same first-appearance order, so customer indices match the first pass.
            var second = TransactionLogParser()
            var rows: [(customer: Int32, day: Int32, amount: Double)] = []
            let wanted = ledger.needsReplay
            let collect: (Int32, Int32, Double) -> Void = { customer, day, amount in
                if wanted.contains(customer) { rows.append((customer, day, amount)) }
            }
            try source { chunk in try second.consume(chunk, row: collect) }
            try second.finish(row: collect)
            ledger.replay(rows)
        }
        return (ledger, parser.customerIDs, parser.rowCount)
    }

    /// Parses an in-memory CSV (ANALYTICS.md §1).
    public static func read(calibrationEnd: Int32?, bytes: [UInt8]) throws -> (ledger: PurchaseLedger, customerIDs: [String], rows: Int) {
        try read(calibrationEnd: calibrationEnd) { consume in
            try bytes.withUnsafeBytes { try consume($0) }
        }
    }
}
