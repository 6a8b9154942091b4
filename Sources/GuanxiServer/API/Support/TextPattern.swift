import Foundation
import GuanxiCore

/// A rule on a text's characters, stated twice from one place: as the regular expression the OpenAPI document
/// publishes and as the check the server runs. The two say the same thing; a test holds them to it.
public enum TextPattern: Sendable, CaseIterable {
    /// One line: no control character but the tab.
    case line
    /// Free text over several lines: no control character but the tab and line breaks.
    case text
    /// One line with at least one character that is not white space (what the server trims away).
    case name
    /// ASCII letters, digits, dot, dash and underscore, 3 to 32 of them (kept in lower case).
    case username
    /// A page cursor's alphabet: URL-safe base64 without padding.
    case cursor
    /// A day or a time whose year is 1900 to 2200: a five-digit year or the year 1 is a typing error.
    case year
    /// A phone number: nothing, or text with at least three digits.
    case phone
    /// ASCII letters and digits only.
    case code
    /// A month, YYYY-MM, in the years 1900 to 2200.
    case month
    /// A sales channel's code: a lower-case letter, then up to 39 lower-case letters, digits or `_`.
    case channelCode

    /// ECMA-262 / Python `re` compatible.
    public var regex: String {
        switch self {
        case .line: "^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*\(Self.end)"
        case .text: "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*\(Self.end)"
        case .name:
            "^[^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*[^\(Self.blankClass)][^\\u0000-\\u0008\\u000A-\\u001F\\u007F]*\(Self.end)"
        case .username: "^[A-Za-z0-9._-]{3,32}\(Self.end)"
        case .cursor: "^[A-Za-z0-9_-]+\(Self.end)"
        case .year: "^(19[0-9]{2}|2[01][0-9]{2}|2200)-"
        case .phone: "^((\\D*\\d){3}[\\s\\S]*)?\(Self.end)"
        case .code: "^[A-Za-z0-9]*\(Self.end)"
        case .month: "^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])\(Self.end)"
        case .channelCode: "^[a-z][a-z0-9_]{0,39}\(Self.end)"
        }
    }

    /// The end of the text. Not `$`, which Python's `re` (and so the test tools) lets match before a final line
    /// break, so that "abc\n" would fit a one-line pattern.
    static let end = "(?![\\s\\S])"

    /// Control characters and what `trimmingCharacters(in: .whitespacesAndNewlines)` removes.
    static let blankClass = "\\u0000-\\u0020\\u007F\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"

    /// Whether `text` follows the rule.
    public func matches(_ text: String) -> Bool {
        switch self {
        case .line: !CustomerRules.hasControlCharacter(text, allowingLineBreaks: false)
        case .text: !CustomerRules.hasControlCharacter(text, allowingLineBreaks: true)
        case .name:
            !CustomerRules.hasControlCharacter(text, allowingLineBreaks: false) && text.unicodeScalars.contains { !Self.isBlank($0) }
        case .username: text.unicodeScalars.allSatisfy(\.isASCII) && AccountRules.check(username: text.lowercased()) == nil
        case .cursor: !text.isEmpty && text.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        case .year: APIDates.year(of: text).map { (APIDates.firstYear...APIDates.lastYear).contains($0) } ?? false
        case .phone: text.isEmpty || CustomerRules.check(phone: text) != .invalidPhone
        case .month: text.utf8.count == 7 && Self.year.matches(text) && Int(text.suffix(2)).map { (1...12).contains($0) } == true
            && text.utf8.suffix(2).allSatisfy { (48...57).contains($0) }
        case .code: text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        case .channelCode:
            (1...40).contains(text.utf8.count) && text.utf8.first.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } == true
                && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
        }
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x20, 0x7F, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// What the server says of a text that breaks the rule.
    var issue: SchemaIssue {
        switch self {
        case .line, .text: .problem(.controlCharacter)
        case .name: .problem(.required)
        case .username: .problem(.invalidUsername)
        case .cursor: .invalidCursor
        case .year: .problem(.yearOutOfRange(minimum: APIDates.firstYear, maximum: APIDates.lastYear))
        case .phone: .problem(.invalidPhone)
        case .code: .problem(.notAllowed)
        case .month: .problem(.invalidDate)
        case .channelCode: .problem(.notAllowed)
        }
    }
}

private extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}

extension APIDates {
    /// The year a day or time starts with, when it starts with four or more digits and a dash.
    static func year(of text: String) -> Int? {
        let digits = text.utf8.prefix { (48...57).contains($0) }
        guard digits.count >= 4, digits.count <= 9, text.utf8.dropFirst(digits.count).first == UInt8(ascii: "-") else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// A day as RFC 3339 writes it (`full-date`): four, two and two ASCII digits of a day that exists.
    static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (48...57).contains($0.element) })
        else { return false }
        return DayParser.parse(text) != nil
    }

    /// An RFC 3339 `date-time`: `2024-05-01T08:30:00Z`, with optional fractions of a second and a `±HH:MM` offset
    /// (`t` and `z` in either case); nil for anything else.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for byte in b[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard b.count >= 20, isDay(String(decoding: b[0..<10], as: UTF8.self)), b[10] | 0x20 == UInt8(ascii: "t"),
              let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2), b[16] == UInt8(ascii: ":"),
              let second = number(17, 2), hour < 24, minute < 60, second < 60,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            var digits = 0, scale = 0.1
            index += 1
            while index < b.count, (48...57).contains(b[index]) {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard let hours = number(index + 1, 2), b.count > index + 3, b[index + 3] == UInt8(ascii: ":"),
                  let minutes = number(index + 4, 2), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        // Days since 1970-01-01 of the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: seconds + fraction)
    }
}
