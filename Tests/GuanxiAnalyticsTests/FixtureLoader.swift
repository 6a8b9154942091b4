import Foundation
import GuanxiAnalytics

/// Reads the CDNOW fixtures shipped with the tests.
enum FixtureLoader {
    static func url(_ name: String) throws -> URL {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw TransactionLogError(line: 0, reason: "Fixtures folder missing from the test bundle")
        }
        return folder.appendingPathComponent(name)
    }

    /// The published calibration summary (case A): `ID,x,t_x,T,zbar`.
    static func publishedSummary() throws -> PurchaseHistory {
        let text = try String(contentsOf: url("cdnow_summary_calibration.csv"), encoding: .utf8)
        var ids: [String] = [], x: [Int32] = [], tx: [Double] = [], age: [Double] = [], m: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            ids.append(fields[0])
            x.append(Int32(fields[1])!)
            tx.append(Double(fields[2])!)
            age.append(Double(fields[3])!)
            m.append(Double(fields[4])!)
        }
        return PurchaseHistory(customerIDs: ids, frequency: x, recency: tx, age: age, monetaryValue: m)
    }

    /// Parses a transaction-log fixture into a ledger and its customer ids.
    static func ledger(_ name: String, calibrationEnd: String?) throws -> (ledger: PurchaseLedger, ids: [String]) {
        let data = try Data(contentsOf: url(name))
        return try ledger(bytes: data, calibrationEnd: calibrationEnd)
    }

    static func ledger(bytes data: Data, calibrationEnd: String?) throws -> (ledger: PurchaseLedger, ids: [String]) {
        var parser = TransactionLogParser()
        var ledger = PurchaseLedger(calibrationEnd: calibrationEnd.flatMap(CivilDay.parse).map { Int32($0) })
        try data.withUnsafeBytes { bytes in
            try parser.consume(bytes) { ledger.add(customer: $0, day: $1, amount: $2) }
        }
        try parser.finish { ledger.add(customer: $0, day: $1, amount: $2) }
        return (ledger, parser.customerIDs)
    }
}
