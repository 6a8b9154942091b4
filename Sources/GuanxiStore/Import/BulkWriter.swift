import Fluent
import Foundation
import SQLKit
import SQLiteNIO

/// One cell of a bulk insert.
public enum BulkValue: Sendable {
    case int(Int64)
    case text(String)
    case bool(Bool)
    case date(Date)
    case null

    static func text(_ value: String?) -> BulkValue { value.map(BulkValue.text) ?? .null }
    static func int(_ value: Int64?) -> BulkValue { value.map(BulkValue.int) ?? .null }
    static func date(_ value: Date?) -> BulkValue { value.map(BulkValue.date) ?? .null }
}

/// Rows of a bulk insert one after another in one array, `width` values each: a batch of an import allocates its
/// values once rather than once per row.
public struct BulkRows: Sendable {
    public let width: Int
    private var values: [BulkValue] = []

    public init(width: Int, reservingRows rows: Int = 0) {
        self.width = width
        values.reserveCapacity(width * rows)
    }

    public var count: Int { values.count / width }

    /// Adds one value of the row being appended; a row is complete after `width` of them.
    public mutating func append(_ value: BulkValue) { values.append(value) }

    public subscript(row: Int, column: Int) -> BulkValue {
        get { values[row * width + column] }
        set { values[row * width + column] = newValue }
    }
}

/// What a bulk insert takes its rows from: whole rows, or one flat array.
protocol BulkRowSource: Sendable {
    var rowCount: Int { get }
    func row(_ index: Int) -> ArraySlice<BulkValue>
}

extension Array: BulkRowSource where Element == [BulkValue] {
    var rowCount: Int { count }
    func row(_ index: Int) -> ArraySlice<BulkValue> { self[index][...] }
}

extension BulkRows: BulkRowSource {
    var rowCount: Int { count }
    func row(_ index: Int) -> ArraySlice<BulkValue> { values[index * width..<(index + 1) * width] }
}

/// Multi-row INSERTs for imports and demo data. On SQLite the values go to the driver as they are
/// (no per-value Encodable round trip), which is what makes a million rows a matter of seconds.
public enum BulkWriter {
    /// Inserts the rows in chunks; returns the new ids in row order when `returningIDs`. `shared` columns have the
    /// same value in every row; on SQLite they are bound once per statement instead of once per row.
    @discardableResult
    public static func insert(into table: String, columns: [String], rows: [[BulkValue]], shared: [(column: String, value: BulkValue)] = [],
                              returningIDs: Bool = false, on database: any Database) async throws -> [Int64] {
        try await insert(table, columns, rows, shared, returningIDs, database)
    }

    /// The same for rows in one flat array (`rows.width == columns.count`). `rowByRow`: on SQLite, inside a
    /// transaction, one prepared statement stepped once per row (`SQLiteRowInserter`), which costs less than
    /// multi-row statements for a table without full-text upkeep per row; a full-text index would flush its postings
    /// after every statement.
    @discardableResult
    public static func insert(into table: String, columns: [String], rows: BulkRows, shared: [(column: String, value: BulkValue)] = [],
                              returningIDs: Bool = false, rowByRow: Bool = false, on database: any Database) async throws -> [Int64] {
        precondition(rows.width == columns.count, "\(rows.width) values per row for \(columns.count) columns")
        if rowByRow, rows.count > 0, let sqlite = database as? any SQLiteDatabase, let handle = try await SQLiteRowInserter.handle(of: sqlite) {
            return try await SQLiteRowInserter.insert(table, columns, rows, 0..<rows.count, shared, returning: returningIDs, on: handle)
        }
        return try await insert(table, columns, rows, shared, returningIDs, database)
    }

    private static func insert(_ table: String, _ columns: [String], _ rows: some BulkRowSource, _ shared: [(column: String, value: BulkValue)],
                               _ returningIDs: Bool, _ database: any Database) async throws -> [Int64] {
        guard rows.rowCount > 0 else { return [] }
        let sqlite = database as? any SQLiteDatabase
        // Large statements: SQLite's full-text index flushes (and merges) once per statement, so fewer and larger
        // statements cost less; 60,000 values stay under PostgreSQL's 65,535 bind parameters.
        let chunk = max(1, min(2_500, 60_000 / max(columns.count + (sqlite == nil ? shared.count : 0), 1)))
        var ids: [Int64] = []
        if returningIDs { ids.reserveCapacity(rows.rowCount) }
        var start = 0
        while start < rows.rowCount {
            let part = start..<min(start + chunk, rows.rowCount)
            if let sqlite {
                ids += try await insertSQLite(table, columns, rows, part, shared, returningIDs, sqlite)
            } else {
                ids += try await insertSQL(table, columns, rows, part, shared, returningIDs, try database.sql())
            }
            start += chunk
        }
        return ids
    }

    private static func insertSQLite(_ table: String, _ columns: [String], _ rows: some BulkRowSource, _ part: Range<Int>,
                                     _ shared: [(column: String, value: BulkValue)], _ returning: Bool,
                                     _ database: any SQLiteDatabase) async throws -> [Int64] {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let names = (columns + shared.map(\.column)).map { "\"\($0)\"" }.joined(separator: ",")
        var sql = "INSERT INTO \"\(table)\" (" + names + ") "
        if shared.isEmpty {
            sql += "VALUES "
        } else {
            // The shared values' placeholders come first in the text, so they are bound first.
            sql += "SELECT " + (1...columns.count).map { "column\($0)" }.joined(separator: ",") + ","
                + Array(repeating: "?", count: shared.count).joined(separator: ",") + " FROM (VALUES "
        }
        sql += Array(repeating: placeholders, count: part.count).joined(separator: ",")
        if !shared.isEmpty { sql += ")" }
        if returning { sql += " RETURNING id" }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(part.count * columns.count + shared.count)
        func append(_ value: BulkValue) {
            switch value {
            case .int(let number): binds.append(.integer(Int(number)))
            case .text(let text): binds.append(.text(text))
            case .bool(let flag): binds.append(.integer(flag ? 1 : 0))
            case .date(let date): binds.append(.float(date.timeIntervalSince1970))
            case .null: binds.append(.null)
            }
        }
        for value in shared { append(value.value) }
        for index in part {
            for value in rows.row(index) { append(value) }
        }
        let result = try await database.query(sql, binds)
        return returning ? result.compactMap { $0.column("id")?.integer.map(Int64.init) } : []
    }

    private static func insertSQL(_ table: String, _ columns: [String], _ rows: some BulkRowSource, _ part: Range<Int>,
                                  _ shared: [(column: String, value: BulkValue)], _ returning: Bool,
                                  _ database: any SQLDatabase) async throws -> [Int64] {
        func expression(_ value: BulkValue) -> any SQLExpression {
            switch value {
            case .int(let number): SQLBind(number)
            case .text(let text): SQLBind(text)
            case .bool(let flag): SQLBind(flag)
            case .date(let date): SQLBind(date)
            case .null: SQLLiteral.null
            }
        }
        let sharedValues = shared.map { expression($0.value) }
        var builder = database.insert(into: table).columns(columns + shared.map(\.column))
        for index in part {
            builder = builder.values(rows.row(index).map(expression) + sharedValues)
        }
        guard returning else {
            try await builder.run()
            return []
        }
        return try await builder.returning("id").all().map { try $0.decode(column: "id", as: Int64.self) }
    }
}
