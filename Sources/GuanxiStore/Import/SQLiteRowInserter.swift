import Foundation
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Bulk inserts through one prepared single-row statement on the connection's own `sqlite3` handle.
///
/// SQLiteNIO prepares every query afresh and copies each text into a C string before SQLite copies it once more. For
/// an import's multi-row INSERTs (2,500 rows of 24 values) that parsing and copying cost as much as the inserting
/// itself. Here the statement is prepared once per call and stepped once per row, and each row's texts are bound in
/// place from one reused buffer.
///
/// SQLiteNIO offers neither prepared statements nor its handle, so the handle is read off the connection by
/// reflection and checked (it must be inside the caller's transaction). Where that fails, as a later SQLiteNIO laid
/// out otherwise would make it, `handle(of:)` answers nil and `BulkWriter` goes on with multi-row statements.
enum SQLiteRowInserter {
    /// An open connection's `sqlite3*`, valid while the connection it came from is.
    struct Handle: @unchecked Sendable {
        let raw: OpaquePointer
    }

    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "SQLite error \(code): \(message)" }
    }

    /// The handle of the connection behind `database`, when it is inside a transaction (as a bulk load's always is).
    static func handle(of database: any SQLiteDatabase) async throws -> Handle? {
        try await database.withConnection { connection in
            guard let raw = Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer,
                  sqlite_nio_sqlite3_get_autocommit(raw) == 0 else { return nil }
            return Handle(raw: raw)
        }
    }

    /// Inserts rows `part` of `rows`, `shared` values after each row's own; the new rowids in order when `returning`.
    /// The work runs on NIO's thread pool, where SQLiteNIO runs its own.
    static func insert(_ table: String, _ columns: [String], _ rows: some BulkRowSource, _ part: Range<Int>,
                       _ shared: [(column: String, value: BulkValue)], returning: Bool, on handle: Handle) async throws -> [Int64] {
        let names = (columns + shared.map(\.column)).map { "\"\($0)\"" }.joined(separator: ",")
        let sql = "INSERT INTO \"\(table)\" (\(names)) VALUES (" + Array(repeating: "?", count: columns.count + shared.count).joined(separator: ",") + ")"
        let sharedValues = shared.map(\.value)
        return try await NIOThreadPool.singleton.runIfActive {
            try insert(sql, rows, part, sharedValues, returning, handle.raw)
        }
    }

    private static func insert(_ sql: String, _ rows: some BulkRowSource, _ part: Range<Int>, _ shared: [BulkValue],
                               _ returning: Bool, _ db: OpaquePointer) throws -> [Int64] {
        var prepared: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(db, sql, -1, 0, &prepared, nil), db)
        guard let statement = prepared else { return [] }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        var ids: [Int64] = []
        if returning { ids.reserveCapacity(part.count) }
        // One row's texts, end to end; offsets into it rather than pointers, as it may move while it fills.
        var texts: [UInt8] = []
        texts.reserveCapacity(4_096)
        var spans: [(column: Int32, start: Int, count: Int)] = []
        for index in part {
            texts.removeAll(keepingCapacity: true)
            texts.append(0)  // never empty, so an empty text gets a real pointer (a null one would bind NULL)
            spans.removeAll(keepingCapacity: true)
            var column: Int32 = 1
            func bind(_ value: BulkValue) throws {
                switch value {
                case .int(let number): try check(sqlite_nio_sqlite3_bind_int64(statement, column, number), db)
                case .bool(let flag): try check(sqlite_nio_sqlite3_bind_int64(statement, column, flag ? 1 : 0), db)
                case .date(let date): try check(sqlite_nio_sqlite3_bind_double(statement, column, date.timeIntervalSince1970), db)
                case .null: try check(sqlite_nio_sqlite3_bind_null(statement, column), db)
                case .text(let text):
                    let start = texts.count
                    texts.append(contentsOf: text.utf8)
                    spans.append((column, start, texts.count - start))
                }
                column += 1
            }
            for value in rows.row(index) { try bind(value) }
            for value in shared { try bind(value) }
            // SQLITE_STATIC (a nil destructor): SQLite reads the texts where they are during the step below, and every
            // one is bound afresh before the next.
            try texts.withUnsafeBufferPointer { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                for span in spans {
                    try check(sqlite_nio_sqlite3_bind_text64(statement, span.column, base + span.start, UInt64(span.count), nil, UInt8(SQLITE_UTF8)), db)
                }
                let stepped = sqlite_nio_sqlite3_step(statement)
                guard stepped == SQLITE_DONE else {
                    sqlite_nio_sqlite3_reset(statement)
                    throw failure(stepped, db)
                }
            }
            if returning { ids.append(sqlite_nio_sqlite3_last_insert_rowid(db)) }
            try check(sqlite_nio_sqlite3_reset(statement), db)
        }
        return ids
    }

    private static func check(_ code: Int32, _ db: OpaquePointer) throws {
        guard code == SQLITE_OK else { throw failure(code, db) }
    }

    private static func failure(_ code: Int32, _ db: OpaquePointer) -> Failure {
        Failure(code: code, message: sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "")
    }
}
