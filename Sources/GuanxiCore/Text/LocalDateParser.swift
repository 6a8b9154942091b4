import Foundation

/// Dates and times as people write them in import files, parsed by hand because formatters are too slow per cell.
public enum LocalDateParser {
    /// 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305; only real calendar days.
    public static func date(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var scanner = Scanner(text)
        scanner.skipSpaces()
        guard let day = scanner.date() else { return nil }
        scanner.skipSpaces()
        return scanner.atEnd ? day : nil
    }

    /// Any date `date(_:)` accepts, alone (midnight) or followed by " HH:mm" or " HH:mm:ss" (or "T"), read in `timeZone`;
    /// an ISO 8601 time with "Z" or an offset such as "+08:00" keeps its own offset.
    public static func dateTime(_ text: String, timeZone: TimeZone) -> Date? {
        var scanner = Scanner(text)
        scanner.skipSpaces()
        guard let day = scanner.date() else { return nil }
        var seconds = Double(daysSince1970(day.year, day.month, day.day) * 86_400)
        var offset: Int?
        // A "T" must be followed by a time; spaces may just be trailing.
        let hasTime = scanner.take("T") || (scanner.skipSpaces() && !scanner.atEnd)
        if hasTime {
            guard let hour = scanner.number(digits: 1...2), hour < 24, scanner.take(":"),
                  let minute = scanner.number(digits: 2...2), minute < 60 else { return nil }
            var second = 0
            var fraction = 0.0
            if scanner.take(":") {
                guard let value = scanner.number(digits: 2...2), value < 60 else { return nil }
                second = value
                if scanner.take(".") || scanner.take(",") {
                    guard let digits = scanner.digitRun(), !digits.isEmpty else { return nil }
                    fraction = Double("0." + digits) ?? 0
                }
            }
            seconds += Double(hour * 3600 + minute * 60 + second) + fraction
            scanner.skipSpaces()
            if scanner.take("Z") || scanner.take("z") {
                offset = 0
            } else if let sign = scanner.take("+") ? 1 : scanner.take("-") ? -1 : nil {
                guard let hours = scanner.number(digits: 2...2), hours <= 14 else { return nil }
                var minutes = 0
                if scanner.take(":") {
                    guard let value = scanner.number(digits: 2...2) else { return nil }
                    minutes = value
                } else if let value = scanner.number(digits: 2...2) {
                    minutes = value
                }
                guard minutes < 60 else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
            }
            scanner.skipSpaces()
        }
        guard scanner.atEnd else { return nil }
        if let offset { return Date(timeIntervalSince1970: seconds - Double(offset)) }
        // Wall-clock time to an instant: take the zone's offset near that time, then settle it at the resulting instant.
        let guess = seconds - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        return Date(timeIntervalSince1970: seconds - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
    static func daysSince1970(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A cursor over the text's scalars.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ text: String) { scalars = Array(text.unicodeScalars) }

        var atEnd: Bool { index == scalars.count }

        mutating func take(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }

        /// Whether any space was skipped.
        @discardableResult
        mutating func skipSpaces() -> Bool {
            let start = index
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\u{3000}" { index += 1 }
            return index > start
        }

        mutating func digitRun() -> String? {
            var out = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                out.unicodeScalars.append(scalars[index])
                index += 1
            }
            return out
        }

        /// A number of exactly so many ASCII digits; the cursor only moves on success.
        mutating func number(digits allowed: ClosedRange<Int>) -> Int? {
            var value = 0, count = 0
            var end = index
            while end < scalars.count, count < allowed.upperBound, ("0"..."9").contains(scalars[end]) {
                value = value * 10 + Int(scalars[end].value - 0x30)
                count += 1
                end += 1
            }
            guard allowed.contains(count) else { return nil }
            index = end
            return value
        }

        mutating func date() -> (year: Int, month: Int, day: Int)? {
            let start = index
            guard let year = number(digits: 4...4) else { return nil }
            let parts: (Int, Int)
            if let compact = number(digits: 4...4) {
                // 20240305: eight digits with nothing between.
                parts = (compact / 100, compact % 100)
            } else {
                guard index < scalars.count else { index = start; return nil }
                let separator = scalars[index]
                guard "-/.年".unicodeScalars.contains(separator) else { index = start; return nil }
                index += 1
                guard let month = number(digits: 1...2),
                      take(separator == "年" ? "月" : separator),
                      let day = number(digits: 1...2) else { index = start; return nil }
                if separator == "年" { _ = take("日") }
                parts = (month, day)
            }
            let (month, day) = parts
            guard year >= 1, (1...12).contains(month), day >= 1, day <= DayParser.daysIn(month: month, year: year) else {
                index = start
                return nil
            }
            return (year, month, day)
        }
    }
}
