/// Incremental reader of a `customer_id,date,amount` CSV fed in byte chunks; customers become dense indices (ANALYTICS.md §1).
///
/// The parser never holds more than one partial line plus the customer table, so memory follows the
/// number of customers, not of transactions.
public struct TransactionLogParser {
    /// The customer ids in order of first appearance; a row's customer index points here.
    public private(set) var customerIDs: [String] = []
    /// Lines read so far (including the header and blank lines).
    public private(set) var lineNumber = 0
    /// Data rows read so far.
    public private(set) var rowCount = 0

    private var indexByID: [String: Int32] = [:]
    private var pending: [UInt8] = []
    private var sawHeader = false
    private var lastIDBytes: [UInt8] = []
    private var lastIndex: Int32 = -1

    public init() {}

    /// Feeds the next chunk of bytes, calling `row` for each complete data line.
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer,
        row: (_ customer: Int32, _ day: Int32, _ amount: Double) throws -> Void
    ) throws {
        var lineStart = 0
        var position = 0
        let count = chunk.count
        while position < count {
            if chunk[position] == UInt8(ascii: "\n") {
                if pending.isEmpty {
                    try handleLine(UnsafeRawBufferPointer(rebasing: chunk[lineStart..<position]), row: row)
                } else {
                    pending.append(contentsOf: chunk[lineStart..<position])
                    let line = pending
                    pending.removeAll(keepingCapacity: true)
                    try line.withUnsafeBytes { try handleLine($0, row: row) }
                }
                lineStart = position + 1
            }
            position += 1
        }
        if lineStart < count { pending.append(contentsOf: chunk[lineStart..<count]) }
    }

    /// Ends the input: reads a last line without a newline and checks that there was a header.
    public mutating func finish(row: (_ customer: Int32, _ day: Int32, _ amount: Double) throws -> Void) throws {
        if !pending.isEmpty {
            let line = pending
            pending.removeAll()
            try line.withUnsafeBytes { try handleLine($0, row: row) }
        }
        if !sawHeader { throw TransactionLogError(line: 0, reason: "empty input: expected the header customer_id,date,amount") }
    }

    private mutating func handleLine(
        _ raw: UnsafeRawBufferPointer,
        row: (_ customer: Int32, _ day: Int32, _ amount: Double) throws -> Void
    ) throws {
        lineNumber += 1
        var end = raw.count
        if end > 0, raw[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = 0
        if lineNumber == 1, end >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { start = 3 }  // UTF-8 BOM
        let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
        guard sawHeader else {
            let header = String(decoding: line, as: UTF8.self).lowercased().replacingOccurrences(of: " ", with: "")
            guard header == "customer_id,date,amount" else {
                throw TransactionLogError(line: lineNumber, reason: "expected the header customer_id,date,amount, found \"\(String(decoding: line, as: UTF8.self))\"")
            }
            sawHeader = true
            return
        }
        guard let firstComma = line.firstIndex(of: UInt8(ascii: ",")),
              let secondComma = line[(firstComma + 1)...].firstIndex(of: UInt8(ascii: ",")),
              line[(secondComma + 1)...].firstIndex(of: UInt8(ascii: ",")) == nil
        else {
            throw TransactionLogError(line: lineNumber, reason: "expected 3 fields customer_id,date,amount, found \"\(String(decoding: line, as: UTF8.self))\"")
        }
        let idField = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[0..<firstComma]))
        let dateField = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[(firstComma + 1)..<secondComma]))
        let amountField = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[(secondComma + 1)...]))
        guard !idField.isEmpty else { throw TransactionLogError(line: lineNumber, reason: "empty customer_id") }
        guard let day = CivilDay.parse(dateField) else {
            throw TransactionLogError(line: lineNumber, reason: "bad date \"\(String(decoding: dateField, as: UTF8.self))\" (expected YYYY-MM-DD or YYYYMMDD)")
        }
        guard let amount = Self.parseAmount(amountField) else {
            throw TransactionLogError(line: lineNumber, reason: "bad amount \"\(String(decoding: amountField, as: UTF8.self))\" (expected a decimal number)")
        }
        rowCount += 1
        try row(customerIndex(for: idField), Int32(truncatingIfNeeded: day), amount)
    }

    private mutating func customerIndex(for id: UnsafeRawBufferPointer) -> Int32 {
        // Logs are usually grouped by customer, so comparing with the previous id skips most hash lookups.
        if lastIndex >= 0, id.elementsEqual(lastIDBytes) { return lastIndex }
        let key = String(decoding: id, as: UTF8.self)
        let index: Int32
        if let known = indexByID[key] {
            index = known
        } else {
            index = Int32(customerIDs.count)
            indexByID[key] = index
            customerIDs.append(key)
        }
        lastIDBytes.removeAll(keepingCapacity: true)
        lastIDBytes.append(contentsOf: id)
        lastIndex = index
        return index
    }

    private static func trimmed(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = field.count
        while start < end, field[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, field[end - 1] == UInt8(ascii: " ") { end -= 1 }
        if end - start >= 2, field[start] == UInt8(ascii: "\""), field[end - 1] == UInt8(ascii: "\"") {
            start += 1
            end -= 1
        }
        return UnsafeRawBufferPointer(rebasing: field[start..<end])
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses a plain decimal such as `-12.50`; falls back to the standard library for anything unusual.
    static func parseAmount(_ field: UnsafeRawBufferPointer) -> Double? {
        guard !field.isEmpty else { return nil }
        var index = 0
        var negative = false
        if field[0] == UInt8(ascii: "-") || field[0] == UInt8(ascii: "+") {
            negative = field[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < field.count {
            let byte = field[index]
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                digitCount += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        // Exact when the digits fit in 2^53 and the divisor is an exact power of ten: correctly rounded.
        if index == field.count, digitCount > 0, digitCount <= 15, fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        guard let value = Double(String(decoding: field, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
