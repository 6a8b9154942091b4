import Foundation
import Testing
import Vapor
@testable import GuanxiServer

@Suite("Order import", .serialized)
struct OrderImportTests {
    static let header = "订单号,客户,下单日期,产品编号,描述,数量,单价,折扣,单位成本,渠道,付款方式,状态,交付日期,已付金额\n"

    @Test("rows grouped into orders by number, priced by the line rules; the customer's figures follow; a dry run writes nothing")
    func groupsAndPrices() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let admin = fixture.company.admin
            let customer = fixture.customer("east-1")
            let csv = Self.header + """
                SO-1,\(customer),2026-03-02,P1,,2,,10%,,网店,支付宝,已完成,2026-03-05,216
                SO-1,\(customer),2026-03-02,,安装服务,1,50.00,,,网店,支付宝,已完成,2026-03-05,
                SO-2,客户 east-1,2026-04-10,P2,,1.5,,,18,微信,微信支付,confirmed,,

                """
            let dry = try await admin.send(.POST, "/api/v1/imports/orders?dry_run=true", bytes: Array(csv.utf8), contentType: "text/csv")
            #expect(dry.status == .ok && dry.object?["written_rows"] as? Int == 0 && (dry.object?["problems"] as? [Any])?.isEmpty == true)
            #expect(try await admin.send(.GET, "/api/v1/orders").items.isEmpty)
            let real = try await admin.send(.POST, "/api/v1/imports/orders", bytes: Array(csv.utf8), contentType: "text/csv")
            #expect(real.object?["written_rows"] as? Int == 3, "\(real.json ?? "")")
            let orders = try await admin.send(.GET, "/api/v1/orders?customer_id=\(customer)").items
            #expect(orders.map { $0["number"] as? String ?? "" }.sorted() == ["SO-1", "SO-2"])
            let first = try #require(orders.first { $0["number"] as? String == "SO-1" })
            // 2 × 120.00 less 10 % = 216.00 gross, plus 50.00: 266.00 gross, paid 216.00.
            #expect(fen(first["gross_total"]) == 26_600 && fen(first["outstanding"]) == 5_000)
            #expect(first["channel"] as? String == "online_store" && first["status"] as? String == "completed" && first["delivered_at"] is String)
            let second = try #require(orders.first { $0["number"] as? String == "SO-2" })
            // 1.5 × 45.50 = 68.25 gross at 9 %: net 62.61; cost 1.5 × 18.00 = 27.00 (the file's, not the product's).
            #expect(fen(second["gross_total"]) == 6_825 && fen(second["net_total"]) == 6_261 && fen(second["cost_total"]) == 2_700)
            let sales = try #require(try await admin.send(.GET, "/api/v1/customers/\(customer)/sales").object)
            #expect(sales["order_count"] as? Int == 2 && fen(sales["revenue"]) == fen(first["net_total"])! + 6_261)
            let again = try await admin.send(.POST, "/api/v1/imports/orders", bytes: Array(csv.utf8), contentType: "text/csv")
            #expect(again.object?["written_rows"] as? Int == 0)
            let problems = try #require(again.object?["problems"] as? [[String: Any]])
            #expect(problems.first?["column"] as? String == "订单号")
        }
    }

    @Test("bad lines are named by line and column; lines of one order apart are refused")
    func problems() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let customer = fixture.customer("east-1")
            let csv = Self.header + """
                A-1,\(customer),2026-03-02,P1,,0,,,,,,,,
                A-2,\(customer),2026-03-02,NOPE,,1,,,,,,,,
                A-3,\(customer),2026-03-02,,,1,10,,,,,,,
                A-4,\(customer),2026-03-02,P1,,1,,120%,,传真,,,,
                A-1,\(customer),2026-03-02,P1,,1,,,,,,,,
                A-5,无此客户,2026-13-02,OLD,,1,,,,,,,,

                """
            let result = try await fixture.company.admin.send(.POST, "/api/v1/imports/orders", bytes: Array(csv.utf8), contentType: "text/csv")
            let problems = try #require(result.object?["problems"] as? [[String: Any]]).map { "\($0["line"] ?? ""):\($0["column"] ?? "")" }
            #expect(Set(problems) == ["2:数量", "3:产品编号", "4:描述", "5:折扣", "5:渠道", "6:订单号", "7:客户", "7:下单日期", "7:产品编号"])
            #expect(result.object?["written_rows"] as? Int == 0)
        }
    }

    @Test("one bad line in 100,000 writes nothing at all")
    func atomic() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let customer = fixture.customer("east-1")
            var csv = Self.header
            csv.reserveCapacity(100_000 * 48)
            for line in 0..<100_000 {
                let quantity = line == 77_777 ? "-1" : "1"
                csv += "N-\(line / 4),\(customer),2026-05-01,P2,,\(quantity),,,,,,,,\n"
            }
            let result = try await fixture.company.admin.send(.POST, "/api/v1/imports/orders", bytes: Array(csv.utf8), contentType: "text/csv")
            #expect(result.object?["total_rows"] as? Int == 100_000 && result.object?["written_rows"] as? Int == 0)
            let problems = try #require(result.object?["problems"] as? [[String: Any]])
            #expect(problems.count == 1 && problems.first?["line"] as? Int == 77_779)
            #expect(try await fixture.company.admin.send(.GET, "/api/v1/orders").items.isEmpty)
        }
    }
}
