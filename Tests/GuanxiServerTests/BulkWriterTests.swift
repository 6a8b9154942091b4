import Fluent
import Foundation
import SQLiteNIO
import Testing
@testable import GuanxiStore

@Suite("Bulk writes")
struct BulkWriterTests {
    static let columns = ["sku", "name", "category", "unit", "list_price", "unit_cost", "brand", "manufacturer", "is_agent_product",
                          "launch_date", "active", "version", "created_at", "updated_at"]

    /// Texts that a statement built by pasting values together would get wrong, a long one (past the first buffer), an
    /// empty one (which must stay text, not NULL), NULL, both booleans, dates.
    static func rows(prefix: String) -> BulkRows {
        var rows = BulkRows(width: columns.count)
        let names = ["北京华信科技有限公司", "O'Brien \"Ltd\" ?, ?1", String(repeating: "长", count: 3_000), "", "😀 emoji"]
        for (index, name) in names.enumerated() {
            for value: BulkValue in [
                .text("\(prefix)-\(index)"), .text(name), .text(index == 3 ? "" : "传感器"), .text("个"), .int(Int64(index) * 1_000_001),
                .int(-5), .text(""), .text("制造商"), .bool(index % 2 == 0), index == 1 ? .null : .text("2026-0\(index + 1)-15"),
                .bool(index % 2 == 1), .int(1), .date(Date(timeIntervalSince1970: 1_790_000_000.25 + Double(index))),
                .date(Date(timeIntervalSince1970: 1_790_000_000)),
            ] { rows.append(value) }
        }
        return rows
    }

    @Test("Rows written one statement per row read back exactly as multi-row statements write them, ids in order")
    func rowByRowMatchesMultiRow() async throws {
        try await withGuanxi { app, _ in
            let (rowByRowIDs, multiRowIDs) = try await app.db.transaction { db in
                (try await BulkWriter.insert(into: Product.schema, columns: Self.columns, rows: Self.rows(prefix: "A"), returningIDs: true,
                                             rowByRow: true, on: db),
                 try await BulkWriter.insert(into: Product.schema, columns: Self.columns, rows: Self.rows(prefix: "B"), returningIDs: true, on: db))
            }
            #expect(rowByRowIDs.count == 5 && multiRowIDs.count == 5)
            let products = try await Product.query(on: app.db).sort(\.$id).all()
            #expect(try products.map { try $0.requireID() } == rowByRowIDs + multiRowIDs)
            func fields(_ product: Product) -> [String] {
                [product.name, product.category, product.unit, String(product.listPrice), String(product.unitCost), product.brand,
                 product.manufacturer, String(product.isAgentProduct), product.launchDate ?? "NULL", String(product.active),
                 String(product.createdAt.timeIntervalSince1970), String(product.updatedAt.timeIntervalSince1970)]
            }
            let (first, second) = (products.prefix(5), products.suffix(5))
            #expect(first.map { $0.sku } == (0..<5).map { "A-\($0)" })
            #expect(first.map(fields) == second.map(fields))
            #expect(first.map(\.name)[1] == "O'Brien \"Ltd\" ?, ?1" && first.map(\.name)[2].count == 3_000)
            #expect(first.map(\.category)[3] == "" && first.map(\.launchDate)[1] == nil)
        }
    }

    @Test("A row the database refuses fails the insert, names the reason, and the transaction leaves nothing behind")
    func rowByRowFailure() async throws {
        try await withGuanxi { app, _ in
            var rows = Self.rows(prefix: "C")
            rows[4, 0] = .text("C-0")  // the same SKU twice
            let refused = rows
            do {
                try await app.db.transaction { db in
                    try await BulkWriter.insert(into: Product.schema, columns: Self.columns, rows: refused, rowByRow: true, on: db)
                }
                Issue.record("a second row with the same SKU was written")
            } catch {
                #expect(String(reflecting: error).localizedCaseInsensitiveContains("unique"), "\(String(reflecting: error))")
            }
            let left = try await Product.query(on: app.db).count()
            #expect(left == 0)
        }
    }

    @Test("On SQLite the one-statement-per-row path is taken inside a transaction (and only there)")
    func rowByRowReachesTheConnection() async throws {
        try await withGuanxi { app, _ in
            guard let sqlite = app.db as? any SQLiteDatabase else { return }
            // Outside a transaction the connection is in autocommit mode; a bulk load always runs inside one.
            #expect(try await SQLiteRowInserter.handle(of: sqlite) == nil)
            let inside = try await app.db.transaction { db in
                try await SQLiteRowInserter.handle(of: db as! any SQLiteDatabase) != nil
            }
            #expect(inside, "the connection's handle is no longer found; bulk loads fell back to multi-row statements")
        }
    }
}
