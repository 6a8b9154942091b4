import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// One row of a SELECT whose column list the caller fixed, read by column position.
///
/// On SQLite the values come straight from the driver's row and are converted the way SQLiteKit's own decoder
/// converts them, but without going through `Decodable`: on the customer list that decoder's generic machinery cost
/// more than the query. Other drivers are read through `SQLRow` by column name.
struct ResultRow {
    private enum Values {
        case sqlite([SQLiteColumn])
        case named(any SQLRow, columns: [String])
    }

    private let values: Values

    private init(_ values: Values) { self.values = values }

    func string(_ index: Int) throws -> String {
        switch values {
        case .sqlite(let row): return try Self.required(String(sqliteData: row[index].data), row[index])
        case .named(let row, let columns): return try row.decode(column: columns[index], as: String.self)
        }
    }

    func optionalString(_ index: Int) throws -> String? {
        switch values {
        case .sqlite(let row): return try Self.optional(row[index]) { String(sqliteData: $0) }
        case .named(let row, let columns): return try row.decode(column: columns[index], as: String?.self)
        }
    }

    func int64(_ index: Int) throws -> Int64 {
        switch values {
        case .sqlite(let row): return try Self.required(Int64(sqliteData: row[index].data), row[index])
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Int64.self)
        }
    }

    func optionalInt64(_ index: Int) throws -> Int64? {
        switch values {
        case .sqlite(let row): return try Self.optional(row[index]) { Int64(sqliteData: $0) }
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Int64?.self)
        }
    }

    func int(_ index: Int) throws -> Int {
        switch values {
        case .sqlite(let row): return try Self.required(Int(sqliteData: row[index].data), row[index])
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Int.self)
        }
    }

    func bool(_ index: Int) throws -> Bool {
        switch values {
        case .sqlite(let row): return try Self.required(Bool(sqliteData: row[index].data), row[index])
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Bool.self)
        }
    }

    func date(_ index: Int) throws -> Date {
        switch values {
        case .sqlite(let row): return try Self.required(Date(sqliteData: row[index].data), row[index])
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Date.self)
        }
    }

    func optionalDate(_ index: Int) throws -> Date? {
        switch values {
        case .sqlite(let row): return try Self.optional(row[index]) { Date(sqliteData: $0) }
        case .named(let row, let columns): return try row.decode(column: columns[index], as: Date?.self)
        }
    }

    private static func required<T>(_ value: T?, _ column: SQLiteColumn) throws -> T {
        guard let value else { throw UnreadableColumn(column: column.name, value: column.data.description, type: T.self) }
        return value
    }

    private static func optional<T>(_ column: SQLiteColumn, _ convert: (SQLiteData) -> T?) throws -> T? {
        if case .null = column.data { return nil }
        return try required(convert(column.data), column)
    }

    /// Runs `select`, which lists `columns` in this order, and reads every row with `read`.
    static func all<T>(_ select: SQLSelectBuilder, columns: [String], on database: any Database,
                       _ read: (ResultRow) throws -> T) async throws -> [T] {
        if let sqlite = database as? any SQLiteDatabase {
            let (text, binds) = select.database.serialize(select.query)
            // Logged as SQLKit logs the queries it runs itself, which this one bypasses.
            if let level = select.database.queryLogLevel {
                select.database.logger.log(level: level, "Executing query",
                                           metadata: ["sql": .string(text), "binds": .array(binds.map { .string("\($0)") })])
            }
            let encoder = SQLiteDataEncoder()
            let rows = try await sqlite.query(text, try binds.map { try encoder.encode($0) })
            return try rows.map { try read(ResultRow(.sqlite($0.columns))) }
        }
        return try await select.all().map { try read(ResultRow(.named($0, columns: columns))) }
    }
}

/// A column held a value of another type than its reader expects: a schema and code out of step.
struct UnreadableColumn: Error, CustomStringConvertible {
    let column: String
    let value: String
    let type: Any.Type

    var description: String { "column \(column) holds \(value), which does not read as \(type)" }
}
