import SQLKit

/// A fixed SELECT list quoted once instead of on every query.
///
/// SQLKit quotes each identifier anew on every serialization (string interpolation, escaping, a dialect lookup that
/// FluentSQLiteDriver answers by building a new driver wrapper); for the customer list's 22 columns that was most of
/// the cost of turning the query into text. Both supported dialects quote identifiers the SQL-standard way, with
/// double quotes, and these names are fixed lower-case words.
struct QuotedColumns: SQLExpression {
    let sql: String

    init(_ names: [String], table: String? = nil) {
        let prefix = table.map { "\"\($0)\"." } ?? ""
        sql = names.map { "\(prefix)\"\($0)\"" }.joined(separator: ", ")
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
    }
}
