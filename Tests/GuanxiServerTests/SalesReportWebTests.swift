import Foundation
import Testing
import Vapor
@testable import GuanxiServer
@testable import GuanxiStore

@Suite("Sales report page")
struct SalesReportWebTests {
    @Test("revenue, profit and margin after VAT with a chart of bars, by channel in the page's language, a target's attainment, delivery; another rep sees none of it")
    func reportPage() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let rep = fixture.company.client("sales1")
            let p1 = fixture.products["P1"]!, p2 = fixture.products["P2"]!
            for (at, product, quantity, channel) in [("2026-08-05T10:00:00+08:00", p1, 1, "direct"), ("2026-09-10T10:00:00+08:00", p2, 2, "wechat")] {
                let created = try await rep.send(.POST, "/api/v1/orders", json: [
                    "customer_id": fixture.customer("east-1"), "ordered_at": at, "status": "confirmed", "channel": channel,
                    "lines": [["product_id": product, "quantity": quantity]],
                ])
                #expect(created.status == .created, "\(created.json ?? "")")
            }
            let target = try await fixture.company.admin.send(.PUT, "/api/v1/sales-targets", json: [
                "user_id": fixture.company.userIDs["sales1"]!, "month": "2026-09", "amount": 100,
            ])
            #expect(target.status == .ok, "\(target.json ?? "")")

            let browser = Browser(app, acceptLanguage: "zh-CN")
            try await browser.signIn("sales1", TestCompany.password)
            let page = try await browser.get("/reports/sales?period=month&from=2026-08-01&to=2026-09-30")
            #expect(page.status == .ok)
            // Net of VAT: 120.00 / 1.13 = 106.19 (cost 70.00) and 2 × 45.50 / 1.09 = 83.49 (cost 40.00).
            #expect(page.html.contains("¥189.68"), "revenue")
            #expect(page.html.contains("¥79.68"), "gross profit")
            #expect(page.html.contains("id=\"nav-sales-report\"") && page.html.contains("销售报表"))
            #expect(page.html.contains("<svg class=\"chart\" id=\"report-svg\""))
            #expect(page.html.components(separatedBy: "<rect class=\"bar").count - 1 == 4, "two bars for each of two months")
            #expect(page.html.contains("<td>2026-08</td>") && page.html.contains("<td>2026-09</td>"))

            // The same report as CSV, in the API's columns.
            #expect(page.html.contains("id=\"report-csv\""))
            let csv = try await browser.get("/reports/sales/export?period=month&group_by=total&from=2026-08-01&to=2026-09-30")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.html.contains("2026-08,,106.19,36.19") && csv.html.contains("2026-09,,83.49,43.49"), "\(csv.html)")

            let byChannel = try await browser.get("/reports/sales?period=month&group_by=channel&from=2026-08-01&to=2026-09-30")
            #expect(byChannel.html.contains("<td>微信</td>") && byChannel.html.contains("<td>直销</td>"), "channels by name: \(byChannel.html.components(separatedBy: "report-table")[1].prefix(1500))")

            let byRep = try await browser.get("/reports/sales?period=month&group_by=owner&from=2026-09-01&to=2026-09-30")
            // September: 83.49 against a target of 100.00.
            #expect(byRep.html.contains("¥100.00") && byRep.html.contains("83.49 %"), "target and attainment: \(byRep.html.components(separatedBy: "report-table")[1].prefix(1500))")
            #expect(byRep.html.contains("id=\"delivery-figures\""))

            let refused = try await browser.get("/reports/sales?period=fortnight&from=2026-13-01")
            #expect(refused.status == .ok)
            #expect(refused.html.contains("id=\"error-period\"") && refused.html.contains("id=\"error-from\""), "both bad filters named")

            let other = Browser(app)
            try await other.signIn("sales3", TestCompany.password)
            let theirs = try await other.get("/reports/sales?period=month&from=2026-08-01&to=2026-09-30")
            #expect(theirs.status == .ok && !theirs.html.contains("¥189.68") && theirs.html.contains("No orders in this period."))
        }
    }

    @Test("the forecast page charts six months of expected and weighted amounts, each bar titled with its figure")
    func forecastChart() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let created = try await company.client("sales1").send(.POST, "/api/v1/opportunities", json: [
                "customer_id": company.customers["east-1"]!, "title": "机房扩容", "amount": 50_000, "expected_close_date": "2026-09-30",
            ])
            #expect(created.status == .created, "\(created.json ?? "")")
            let browser = Browser(app)
            try await browser.signIn("sales1", TestCompany.password)
            let page = try await browser.get("/pipeline/forecast")
            #expect(page.status == .ok && page.html.contains("id=\"forecast-svg\""))
            #expect(page.html.components(separatedBy: "<rect class=\"bar").count - 1 == 12, "two bars for each of six months")
            // The first open stage's probability is 10 %: weighted ¥5,000.00.
            #expect(page.html.contains("<title>2026-09 · Amount ¥50,000.00</title>"))
            #expect(page.html.contains("<title>2026-09 · Weighted amount ¥5,000.00</title>"))
        }
    }

    @Test("targets: an administrator sets one for a rep on the page, sees it listed and in the report; bad input is named at once; a rep may not set one")
    func targetsPage() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let admin = Browser(app, acceptLanguage: "zh-CN")
            try await admin.signIn()
            #expect(try await admin.get("/reports/targets").html.contains("本年度尚无目标。"))

            let refused = try await admin.post("/reports/targets", ["month": "2026-13", "user_id": String(company.userIDs["sales1"]!),
                                                                     "team_id": "", "amount": "abc"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("id=\"error-month\"") && refused.html.contains("id=\"error-amount\""), "both named")

            let saved = try await admin.post("/reports/targets", ["month": "2026-09", "user_id": String(company.userIDs["sales1"]!),
                                                                   "team_id": "", "amount": "12,500.50"])
            #expect(saved.status == .seeOther)
            let list = try await admin.get(try #require(saved.location))
            #expect(list.html.contains("<td>2026-09</td>") && list.html.contains("12,500.50") && list.html.contains("已保存 2026-09 的目标。"))
            let api = try await company.admin.send(.GET, "/api/v1/sales-targets?from=2026-09&to=2026-09")
            #expect(api.items.count == 1 && fen(api.items.first?["amount"]) == 1_250_050)

            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            let forbidden = try await rep.post("/reports/targets", ["month": "2026-10", "user_id": String(company.userIDs["sales2"]!),
                                                                     "team_id": "", "amount": "100"])
            #expect(forbidden.status == .forbidden || forbidden.status == .notFound)
            #expect(try await company.admin.send(.GET, "/api/v1/sales-targets?from=2026-10&to=2026-10").items.isEmpty)

            let id = try #require(api.items.first?["id"] as? Int)
            #expect(try await admin.post("/reports/targets/\(id)/delete", [:]).status == .seeOther)
            #expect(try await admin.get("/reports/targets?year=2026").html.contains("本年度尚无目标。"))
        }
    }
}
