/// One CSV record and the physical line it starts on (1-based; a quoted field may span lines).
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Why a CSV file could not be read.
public enum CSVError: Error, Equatable, Sendable {
    case unterminatedQuote(line: Int)
    /// A quote inside a field that did not start with one; `column` is the 1-based field index.
    case quoteInUnquotedField(line: Int, column: Int)
}

/// An RFC 4180 reader over UTF-8 bytes: quoted fields with doubled quotes, CRLF/LF/CR line ends,
/// a leading byte-order mark skipped, blank lines skipped. Strings are built once per field.
public struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position: Int
    private var line = 1

    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    public mutating func next() throws(CSVError) -> CSVRecord? {
        // Skip blank lines.
        while position < bytes.count, bytes[position] == Self.cr || bytes[position] == Self.lf {
            consumeLineEnd()
        }
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var scratch: [UInt8] = []
        while true {
            if position < bytes.count, bytes[position] == Self.quote {
                // Quoted field: runs to the closing quote; "" stands for one quote.
                position += 1
                scratch.removeAll(keepingCapacity: true)
                var closed = false
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == Self.quote {
                        if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                            scratch.append(Self.quote)
                            position += 2
                            continue
                        }
                        position += 1
                        closed = true
                        break
                    }
                    if byte == Self.lf || (byte == Self.cr && (position + 1 >= bytes.count || bytes[position + 1] != Self.lf)) { line += 1 }
                    scratch.append(byte)
                    position += 1
                }
                guard closed else { throw .unterminatedQuote(line: startLine) }
                fields.append(String(decoding: scratch, as: UTF8.self))
                // After the closing quote only a delimiter or the line end may follow.
                if position < bytes.count, bytes[position] != delimiter, bytes[position] != Self.cr, bytes[position] != Self.lf {
                    throw .quoteInUnquotedField(line: line, column: fields.count)
                }
            } else {
                let start = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                    if byte == Self.quote { throw .quoteInUnquotedField(line: line, column: fields.count + 1) }
                    position += 1
                }
                fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            if position < bytes.count, bytes[position] == delimiter {
                position += 1
                continue
            }
            if position < bytes.count { consumeLineEnd() }
            return CSVRecord(line: startLine, fields: fields)
        }
    }

    private mutating func consumeLineEnd() {
        if bytes[position] == Self.cr, position + 1 < bytes.count, bytes[position + 1] == Self.lf { position += 2 } else { position += 1 }
        line += 1
    }

    /// Every record of a file.
    public static func records(_ bytes: [UInt8]) throws(CSVError) -> [CSVRecord] {
        var reader = CSVReader(bytes: bytes)
        var out: [CSVRecord] = []
        while let record = try reader.next() { out.append(record) }
        return out
    }
}

/// Writes CSV rows the way spreadsheets read them back.
public enum CSVWriter {
    public static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One row with CRLF at the end; fields quoted when needed.
    public static func row(_ fields: [String]) -> String {
        var out = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            out += escape(field)
        }
        return out + "\r\n"
    }

    static func escape(_ field: String) -> String {
        var field = field
        // A cell starting with = + - @ would run as a formula in a spreadsheet; plain numbers stay as they are.
        if let first = field.first, "=+-@".contains(first), Double(field) == nil { field = "'" + field }
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
