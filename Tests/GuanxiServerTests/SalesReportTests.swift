import Foundation
import Testing
import Vapor
@testable import GuanxiServer
@testable import GuanxiStore

@Suite("Sales reports and targets")
struct SalesReportTests {
    @Test("ISO weeks, quarters and the periods before")
    func periods() {
        #expect(SalesReport.bucket("2026-01-01", .week) == "2026-W01")
        #expect(SalesReport.bucket("2027-01-01", .week) == "2026-W53")
        #expect(SalesReport.bucket("2024-12-30", .week) == "2025-W01")
        #expect(SalesReport.isoWeeks(in: 2026) == 53 && SalesReport.isoWeeks(in: 2025) == 52)
        #expect(SalesReport.shift("2026-W01", .week, back: false) == "2025-W52")
        #expect(SalesReport.bucket("2026-11-30", .quarter) == "2026-Q4")
        #expect(SalesReport.shift("2026-Q1", .quarter, back: false) == "2025-Q4")
        #expect(SalesReport.shift("2026-03-01", .day, back: false) == "2026-02-28")
        #expect(SalesReport.shift("2024-02-29", .day, back: true) == "2023-02-28")
        #expect(SalesReport.periods(from: "2026-11-20", to: "2027-02-03", .month, calendar: CompanyCalendar(timeZone: .gmt))
                == ["2026-11", "2026-12", "2027-01", "2027-02"])
    }

    @Test("revenue and profit by month × region after returns, beside the previous month and the same month last year; a rep sees their own")
    func byMonthAndRegion() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let admin = fixture.company.admin
            var customers: [String: Int] = [:]
            for (name, region) in [("华东客户", "华东"), ("华南客户", "华南")] {
                let created = try await admin.send(.POST, "/api/v1/customers", json: ["name": name, "region": region])
                customers[region] = try #require(created.object?["id"] as? Int)
            }
            let p1 = fixture.products["P1"]!, p2 = fixture.products["P2"]!
            let orders: [(String, String, Int, Int, String)] = [
                ("华东", "2026-07-05T10:00:00+08:00", p1, 1, "confirmed"), ("华东", "2026-08-10T10:00:00+08:00", p2, 2, "confirmed"),
                ("华南", "2026-08-20T10:00:00+08:00", p1, 1, "completed"), ("华东", "2025-08-15T10:00:00+08:00", p1, 1, "confirmed"),
                ("华南", "2026-08-21T10:00:00+08:00", p1, 5, "cancelled"),
            ]
            for (region, at, product, quantity, status) in orders {
                let created = try await admin.send(.POST, "/api/v1/orders", json: [
                    "customer_id": customers[region]!, "ordered_at": at, "status": status,
                    "lines": [["product_id": product, "quantity": quantity]],
                ])
                #expect(created.status == .created, "\(created.json ?? "")")
            }
            // Net of VAT: 1 × P1 = 120.00 / 1.13 = 106.19 (cost 70.00); 2 × P2 = 91.00 / 1.09 = 83.49 (cost 40.00).
            let report = try #require(try await admin.send(.GET, "/api/v1/reports/sales?group_by=month,region&from=2026-07-01&to=2026-08-31").object)
            let rows = try #require(report["rows"] as? [[String: Any]])
            func line(_ row: [String: Any]) -> String {
                let f = row["figures"] as? [String: Any]
                let previous = row["previous_period"] as? [String: Any]
                let lastYear = row["same_period_last_year"] as? [String: Any]
                let period = row["period"] as? String ?? "", key = row["key"] as? String ?? ""
                return "\(period) \(key) \(fen(f?["revenue"]) ?? -1) \(fen(previous?["revenue"]) ?? -1) \(fen(lastYear?["revenue"]) ?? -1)"
            }
            let figures = Set(rows.map(line))
            #expect(figures == ["2026-07 华东 10619 0 0", "2026-08 华东 8349 10619 10619", "2026-08 华南 10619 0 0"])
            let totals = try #require(report["totals"] as? [String: Any])
            let revenue: Int64 = 10_619 + 8_349 + 10_619, cost: Int64 = 7_000 + 4_000 + 7_000
            #expect(fen(totals["revenue"]) == revenue)
            #expect(fen(totals["gross_profit"]) == revenue - cost)
            #expect(totals["orders"] as? Int == 3)
            let rep = try #require(try await fixture.company.client("sales1").send(.GET, "/api/v1/reports/sales?group_by=month&from=2026-07-01&to=2026-08-31").object)
            #expect((rep["rows"] as? [Any])?.isEmpty == true)
            let csv = try await admin.send(.GET, "/api/v1/reports/sales?group_by=quarter,region&from=2026-07-01&to=2026-08-31&format=csv")
            #expect(csv.status == .ok && String(decoding: csv.raw, as: UTF8.self).contains("2026-Q3,华东,189.68"))
            #expect(try await admin.send(.GET, "/api/v1/reports/sales?group_by=month,planet").status == .badRequest)
            #expect(try await admin.send(.GET, "/api/v1/reports/sales?from=2026-09-01&to=2026-08-01").status == .badRequest)
        }
    }

    @Test("targets per rep and month: set by managers for their team, attainment in the report")
    func targets() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let manager = fixture.company.client("manager1")
            let sales1 = fixture.company.userIDs["sales1"]!, sales3 = fixture.company.userIDs["sales3"]!
            let set = try await manager.send(.PUT, "/api/v1/sales-targets", json: ["user_id": sales1, "month": "2026-09", "amount": 500])
            #expect(set.status == .ok)
            #expect(try await manager.send(.PUT, "/api/v1/sales-targets", json: ["user_id": sales3, "month": "2026-09", "amount": 500]).status == .forbidden)
            #expect(try await fixture.company.client("sales1").send(.PUT, "/api/v1/sales-targets", json: ["user_id": sales1, "month": "2026-09", "amount": 1]).status == .forbidden)
            let bad = try await manager.send(.PUT, "/api/v1/sales-targets", json: ["user_id": sales1, "month": "2026-13", "amount": -1])
            #expect(Set(bad.errorFields.keys) == ["month", "amount"])
            _ = try await fixture.company.client("sales1").send(.POST, "/api/v1/orders", json: [
                "customer_id": fixture.customer("east-1"), "ordered_at": "2026-09-10T09:00:00+08:00",
                "lines": [["description": "咨询", "quantity": 1, "unit_price": 113, "tax_rate": 13]],
            ])
            let report = try #require(try await manager.send(.GET, "/api/v1/reports/sales?group_by=month,owner&from=2026-09-01&to=2026-09-30").object)
            let row = try #require((report["rows"] as? [[String: Any]])?.first)
            #expect(row["label"] as? String == "sales1" && fen(row["target"]) == 50_000 && fen(row["attainment_percent"]) == 2_000)
            #expect(try await manager.send(.GET, "/api/v1/sales-targets?from=2026-09&to=2026-09").items.count == 1)
        }
    }

    @Test("delivery: days from order to delivery and the share delivered by the promised day in the company's time zone; late undelivered orders counted; a rep sees their own")
    func delivery() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let p1 = fixture.products["P1"]!
            let rep = fixture.company.client("sales1"), other = fixture.company.client("sales3")
            // On time: 3 days 10 hours. Late: delivered at 01:00 on the 13th in Shanghai (the 12th in UTC, which a
            // report in UTC would call on time): 2 days 15 hours. Still open and past its promised day.
            let orders: [(String, String, String?, String)] = [
                ("2026-07-01T10:00:00+08:00", "2026-07-04", "2026-07-04T20:00:00+08:00", "delivered"),
                ("2026-07-10T10:00:00+08:00", "2026-07-12", "2026-07-13T01:00:00+08:00", "delivered"),
                ("2026-08-01T10:00:00+08:00", "2026-08-05", nil, "confirmed"),
            ]
            for (at, promised, delivered, status) in orders {
                var body: [String: Any] = ["customer_id": fixture.customer("east-1"), "ordered_at": at, "status": status,
                                           "promised_delivery_date": promised, "lines": [["product_id": p1, "quantity": 1]]]
                if let delivered { body["delivered_at"] = delivered }
                let created = try await rep.send(.POST, "/api/v1/orders", json: body)
                #expect(created.status == .created, "\(created.json ?? "")")
            }
            let report = try #require(try await rep.send(.GET, "/api/v1/reports/delivery?group_by=month&from=2026-07-01&to=2026-08-31").object)
            let totals = try #require(report["totals"] as? [String: Any])
            #expect(totals["delivered_orders"] as? Int == 2 && totals["promised_orders"] as? Int == 2 && totals["on_time_orders"] as? Int == 1)
            #expect(fen(totals["on_time_percent"]) == 5_000)
            let averageDays = try #require(totals["average_lead_days"] as? Double)
            #expect(abs(averageDays - (3 + 10.0 / 24 + 2 + 15.0 / 24) / 2) < 0.006)
            #expect(report["late_undelivered"] as? Int == 1)
            let rows = try #require(report["rows"] as? [[String: Any]])
            #expect(rows.map { $0["period"] as? String } == ["2026-07", "2026-08"])
            #expect(rows.map { $0["delivered_orders"] as? Int } == [2, 0] && rows[1]["on_time_percent"] is NSNull)
            // Another rep's report does not cover sales1's customers.
            let theirs = try #require(try await other.send(.GET, "/api/v1/reports/delivery?from=2026-07-01&to=2026-08-31").object)
            #expect((theirs["totals"] as? [String: Any])?["delivered_orders"] as? Int == 0 && theirs["late_undelivered"] as? Int == 0)
            #expect(try await rep.send(.GET, "/api/v1/reports/delivery?group_by=fortnight").status == .badRequest)
        }
    }
}
