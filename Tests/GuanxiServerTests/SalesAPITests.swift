import Foundation
import GuanxiCore
import Testing
import Vapor
@testable import GuanxiServer

/// Money in a JSON response as fen.
func fen(_ value: Any?) -> Int64? {
    guard let number = value as? NSNumber else { return nil }
    return NSDecimalNumber(string: "\(number)").multiplying(by: 100).rounding(accordingToBehavior: nil).int64Value
}

/// A company with a catalogue: two products sold by sales1's customer east-1.
struct SalesFixture {
    var company: TestCompany
    /// SKU → id: "P1" at ¥120.00 (cost ¥70.00, 13 %), "P2" at ¥45.50 (cost ¥20.00, 9 %), "OLD" inactive.
    var products: [String: Int] = [:]

    static func make(_ app: Application) async throws -> SalesFixture {
        var fixture = SalesFixture(company: try await TestCompany.make(app))
        for (sku, price, cost, rate, active) in [("P1", 120.0, 70.0, 13, true), ("P2", 45.5, 20.0, 9, true), ("OLD", 10.0, 5.0, 13, false)] {
            let created = try await fixture.company.admin.send(.POST, "/api/v1/products", json: [
                "sku": sku, "name": "产品 \(sku)", "list_price": price, "unit_cost": cost, "tax_rate": rate, "active": active,
            ])
            #expect(created.status == .created)
            fixture.products[sku] = try #require(created.object?["id"] as? Int)
        }
        return fixture
    }

    func customer(_ name: String) -> Int { company.customers[name]! }

    /// A quote for `customer` by `rep`: 3 × P1 less 10 %, and a free-text service line of ¥200.00 without cost.
    func quote(_ rep: String = "sales1", customer name: String = "east-1") async throws -> [String: Any] {
        let created = try await company.client(rep).send(.POST, "/api/v1/quotes", json: [
            "customer_id": customer(name),
            "lines": [["product_id": products["P1"]!, "quantity": 3, "discount_percent": 10],
                      ["description": "安装调试服务", "quantity": 1, "unit_price": 200]],
        ])
        #expect(created.status == .created, "\(created.json ?? "")")
        return try #require(created.object)
    }
}

