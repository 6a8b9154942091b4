import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Yearly document numbers, gapless: a number is taken inside the transaction that writes its document, so a
/// transaction that fails gives it back, and two instances writing at once wait on the same row for their turn.
enum DocumentSequence {
    /// The next number of `kind` in `year`, e.g. `Q-2026-00042`. Call inside the document's write transaction.
    static func next(_ kind: DocumentKind, year: Int, prefix: String, on db: any Database) async throws -> String {
        let sql = try db.sql()
        try await sql.insert(into: "document_sequences").columns("kind", "year", "last_number")
            .values(SQLBind(kind.rawValue), SQLBind(year), SQLBind(Int64(0)))
            .ignoringConflicts(with: ["kind", "year"]).run()
        let rows = try await sql.update("document_sequences")
            .set("last_number", to: SQLBinaryExpression(SQLColumn("last_number"), .add, SQLBind(Int64(1))))
            .where("kind", .equal, SQLBind(kind.rawValue)).where("year", .equal, SQLBind(year))
            .returning("last_number").all()
        guard let number = try rows.first?.decode(column: "last_number", as: Int64.self) else {
            throw GuanxiError.notFound(entity: "document sequence")
        }
        return DocumentNumber.format(prefix: prefix, year: year, sequence: number)
    }
}

/// A civil day in the company's time zone, as the `YYYY-MM-DD` text the sales tables keep.
public struct CompanyCalendar: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    public func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    public func year(_ date: Date) -> Int { calendar.component(.year, from: date) }

    /// `days` after the day `day` (YYYY-MM-DD), nil for a malformed day.
    public func day(_ day: String, plus days: Int) -> String? {
        guard let start = self.start(of: day), let later = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return self.day(later)
    }

    /// The first instant of a day, nil for a malformed day.
    public func start(of day: String) -> Date? {
        guard let (year, month, dayOfMonth) = DayParser.parse(day) else { return nil }
        return calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth))
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
