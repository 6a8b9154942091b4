/// Writes CSV rows the way spreadsheets read them back, without letting a cell run as a formula.
public enum CSVWriter {
    /// Excel only reads a UTF-8 CSV as UTF-8 when the file starts with this.
    public static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), space = UInt8(ascii: " ")
    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// The fields joined by commas with CRLF at the end; a field is quoted when it holds a comma, quote or line break,
    /// or starts or ends with a space, and gets a leading apostrophe when a spreadsheet would take it for a formula.
    public static func row(_ fields: [String]) -> String {
        var out = ""
        out.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(",") }
            append(field, to: &out)
        }
        out.append("\r\n")
        return out
    }

    static func append(_ field: String, to out: inout String) {
        let utf8 = field.utf8
        guard let first = utf8.first else { return }
        let apostrophe = looksLikeFormula(utf8)
        var needsQuotes = first == space || utf8.last == space
        if !needsQuotes {
            for byte in utf8 where byte == comma || byte == quote || byte == cr || byte == lf {
                needsQuotes = true
                break
            }
        }
        if needsQuotes { out.append("\"") }
        if apostrophe { out.append("'") }
        if needsQuotes, utf8.contains(quote) {
            for character in field.unicodeScalars {
                if character == "\"" { out.append("\"") }
                out.unicodeScalars.append(character)
            }
        } else {
            out.append(field)
        }
        if needsQuotes { out.append("\"") }
    }

    /// A cell as written before `row` guarded it: an import takes back the apostrophe an export put before a value
    /// such as "+86 138…" or "=1+2" (a value that itself starts with an apostrophe and then = + - @ loses it too).
    public static func unguarded(_ cell: String) -> String {
        guard cell.utf8.first == UInt8(ascii: "'") else { return cell }
        let rest = cell.dropFirst()
        return looksLikeFormula(rest.utf8) ? String(rest) : cell
    }

    /// Spreadsheets evaluate cells starting with = + - @ (and, per OWASP, tab and CR); signed numbers such as "-12.5" are left alone.
    static func looksLikeFormula<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        guard let first = utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: "\t"), cr: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(utf8.dropFirst())
        default: return false
        }
    }

    /// Digits with at most one decimal point and at least one digit.
    private static func isPlainNumber<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var digits = 0, points = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }
}
