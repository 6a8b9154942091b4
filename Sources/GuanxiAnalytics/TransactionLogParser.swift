import Foundation

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

    /// Open-addressing table of customer indices (-1: empty), keyed by the id's bytes; no String per lookup.
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var idHashes: [UInt64] = []
    /// The ids' bytes back to back; id i is idBytes[idOffsets[i]..<idOffsets[i + 1]].
    private var idBytes: [UInt8] = []
    private var idOffsets: [Int] = [0]
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
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in id { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        var index: Int32 = -1
        while true {
            let candidate = slots[slot]
            if candidate < 0 { break }
            if idHashes[Int(candidate)] == hash && storedID(Int(candidate), equals: id) {
                index = candidate
                break
            }
            slot = (slot + 1) & mask
        }
        if index < 0 {
            index = Int32(customerIDs.count)
            slots[slot] = index
            idHashes.append(hash)
            idBytes.append(contentsOf: id)
            idOffsets.append(idBytes.count)
            customerIDs.append(String(decoding: id, as: UTF8.self))
            if customerIDs.count * 2 > slots.count { growSlots() }
        }
        lastIDBytes.removeAll(keepingCapacity: true)
        lastIDBytes.append(contentsOf: id)
        lastIndex = index
        return index
    }

    private func storedID(_ index: Int, equals id: UnsafeRawBufferPointer) -> Bool {
        let start = idOffsets[index], end = idOffsets[index + 1]
        guard end - start == id.count else { return false }
        return idBytes.withUnsafeBufferPointer { stored in
            id.isEmpty || memcmp(stored.baseAddress! + start, id.baseAddress!, id.count) == 0
        }
    }

    private mutating func growSlots() {
        var grown = [Int32](repeating: -1, count: slots.count * 2)
        let mask = grown.count - 1
        for (index, hash) in idHashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
            while grown[slot] >= 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(index)
        }
        slots = grown
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
