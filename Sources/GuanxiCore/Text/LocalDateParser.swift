import Foundation

/// Dates and times as people write them in import files.
public enum LocalDateParser {
    /// 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305; only real calendar days.
    public static func date(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let text = text.trimmedWhitespace
        var parts: [Int] = []
        if text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            parts = [Int(text.prefix(4))!, Int(text.dropFirst(4).prefix(2))!, Int(text.suffix(2))!]
        } else {
            let cleaned = text.hasSuffix("日") ? String(text.dropLast()) : text
            let pieces = cleaned.split(whereSeparator: { "-/.年月".contains($0) }).map(String.init)
            guard pieces.count == 3, pieces[0].count == 4, pieces[1].count <= 2, pieces[2].count <= 2 else { return nil }
            for piece in pieces {
                guard let value = Int(piece) else { return nil }
                parts.append(value)
            }
        }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard (1...12).contains(month), day >= 1, day <= DayParser.daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    /// A date alone (midnight), a date with " HH:mm[:ss]" or "T", read in `timeZone`; ISO 8601 with Z or an offset keeps its own.
    public static func dateTime(_ text: String, timeZone: TimeZone) -> Date? {
        let text = text.trimmedWhitespace
        guard !text.isEmpty else { return nil }
        if text.hasSuffix("Z") || text.range(of: #"[+-]\d{2}:?\d{2}$"#, options: .regularExpression) != nil,
           text.contains("T") || text.contains(" ") {
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text.replacingOccurrences(of: " ", with: "T")) { return date }
        }
        let pieces = text.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard (1...2).contains(pieces.count), let day = date(pieces[0]) else { return nil }
        var hour = 0, minute = 0, second = 0
        if pieces.count == 2 {
            let time = pieces[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }) else { return nil }
            hour = time[0]!; minute = time[1]!; second = time.count == 3 ? time[2]! : 0
            guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second))
    }
}
