import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// What every kind of import shares while its batches go through: the file's columns, who imports and when, how a
/// record becomes a row of trimmed cells, and how a problem is named by line and column. The kinds themselves are
/// `ImportKindProcessor`s.
struct ImportSession {
    let kind: ImportKind
    let fields: [Int: String]
    let headers: [String]
    let columnCount: Int
    let options: DataImporter.Options
    let context: ImportContext
    let actor: Actor
    let now: Date
    let timeZone: TimeZone
    /// Field name → column; looked up once per file, so a row is an array of cells rather than a dictionary.
    let columns: [String: Int]
    /// Whether the file holds any control byte at all; only then is each cell looked at for one.
    var checksControlCharacters = true

    init(kind: ImportKind, fields: [Int: String], headers: [String], columnCount: Int, options: DataImporter.Options,
         context: ImportContext, actor: Actor, now: Date, timeZone: TimeZone) {
        self.kind = kind
        self.fields = fields
        self.headers = headers
        self.columnCount = columnCount
        self.options = options
        self.context = context
        self.actor = actor
        self.now = now
        self.timeZone = timeZone
        self.columns = Dictionary(fields.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// One record's cells, trimmed, by column.
    struct Row {
        let line: Int
        let cells: [String]
        let columns: [String: Int]
        subscript(_ field: String) -> String { cell(columns[field]) }
        func cell(_ column: Int?) -> String {
            guard let column, column < cells.count else { return "" }
            return cells[column]
        }
    }

    /// The records as rows, each cell trimmed and freed of an export's formula guard. A record of empty cells only
    /// is skipped like a blank line; one wider than the header (empty trailing cells aside) or holding a control
    /// character is reported instead. A shorter one leaves the missing cells empty.
    func rows(_ records: consuming [CSVRecord], into report: inout ImportReport) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for index in records.indices {
            let line = records[index].line
            // The cells are taken out of the record rather than copied, so they are cleaned in place.
            var cells: [String] = []
            swap(&cells, &records[index].fields)
            for column in cells.indices {
                let cell = CSVWriter.unguarded(cells[column].trimmedWhitespace)
                if cell.utf8.count != cells[column].utf8.count { cells[column] = cell }
            }
            if cells.count > columnCount, cells[columnCount...].allSatisfy({ $0.isEmpty }) { cells.removeSubrange(columnCount...) }
            if cells.allSatisfy({ $0.isEmpty }) { continue }
            report.totalRows += 1
            if cells.count > columnCount {
                report.add(ImportProblem(line: line, column: "", reason: .wrongColumnCount(expected: columnCount, found: cells.count)))
                continue
            }
            if checksControlCharacters, let column = cells.firstIndex(where: { CustomerRules.hasControlCharacter($0, allowingLineBreaks: true) }) {
                let header = column < headers.count ? headers[column].trimmingCharacters(in: .whitespaces) : ""
                report.add(ImportProblem(line: line, column: header, reason: .field(.controlCharacter)))
                continue
            }
            rows.append(Row(line: line, cells: cells, columns: columns))
        }
        return rows
    }

    // MARK: Problems

    /// The file's header of a field's column; the field's own name when the file has no such column.
    func header(_ field: String) -> String {
        if let index = columns[field], index < headers.count { return headers[index] }
        return field
    }

    func problem(_ row: Row, _ field: String, _ reason: ImportProblemReason, _ report: inout ImportReport) {
        report.add(ImportProblem(line: row.line, column: header(field), reason: reason))
    }

    /// Reports `problem`, if any, under the field's column; whether there was one.
    func fieldProblem(_ row: Row, _ field: String, _ problem: FieldProblem?, _ report: inout ImportReport) -> Bool {
        guard let problem else { return false }
        report.add(ImportProblem(line: row.line, column: header(field), reason: .field(FieldProblemCode(problem))))
        return true
    }

    /// Reports what a record's rules refused (the fields named as the form and the API name them, which are the
    /// import's field names too), each under its column, in the file's column order; whether anything was refused.
    func fieldProblems(_ row: Row, _ problems: FieldProblems, _ report: inout ImportReport) -> Bool {
        guard !problems.isEmpty else { return false }
        let ordered = problems.problems.sorted { (columns[$0.key] ?? .max, $0.key) < (columns[$1.key] ?? .max, $1.key) }
        for (field, problem) in ordered { _ = fieldProblem(row, field, problem, &report) }
        return true
    }

    // MARK: Cells every kind reads alike

    /// A yes/no cell: nil when empty, and when it is neither (then reported, and `refused` set).
    func bool(_ row: Row, _ field: String, _ report: inout ImportReport, refused: inout Bool) -> Bool? {
        let cell = row[field]
        if cell.isEmpty { return nil }
        if let value = ImportValues.bool(cell) { return value }
        problem(row, field, .field(.invalidBoolean), &report)
        refused = true
        return nil
    }

    /// A day cell in any spelling `LocalDateParser` reads, as YYYY-MM-DD; empty when empty, and when it is no day
    /// (then reported, and `refused` set).
    func day(_ row: Row, _ field: String, _ report: inout ImportReport, refused: inout Bool) -> String {
        let cell = row[field]
        if cell.isEmpty { return "" }
        if let day = LocalDateParser.date(cell) { return String(format: "%04d-%02d-%02d", day.year, day.month, day.day) }
        refused = fieldProblem(row, field, .invalidDate, &report) || refused
        return ""
    }

    /// Customer cells → ids: a number is the id of a live customer; anything else (and a number no customer has as
    /// id, for customers named "007" or "12345") an exact (normalised) name that must be unambiguous.
    func resolveCustomers(_ cells: [String], _ db: any Database) async throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        let ids = Set(cells.compactMap { Int64($0) })
        if !ids.isEmpty {
            let found = try await Customer.query(on: db).filter(\.$id ~~ ids).filter(\.$deletedAt == nil).all(\.$id)
            for id in found { out[String(id)] = id }
        }
        let byName = cells.filter { !$0.isEmpty && out[$0] == nil }
        let names = Dictionary(byName.compactMap { cell in DuplicateKey.name(cell).map { ($0, cell) } }, uniquingKeysWith: { first, _ in first })
        if !names.isEmpty {
            let rows = try await db.sql().select().column("id").column("name_key").from(Customer.schema)
                .where(SQLColumn("name_key"), .in, SQLBind.group(Array(names.keys))).where("deleted_at", .is, SQLLiteral.null).all()
            var byKey: [String: [Int64]] = [:]
            for row in rows { byKey[try row.decode(column: "name_key", as: String.self), default: []].append(try row.decode(column: "id", as: Int64.self)) }
            for cell in byName {
                if let key = DuplicateKey.name(cell), let matches = byKey[key], matches.count == 1 { out[cell] = matches[0] }
            }
        }
        return out
    }

    /// The customer a row's `customer` cell names, or nil after reporting it as missing or unknown.
    func customer(_ row: Row, in customers: [String: Int64], _ report: inout ImportReport) -> Int64? {
        if let id = customers[row["customer"]] { return id }
        problem(row, "customer", row["customer"].isEmpty ? .field(.required) : .unknownCustomer(row["customer"]), &report)
        return nil
    }
}
