import Fluent
import FluentSQL
import SQLKit

/// Substring search over customers' search text, on the index each database offers.
///
/// SQLite: an FTS5 trigram index answers any query of three or more characters; shorter queries
/// (two-character Chinese names such as 王伟 are common) fall back to a LIKE scan, which stops
/// as soon as a page is full. PostgreSQL: a pg_trgm GIN index serves LIKE directly.
enum SubstringSearch {
    static func customerFilter(_ text: String, on database: any Database) throws -> DatabaseQuery.Filter {
        let sql = try database.sql()
        let pattern = "%" + escapeLike(text) + "%"
        if sql.dialect.name == "sqlite", text.count >= 3 {
            let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return .sql(embed: "\(ident: "customers").\(ident: "id") IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH \(bind: phrase))")
        }
        return .sql(embed: "\(ident: "customers").\(ident: "search_text") LIKE \(bind: pattern) ESCAPE '\\'")
    }

    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