@Suite("Sales API: quotes, orders, payments and returns")
struct SalesAPITests {
    @Test("a quote's lines and totals are right to the fen, with cost and margin; numbers count per year")
    func quoteTotals() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let quote = try await fixture.quote()
            // Prices include VAT (the default). P1: 3 × 120.00 = 360.00 less 36.00 = 324.00 gross; net 324 / 1.13 = 286.73;
            // cost 210.00. Service: 200.00 gross at 13 %: net 176.99, cost 0.
            let lines = try #require(quote["lines"] as? [[String: Any]])
            #expect(lines.count == 2)
            #expect(fen(lines[0]["gross_amount"]) == 32_400 && fen(lines[0]["net_amount"]) == 28_673 && fen(lines[0]["cost_amount"]) == 21_000)
            #expect(fen(lines[0]["discount_total"]) == 3_600 && fen(lines[0]["unit_price"]) == 12_000)
            #expect(fen(lines[1]["gross_amount"]) == 20_000 && fen(lines[1]["net_amount"]) == 17_699)
            #expect(fen(quote["gross_total"]) == 52_400)
            #expect(fen(quote["net_total"]) == 46_372 && fen(quote["tax_total"]) == 52_400 - 46_372)
            #expect(fen(quote["cost_total"]) == 21_000 && fen(quote["gross_margin"]) == 46_372 - 21_000)
            #expect(quote["number"] as? String == "Q-2026-00001" && quote["status"] as? String == "draft")
            let second = try await fixture.quote()
            #expect(second["number"] as? String == "Q-2026-00002")
        }
    }

    @Test("a sent quote is not edited but revised; earlier revisions stay readable; accepting makes one order, also when repeated")
    func quoteLifecycle() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let rep = fixture.company.client("sales1")
            let quote = try await fixture.quote()
            let id = try #require(quote["id"] as? Int)
            let edited = try await rep.send(.PATCH, "/api/v1/quotes/\(id)", json: ["version": 1, "notes": "含运费"])
            #expect(edited.status == .ok && edited.object?["notes"] as? String == "含运费")
            #expect(try await rep.send(.POST, "/api/v1/quotes/\(id)/accept").status == .conflict)
            let sent = try await rep.send(.POST, "/api/v1/quotes/\(id)/send")
            #expect(sent.object?["status"] as? String == "sent")
            let refused = try await rep.send(.PATCH, "/api/v1/quotes/\(id)", json: ["version": sent.object?["version"] as? Int ?? 0, "notes": "x"])
            #expect(refused.status == .conflict && refused.errorCode == "quote_not_editable")
            let revision = try await rep.send(.POST, "/api/v1/quotes/\(id)/revisions")
            #expect(revision.status == .created)
            #expect(revision.object?["revision"] as? Int == 2 && revision.object?["number"] as? String == quote["number"] as? String)
            #expect(fen(revision.object?["gross_total"]) == fen(quote["gross_total"]))
            let old = try await rep.send(.GET, "/api/v1/quotes/\(id)")
            #expect(old.object?["status"] as? String == "superseded" && old.object?["notes"] as? String == "含运费")
            #expect(try await rep.send(.PATCH, "/api/v1/quotes/\(id)", json: ["version": old.object?["version"] as? Int ?? 0, "notes": "y"]).status == .conflict)
            let revisionID = try #require(revision.object?["id"] as? Int)
            #expect(try await rep.send(.GET, "/api/v1/quotes/\(id)/revisions").items.count == 2)
            _ = try await rep.send(.POST, "/api/v1/quotes/\(revisionID)/send")
            let accepted = try await rep.send(.POST, "/api/v1/quotes/\(revisionID)/accept")
            #expect(accepted.status == .created)
            let order = try #require(accepted.object)
            #expect(order["number"] as? String == "O-2026-00001" && order["quote_id"] as? Int == revisionID)
            #expect(fen(order["gross_total"]) == 52_400 && fen(order["gross_profit"]) == 46_372 - 21_000)
            #expect((order["lines"] as? [[String: Any]])?.count == 2 && order["status"] as? String == "confirmed")
            let again = try await rep.send(.POST, "/api/v1/quotes/\(revisionID)/accept")
            #expect(again.status == .ok && again.object?["id"] as? Int == order["id"] as? Int)
            let orders = try await rep.send(.GET, "/api/v1/customers/\(fixture.customer("east-1"))/orders")
            #expect(orders.items.count == 1)
        }
    }

    @Test("accepting one quote from two instances at the same moment makes exactly one order")
    func concurrentAcceptance() async throws {
        try await withTwoInstances { app1, app2, _ in
            let fixture = try await SalesFixture.make(app1)
            let quote = try await fixture.quote()
            let id = try #require(quote["id"] as? Int)
            let rep1 = fixture.company.client("sales1")
            let rep2 = APIClient(app2, token: rep1.token)
            _ = try await rep1.send(.POST, "/api/v1/quotes/\(id)/send")
            async let first = rep1.send(.POST, "/api/v1/quotes/\(id)/accept")
            async let second = rep2.send(.POST, "/api/v1/quotes/\(id)/accept")
            let results = try await [first, second]
            #expect(Set(results.map(\.status.code)).isSubset(of: [200, 201]))
            #expect(results.filter { $0.status == .created }.count == 1)
            #expect(Set(results.compactMap { $0.object?["id"] as? Int }).count == 1)
            #expect(try await rep1.send(.GET, "/api/v1/orders").items.count == 1)
        }
    }

    @Test("order numbers stay unique and gapless when two instances create orders at once")
    func concurrentNumbering() async throws {
        try await withTwoInstances { app1, app2, _ in
            let fixture = try await SalesFixture.make(app1)
            let rep1 = fixture.company.client("sales1")
            let rep2 = APIClient(app2, token: rep1.token)
            let customer = fixture.customer("east-1"), product = fixture.products["P2"]!
            // Four in flight at a time, two on each instance: enough to meet each other's locks, few enough that on a
            // busy machine none waits out its turn for one of the test pool's connections.
            var numbers: [String] = []
            for _ in 0..<3 {
                numbers += try await withThrowingTaskGroup(of: String?.self) { group in
                    for index in 0..<4 {
                        let client = index % 2 == 0 ? rep1 : rep2
                        group.addTask {
                            let body: [String: Any] = ["customer_id": customer, "lines": [["product_id": product, "quantity": 1]]]
                            return try await client.send(.POST, "/api/v1/orders", json: body).object?["number"] as? String
                        }
                    }
                    var all: [String] = []
                    for try await number in group { if let number { all.append(number) } }
                    return all
                }
            }
            #expect(numbers.sorted() == (1...12).map { DocumentNumber.format(prefix: "O", year: 2026, sequence: Int64($0)) })
        }
    }

    @Test("payments and returns: outstanding, profit after returns, and what is refused")
    func paymentsAndReturns() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let rep = fixture.company.client("sales1")
            let created = try await rep.send(.POST, "/api/v1/orders", json: [
                "customer_id": fixture.customer("east-1"), "channel": "wechat", "payment_method": "wechat_pay", "payment_terms_days": 30,
                "lines": [["product_id": fixture.products["P2"]!, "quantity": 4]],
            ])
            #expect(created.status == .created)
            let order = try #require(created.object)
            let id = try #require(order["id"] as? Int)
            // 4 × 45.50 = 182.00 gross at 9 %: net 166.97, cost 80.00.
            #expect(fen(order["gross_total"]) == 18_200 && fen(order["net_total"]) == 16_697 && fen(order["cost_total"]) == 8_000)
            #expect(fen(order["outstanding"]) == 18_200 && order["due_date"] as? String == "2026-10-21")
            let tooMuch = try await rep.send(.POST, "/api/v1/orders/\(id)/payments", json: ["amount": 182.01])
            #expect(tooMuch.status == .unprocessableEntity && tooMuch.errorFields["amount"] != nil)
            #expect(try await rep.send(.POST, "/api/v1/orders/\(id)/payments", json: ["amount": 100, "method": "wechat_pay"]).status == .created)
            let early = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "破损", "lines": [["order_line_id": 1, "quantity": 1]]])
            #expect(early.status == .conflict && early.errorCode == "order_not_delivered")
            let current = try await rep.send(.GET, "/api/v1/orders/\(id)")
            let delivered = try await rep.send(.PATCH, "/api/v1/orders/\(id)", json: ["version": current.object?["version"] as? Int ?? 0, "status": "delivered"])
            #expect(delivered.status == .ok && delivered.object?["delivered_at"] is String)
            let lineID = try #require(((delivered.object?["lines"] as? [[String: Any]])?.first)?["id"] as? Int)
            let above = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "破损", "lines": [["order_line_id": lineID, "quantity": 5]]])
            #expect(above.status == .unprocessableEntity && above.errorFields["lines.0.quantity"] != nil)
            let noReason = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "", "lines": [["order_line_id": lineID, "quantity": 1]]])
            #expect(noReason.status == .unprocessableEntity && noReason.errorFields["reason"] != nil)
            let returned = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "破损", "lines": [["order_line_id": lineID, "quantity": 1]]])
            #expect(returned.status == .created)
            // One of four units back: 45.50 gross, 41.74 net (166.97 / 4 rounded), 20.00 cost; refunded 45.50 of the 100 paid.
            #expect(fen(returned.object?["gross_amount"]) == 4_550 && fen(returned.object?["refund_amount"]) == 4_550)
            let after = try #require(try await rep.send(.GET, "/api/v1/orders/\(id)").object)
            #expect(fen(after["revenue"]) == 16_697 - 4_174 && fen(after["gross_profit"]) == (16_697 - 4_174) - 6_000)
            // Owed: 182.00 less the 45.50 returned; paid: 100.00 less the 45.50 refunded.
            let owed: Int64 = (18_200 - 4_550) - (10_000 - 4_550)
            #expect(fen(after["outstanding"]) == owed, "\(after["outstanding"] ?? "")")
            // The rest of the line comes back to the fen: 3 more units give back exactly the remaining amounts.
            _ = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "不需要", "lines": [["order_line_id": lineID, "quantity": 3]], "refund_amount": 0])
            let empty = try #require(try await rep.send(.GET, "/api/v1/orders/\(id)").object)
            #expect(fen(empty["revenue"]) == 0 && fen(empty["gross_profit"]) == 0)
            let again = try await rep.send(.POST, "/api/v1/orders/\(id)/returns", json: ["reason": "x", "lines": [["order_line_id": lineID, "quantity": 0.001]]])
            #expect(again.status == .unprocessableEntity)
        }
    }

    @Test("every bad line and quote is refused under its field at once, and nothing is written")
    func badInput() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let rep = fixture.company.client("sales1")
            let bad = try await rep.send(.POST, "/api/v1/quotes", json: [
                "customer_id": fixture.customer("east-1"), "quote_date": "2026-09-20", "valid_until": "2026-09-01",
                "lines": [["product_id": fixture.products["P1"]!, "quantity": 0],
                          ["product_id": fixture.products["P1"]!, "quantity": 1, "discount_percent": 101],
                          ["description": "x", "quantity": 1, "unit_price": 10, "discount_amount": 10.01],
                          ["description": "x", "quantity": 1, "unit_price": -1],
                          ["quantity": 1, "unit_price": 5],
                          ["product_id": 999_999, "quantity": 1],
                          ["product_id": fixture.products["OLD"]!, "quantity": 1],
                          ["description": "x", "quantity": 1.0005]],
            ])
            #expect(bad.status == .unprocessableEntity)
            // The decoder stops at the malformed quantity of line 7; everything else is named at once below.
            #expect(bad.errorFields.keys.contains("lines.7.quantity"))
            var lines = bad
            lines = try await rep.send(.POST, "/api/v1/quotes", json: [
                "customer_id": fixture.customer("east-1"), "quote_date": "2026-09-20", "valid_until": "2026-09-01",
                "lines": [["product_id": fixture.products["P1"]!, "quantity": 0],
                          ["product_id": fixture.products["P1"]!, "quantity": 1, "discount_percent": 101],
                          ["description": "x", "quantity": 1, "unit_price": 10, "discount_amount": 10.01],
                          ["description": "x", "quantity": 1, "unit_price": -1],
                          ["quantity": 1, "unit_price": 5],
                          ["product_id": 999_999, "quantity": 1],
                          ["product_id": fixture.products["OLD"]!, "quantity": 1]],
            ])
            #expect(lines.status == .unprocessableEntity)
            #expect(Set(lines.errorFields.keys) == ["valid_until", "lines.0.quantity", "lines.1.discount_percent", "lines.2.discount_amount",
                                                   "lines.3.unit_price", "lines.4.description", "lines.5.product_id", "lines.6.product_id"])
            let unknownKey = try await rep.send(.POST, "/api/v1/quotes", json: [
                "customer_id": fixture.customer("east-1"), "lines": [["description": "x", "quantity": 1, "colour": "red"]],
            ])
            #expect(unknownKey.status == .unprocessableEntity && unknownKey.errorFields["lines.0.colour"] != nil)
            #expect(try await rep.send(.GET, "/api/v1/quotes").items.isEmpty)
            let noLines = try await rep.send(.POST, "/api/v1/orders", json: ["customer_id": fixture.customer("east-1"), "channel": "fax"])
            #expect(noLines.status == .unprocessableEntity && Set(noLines.errorFields.keys) == ["lines", "channel"])
            #expect(try await rep.send(.GET, "/api/v1/orders").items.isEmpty)
            #expect(try await rep.send(.GET, "/api/v1/orders?status=open").status == .badRequest)
            #expect(try await rep.send(.GET, "/api/v1/orders?from=2026-13-01").status == .badRequest)
            #expect(try await rep.send(.GET, "/api/v1/orders?customer_id=abc").status == .badRequest)
        }
    }

    @Test("sales records follow their customer: other reps get 404 everywhere, service reads without changing")
    func access() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let quote = try await fixture.quote()
            let quoteID = try #require(quote["id"] as? Int)
            let rep = fixture.company.client("sales1")
            let order = try await rep.send(.POST, "/api/v1/orders", json: ["customer_id": fixture.customer("east-1"),
                                                                           "lines": [["product_id": fixture.products["P1"]!, "quantity": 1]]])
            let orderID = try #require(order.object?["id"] as? Int)
            let opportunity = try await rep.send(.POST, "/api/v1/opportunities", json: ["customer_id": fixture.customer("east-1"), "title": "二期扩容", "amount": 50_000])
            let opportunityID = try #require(opportunity.object?["id"] as? Int)
            let records = ["/api/v1/quotes/\(quoteID)", "/api/v1/orders/\(orderID)", "/api/v1/opportunities/\(opportunityID)"]
            let other = fixture.company.client("sales3")
            for path in records {
                #expect(try await other.send(.GET, path).status == .notFound, "\(path)")
                #expect(try await other.send(.PATCH, path, json: ["version": 1, "notes": "x"]).status != .ok, "\(path)")
                #expect(try await other.send(.DELETE, path).status == .notFound, "\(path)")
            }
            #expect(try await other.send(.PATCH, records[2], json: ["version": 1, "title": "x"]).status == .notFound)
            #expect(try await other.send(.POST, "/api/v1/quotes/\(quoteID)/send").status == .notFound)
            #expect(try await other.send(.POST, "/api/v1/orders/\(orderID)/payments", json: ["amount": 1]).status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/customers/\(fixture.customer("east-1"))/orders").status == .notFound)
            for list in ["/api/v1/quotes", "/api/v1/orders", "/api/v1/opportunities"] {
                #expect(try await other.send(.GET, list).items.isEmpty, "\(list)")
                #expect(try await fixture.company.client("manager1").send(.GET, list).items.count == 1, "\(list)")
                #expect(try await fixture.company.client("analyst1").send(.GET, list).items.count == 1, "\(list)")
            }
            #expect(try await other.send(.GET, "/api/v1/pipeline").object?["count"] as? Int == 0)
            let service = fixture.company.client("service1")
            #expect(try await service.send(.GET, records[1]).status == .ok)
            #expect(try await service.send(.POST, "/api/v1/orders/\(orderID)/payments", json: ["amount": 1]).status == .forbidden)
            #expect(try await service.send(.PATCH, records[2], json: ["version": 1, "title": "x"]).status == .forbidden)
            let manager = fixture.company.client("manager1")
            #expect(try await manager.send(.POST, "/api/v1/orders/\(orderID)/payments", json: ["amount": 1]).status == .created)
        }
    }

    @Test("a customer's figures follow its orders: cancelled ones drop out, a merge brings the duplicate's orders along")
    func customerFigures() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let east1 = fixture.customer("east-1"), east2 = fixture.customer("east-2")
            for (rep, customer, quantity) in [("sales1", east1, 2), ("sales2", east2, 1), ("sales1", east1, 1)] {
                let created = try await fixture.company.client(rep).send(.POST, "/api/v1/orders", json: [
                    "customer_id": customer, "lines": [["product_id": fixture.products["P1"]!, "quantity": quantity]],
                ])
                #expect(created.status == .created)
            }
            let manager = fixture.company.client("manager1")
            let figures = try #require(try await manager.send(.GET, "/api/v1/customers/\(east1)/sales").object)
            // 3 × 120.00 gross at 13 %: net 106.19 + 212.39 (two units rounded once), cost 70.00 a unit.
            #expect(figures["order_count"] as? Int == 2 && fen(figures["revenue"]) == 10_619 + 21_239)
            #expect(fen(figures["gross_profit"]) == 10_619 + 21_239 - 21_000 && fen(figures["outstanding"]) == 36_000)
            let last = try await manager.send(.GET, "/api/v1/orders?customer_id=\(east1)").items.first
            let lastID = try #require(last?["id"] as? Int)
            _ = try await manager.send(.PATCH, "/api/v1/orders/\(lastID)", json: ["version": last?["version"] as? Int ?? 0, "status": "cancelled"])
            let cancelled = try #require(try await manager.send(.GET, "/api/v1/customers/\(east1)/sales").object)
            #expect(cancelled["order_count"] as? Int == 1 && fen(cancelled["revenue"]) == 21_239)
            #expect(try await manager.send(.POST, "/api/v1/customers/\(east1)/merge", json: ["duplicate_id": east2]).status == .ok)
            let merged = try #require(try await manager.send(.GET, "/api/v1/customers/\(east1)/sales").object)
            #expect(merged["order_count"] as? Int == 2 && fen(merged["revenue"]) == 21_239 + 10_619)
            #expect(try await manager.send(.GET, "/api/v1/customers/\(east1)/orders").items.count == 3)
        }
    }

    @Test("the expiry job marks sent quotes past their last day expired, once across two instances")
    func expiry() async throws {
        try await withTwoInstances { app1, app2, clock in
            let fixture = try await SalesFixture.make(app1)
            let rep = fixture.company.client("sales1")
            let created = try await rep.send(.POST, "/api/v1/quotes", json: [
                "customer_id": fixture.customer("east-1"), "quote_date": "2026-09-01", "valid_until": "2026-09-10",
                "lines": [["description": "方案", "quantity": 1, "unit_price": 1000]],
            ])
            let id = try #require(created.object?["id"] as? Int)
            let current = try await rep.send(.POST, "/api/v1/quotes/\(id)/send")
            #expect(current.object?["status"] as? String == "sent")
            async let ran1 = app1.guanxi.scheduler.runDueJobs(app1)
            async let ran2 = app2.guanxi.scheduler.runDueJobs(app2)
            let ran = await [ran1, ran2]
            #expect(ran.filter { $0.contains("quote-expiry") }.count == 1)
            let expired = try await rep.send(.GET, "/api/v1/quotes/\(id)")
            #expect(expired.object?["status"] as? String == "expired")
            #expect(try await rep.send(.POST, "/api/v1/quotes/\(id)/accept").status == .conflict)
            #expect(try await rep.send(.POST, "/api/v1/quotes/\(id)/revisions").status == .created)
            _ = clock
        }
    }
}
