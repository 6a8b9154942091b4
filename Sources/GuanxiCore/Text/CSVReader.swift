/// An RFC 4180 reader over UTF-8 bytes: quoted fields with doubled quotes, CRLF/LF/CR line ends,
/// a leading byte-order mark and blank lines skipped. Strings are built once per field.
public struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position: Int
    private var line = 1
    // Records of one file nearly always have the same width; reserving it avoids regrowing every field array.
    private var expectedFields = 8

    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = bytes.starts(with: CSVWriter.utf8BOM) ? 3 : 0
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// The next record, nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        // Locals, so the buffer can be read while the cursor moves without overlapping accesses to self.
        var position = position
        var line = line
        defer {
            self.position = position
            self.line = line
        }
        let delimiter = delimiter
        let capacity = expectedFields
        let record = try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in
            try Self.read(buffer, position: &position, line: &line, delimiter: delimiter, capacity: capacity)
        }
        if let record { expectedFields = record.fields.count }
        return record
    }

    /// Every record of a file.
    public static func records(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVError) -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter)
        var out: [CSVRecord] = []
        while let record = try reader.next() { out.append(record) }
        return out
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, position: inout Int, line: inout Int,
                             delimiter: UInt8, capacity: Int) throws(CSVError) -> CSVRecord? {
        let end = bytes.count
        // A line end right where a record would start is a blank line.
        while position < end, bytes[position] == cr || bytes[position] == lf {
            consumeLineEnd(bytes, &position, &line)
        }
        guard position < end else { return nil }
        let startLine = line
        var fields: [String] = []
        fields.reserveCapacity(capacity)
        while true {
            if position < end, bytes[position] == quote {
                position += 1
                var segmentStart = position
                // Only filled when the field has a doubled quote; most quoted fields are taken straight from the input.
                var unescaped: [UInt8] = []
                var closed = false
                while position < end {
                    let byte = bytes[position]
                    if byte == quote {
                        if position + 1 < end, bytes[position + 1] == quote {
                            unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[segmentStart...position]))
                            position += 2
                            segmentStart = position
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == lf || (byte == cr && (position + 1 == end || bytes[position + 1] != lf)) { line += 1 }
                    position += 1
                }
                guard closed else { throw .unterminatedQuote(line: startLine) }
                let tail = UnsafeBufferPointer(rebasing: bytes[segmentStart..<position])
                if unescaped.isEmpty {
                    fields.append(String(decoding: tail, as: UTF8.self))
                } else {
                    unescaped.append(contentsOf: tail)
                    fields.append(String(decoding: unescaped, as: UTF8.self))
                }
                position += 1
                // After the closing quote only a delimiter or the line end may follow.
                if position < end, bytes[position] != delimiter, bytes[position] != cr, bytes[position] != lf {
                    throw .quoteInUnquotedField(line: line, column: fields.count)
                }
            } else {
                let start = position
                while position < end {
                    let byte = bytes[position]
                    if byte == delimiter || byte == cr || byte == lf { break }
                    if byte == quote { throw .quoteInUnquotedField(line: line, column: fields.count + 1) }
                    position += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
            }
            if position < end, bytes[position] == delimiter {
                position += 1
                continue
            }
            if position < end { consumeLineEnd(bytes, &position, &line) }
            return CSVRecord(line: startLine, fields: fields)
        }
    }

    private static func consumeLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ line: inout Int) {
        if bytes[position] == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 2 } else { position += 1 }
        line += 1
    }
}
