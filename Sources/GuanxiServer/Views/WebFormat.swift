import Foundation
import GuanxiCore

/// How dates and money look on pages: in the company's time zone, minute precision.
struct WebFormat {
    let timeZone: TimeZone

    func dateTime(_ date: Date?) -> String {
        guard let date else { return "—" }
        return formatter("yyyy-MM-dd HH:mm").string(from: date)
    }

    func day(_ date: Date?) -> String {
        guard let date else { return "" }
        return formatter("yyyy-MM-dd").string(from: date)
    }

    /// The value of a `datetime-local` input.
    func inputDateTime(_ date: Date?) -> String {
        guard let date else { return "" }
        return formatter("yyyy-MM-dd'T'HH:mm").string(from: date)
    }

    func money(_ minor: Int64?) -> String {
        minor.map(MinorUnits.format) ?? ""
    }

    private func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter
    }
}
