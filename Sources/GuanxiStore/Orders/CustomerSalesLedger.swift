import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Keeps each customer's sales figures (`customer_sales`) current: every write that changes an order's money
/// calls `refresh` in its own transaction, so the list and the 360 page never add up orders to show them.
public enum CustomerSalesLedger {
    /// The statuses that count as sales, as SQL text (our own constants, never user input).
    static let saleStatuses = OrderStatus.allCases.filter(\.isSale).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static func refresh(customerID: Int64, on db: any Database) async throws {
        let sql = try db.sql()
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n,
                   CAST(COALESCE(SUM(net_total - returned_net), 0) AS BIGINT) AS revenue,
                   CAST(COALESCE(SUM(net_total - returned_net - cost_total + returned_cost), 0) AS BIGINT) AS profit,
                   CAST(COALESCE(SUM(gross_total - returned_gross - paid_total + refunded_total), 0) AS BIGINT) AS outstanding
            FROM orders WHERE customer_id = \(bind: customerID) AND status IN (\(unsafeRaw: saleStatuses))
            """).first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        let sales = OrderStatus.allCases.filter(\.isSale)
        let first = try await Order.query(on: db).filter(\.$customer.$id == customerID).filter(\.$status ~~ sales)
            .sort(\.$orderedAt, .ascending).first()
        let last = try await Order.query(on: db).filter(\.$customer.$id == customerID).filter(\.$status ~~ sales)
            .sort(\.$orderedAt, .descending).first()
        let record = try await CustomerSales.find(customerID, on: db) ?? {
            let fresh = CustomerSales()
            fresh.id = customerID
            return fresh
        }()
        record.orderCount = count
        record.revenue = try row?.decode(column: "revenue", as: Int64.self) ?? 0
        record.grossProfit = try row?.decode(column: "profit", as: Int64.self) ?? 0
        record.outstanding = try row?.decode(column: "outstanding", as: Int64.self) ?? 0
        record.firstOrderAt = first?.orderedAt
        record.lastOrderAt = last?.orderedAt
        try await record.save(on: db)
    }

    /// The figures of these customers (one query), missing ones as zero.
    public static func figures(of customerIDs: [Int64], on db: any Database) async throws -> [Int64: CustomerSales] {
        guard !customerIDs.isEmpty else { return [:] }
        let rows = try await CustomerSales.query(on: db).filter(\.$id ~~ customerIDs).all()
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.id.map { ($0, row) } })
    }
}

extension CustomerSales {
    /// A customer that has bought nothing yet.
    public static func none(_ customerID: Int64) -> CustomerSales {
        let empty = CustomerSales()
        empty.id = customerID
        empty.orderCount = 0
        empty.revenue = 0
        empty.grossProfit = 0
        empty.outstanding = 0
        return empty
    }
}
