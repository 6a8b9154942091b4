import Fluent
import Foundation
import FluentSQL
import SQLKit

/// Substring search over customers' search text, on the index each database offers.
///
/// SQLite keeps an FTS5 trigram index. For each query it estimates from the index's vocabulary how many customers
/// match: a rare substring is answered from the index (its rarest trigrams together, then each candidate checked for
/// the whole text); a common one by scanning newest-first, which finds a page
/// of matches after a few hundred rows. Two-character queries (Chinese names such as 王伟) use the trigrams that
/// start with them — the search text ends with a space, so every two characters begin some trigram. Single
/// characters are scanned. PostgreSQL serves LIKE from a pg_trgm GIN index.
enum SubstringSearch {
    /// Above this many estimated matches a scan stops sooner than the index answers.
    static let commonThreshold = 5_000

    /// What a search may remember between requests, and when it runs.
    struct Context {
        var common: CommonSubstrings?
        var now: Date
    }

    static func customerCondition(_ text: String, on database: any Database, _ context: Context) async throws -> SQLQueryString {
        let sql = try database.sql()
        guard sql.dialect.name == "sqlite" else {
            return "\(ident: "customers").\(ident: "search_text") LIKE \(bind: "%" + escapeLike(text) + "%") ESCAPE '\\'"
        }
        // Search text and query are both lower-cased, so a plain substring test is what LIKE '%…%' would answer,
        // at two thirds of its cost per row scanned (LIKE folds case and walks its pattern character by character).
        let scan: SQLQueryString = "instr(\(ident: "customers").\(ident: "search_text"), \(bind: text)) > 0"
        guard text.count >= 2, context.common?.isCommon(text, at: context.now) != true else { return scan }
        guard let indexed = try await indexedCondition(text, scan: scan, on: sql, context) else { return scan }
        // Customers of a large load that `IndexCatchUp` has not reached yet are not in the index: they are scanned.
        let pause = try await sql.raw("SELECT MIN(first_customer_id) AS first FROM search_index_pauses").first()
        guard let firstUnindexed = try pause?.decode(column: "first", as: Int64?.self) else { return indexed }
        return "(" + indexed + " OR (\(ident: "customers").\(ident: "id") >= \(bind: firstUnindexed) AND " + scan + "))"
    }

    /// What the trigram index answers for `text`; nil when the text is so common that a scan finds a page sooner.
    private static func indexedCondition(_ text: String, scan: SQLQueryString, on sql: any SQLDatabase,
                                         _ context: Context) async throws -> SQLQueryString? {
        let match: String
        let estimate: Int
        // Migration 008 keeps no positions in the index, so a longer text is found by its rarest trigrams together
        // and each candidate's search text is then checked for the text itself.
        var verify = false
        if text.count == 2 {
            let rows = try await sql.raw("""
                SELECT term, doc FROM customer_fts_vocab WHERE term >= \(bind: text) AND term < \(bind: text + "\u{10FFFF}")
                """).all()
            let terms = try rows.map { try $0.decode(column: "term", as: String.self) }
            guard !terms.isEmpty else { return "1 = 0" }
            estimate = try rows.reduce(0) { $0 + (try $1.decode(column: "doc", as: Int.self)) }
            match = terms.map(quoted).joined(separator: " OR ")
        } else {
            let characters = Array(text)
            let trigrams = Set((0...(characters.count - 3)).map { String(characters[$0..<($0 + 3)]) })
            let rows = try await sql.raw("""
                SELECT term, doc FROM customer_fts_vocab WHERE term IN \(SQLBind.group(Array(trigrams)))
                """).all()
            // A trigram nobody has means no customer matches.
            guard rows.count == trigrams.count else { return "1 = 0" }
            let documents = try rows.map { (term: try $0.decode(column: "term", as: String.self), doc: try $0.decode(column: "doc", as: Int.self)) }
            estimate = documents.map(\.doc).min() ?? 0
            let rarest = documents.sorted { ($0.doc, $0.term) < ($1.doc, $1.term) }.prefix(intersectedTrigrams)
            match = rarest.map { quoted($0.term) }.joined(separator: " AND ")
            verify = characters.count > 3
        }
        if estimate > commonThreshold {
            context.common?.remember(text, at: context.now)
            return nil
        }
        let indexed: SQLQueryString = "\(ident: "customers").\(ident: "id") IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH \(bind: match))"
        return verify ? "(" + indexed + " AND " + scan + ")" : indexed
    }

    /// How many of a text's trigrams the index intersects. The rarest three narrow a million customers to a handful
    /// of candidates; intersecting every trigram of a long text read posting lists that narrowed nothing further
    /// (an e-mail domain of 17 trigrams: 33 ms against 0.6 ms for its rarest three).
    static let intersectedTrigrams = 3

    static func quoted(_ phrase: String) -> String {
        "\"" + phrase.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
