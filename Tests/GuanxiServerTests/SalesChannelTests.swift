import Foundation
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Sales channels the administrator adds")
struct SalesChannelTests {
    static func order(_ fixture: SalesFixture, channel: String) -> [String: Any] {
        ["customer_id": fixture.customer("east-1"), "channel": channel, "lines": [["product_id": fixture.products["P1"]!, "quantity": 1]]]
    }

    @Test("an added channel is listed after the built-in ones, taken by orders and reports, retired but kept, and never deleted while in use")
    func lifecycle() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let admin = fixture.company.admin, rep = fixture.company.client("sales1")

            // Unknown before it is added: the 422 lists the channels there are.
            let unknown = try await rep.send(.POST, "/api/v1/orders", json: Self.order(fixture, channel: "community_group"))
            #expect(unknown.status == .unprocessableEntity && unknown.errorFields.keys.contains("channel"), "\(unknown.json ?? "")")

            let created = try await admin.send(.POST, "/api/v1/sales-channels", json: ["code": "community_group", "name_en": "Community group buying", "name_zh": "社区团购"])
            #expect(created.status == .created && created.object?["built_in"] as? Bool == false, "\(created.json ?? "")")
            let id = try #require(created.object?["id"] as? Int)
            let list = try await rep.send(.GET, "/api/v1/sales-channels").items
            #expect(list.map { $0["code"] as? String ?? "" } == ["direct", "online_store", "agent", "phone", "wechat", "trade_show", "other", "community_group"])
            #expect(list.first?["name_zh"] as? String == "直销" && list.first?["built_in"] as? Bool == true && list.first?["id"] is NSNull)

            let order = try await rep.send(.POST, "/api/v1/orders", json: Self.order(fixture, channel: "community_group"))
            #expect(order.status == .created && order.object?["channel"] as? String == "community_group", "\(order.json ?? "")")
            let orderID = try #require(order.object?["id"] as? Int)
            let report = try await admin.send(.GET, "/api/v1/reports/sales?group_by=year,channel&from=2026-01-01")
            #expect((report.object?["rows"] as? [[String: Any]])?.contains { $0["key"] as? String == "community_group" || $0["label"] as? String == "community_group" } == true, "\(String(describing: report.json).prefix(1500))")

            // Retired: no new order may name it, the one that has it keeps it through a change, and it cannot be deleted.
            #expect(try await admin.send(.PATCH, "/api/v1/sales-channels/\(id)", json: ["version": 1, "active": false]).status == .ok)
            let refused = try await rep.send(.POST, "/api/v1/orders", json: Self.order(fixture, channel: "community_group"))
            #expect(refused.status == .unprocessableEntity && refused.errorFields.keys.contains("channel"))
            let kept = try await rep.send(.PATCH, "/api/v1/orders/\(orderID)", json: ["version": order.object?["version"] as? Int ?? 0, "notes": "改备注"])
            #expect(kept.status == .ok && kept.object?["channel"] as? String == "community_group", "\(kept.json ?? "")")
            let inUse = try await admin.send(.DELETE, "/api/v1/sales-channels/\(id)")
            #expect(inUse.status == .conflict && inUse.errorCode == "channel_in_use", "\(inUse.json ?? "")")

            // A channel no order names goes; a code is a built-in's, taken, malformed, or changed: refused by field.
            let spare = try await admin.send(.POST, "/api/v1/sales-channels", json: ["code": "live_stream", "name_en": "Live streaming", "name_zh": "直播带货"])
            #expect(spare.status == .created)
            #expect(try await admin.send(.DELETE, "/api/v1/sales-channels/\(spare.object?["id"] as? Int ?? 0)").status == .noContent)
            for code in ["direct", "community_group", "Bad-Code", "9lives"] {
                let bad = try await admin.send(.POST, "/api/v1/sales-channels", json: ["code": code, "name_en": "x", "name_zh": "x"])
                #expect(bad.status == .unprocessableEntity && bad.errorFields.keys.contains("code"), "\(code)")
            }
            let renamed = try await admin.send(.PATCH, "/api/v1/sales-channels/\(id)", json: ["version": 2, "code": "other_code"])
            #expect(renamed.status == .unprocessableEntity && renamed.errorFields.keys.contains("code"))
            let both = try await admin.send(.POST, "/api/v1/sales-channels", json: ["code": "", "name_zh": ""])
            #expect(Set(both.errorFields.keys) == ["code", "name_en", "name_zh"], "\(both.json ?? "")")
            #expect(try await rep.send(.POST, "/api/v1/sales-channels", json: ["code": "mine", "name_en": "x", "name_zh": "x"]).status == .forbidden)
        }
    }

    @Test("an import names an added channel by its code or either name; the order page, its form and the report show its name")
    func importAndPages() async throws {
        try await withGuanxi { app, _ in
            let fixture = try await SalesFixture.make(app)
            let admin = fixture.company.admin
            #expect(try await admin.send(.POST, "/api/v1/sales-channels", json: ["code": "community_group", "name_en": "Community group buying", "name_zh": "社区团购"]).status == .created)
            let customer = fixture.customer("east-1")
            let csv = OrderImportTests.header + """
                SO-1,\(customer),2026-03-02,P1,,1,,,,社区团购,支付宝,已完成,,
                SO-2,\(customer),2026-03-03,P1,,1,,,,community_group,支付宝,已完成,,
                SO-3,\(customer),2026-03-04,P1,,1,,,,Community Group Buying,支付宝,已完成,,

                """
            let imported = try await admin.send(.POST, "/api/v1/imports/orders", bytes: Array(csv.utf8), contentType: "text/csv")
            #expect(imported.object?["written_rows"] as? Int == 3, "\(imported.json ?? "")")
            let orders = try await admin.send(.GET, "/api/v1/orders?customer_id=\(customer)").items
            #expect(orders.count == 3 && orders.allSatisfy { $0["channel"] as? String == "community_group" })
            let unknown = try await admin.send(.POST, "/api/v1/imports/orders", bytes: Array((OrderImportTests.header + "SO-9,\(customer),2026-03-02,P1,,1,,,,拼多多,,,,\n").utf8),
                                               contentType: "text/csv")
            #expect((unknown.object?["problems"] as? [[String: Any]])?.first?["column"] as? String == "渠道", "\(unknown.json ?? "")")

            let browser = Browser(app, acceptLanguage: "zh-CN")
            try await browser.signIn("admin", adminPassword)
            let page = try await browser.get("/orders/\(orders[0]["id"] as? Int ?? 0)")
            #expect(page.status == .ok && page.html.contains("社区团购"))
            let form = try await browser.get("/orders/new?customer_id=\(customer)")
            #expect(form.html.contains("value=\"community_group\"") && form.html.contains("社区团购"))
            let created = try await browser.post("/orders", [
                "customer_id": String(customer), "status": "confirmed", "channel": "community_group", "payment_method": "alipay",
                "payment_terms_days": "0", "delivery_method": "courier", "line_product_0": String(fixture.products["P1"]!), "line_quantity_0": "2",
            ])
            #expect(created.status == .seeOther, "\(created.html.prefix(2000))")
            let report = try await browser.get("/reports/sales?period=year&group_by=channel&from=2026-01-01")
            #expect(report.html.contains("社区团购"))

            let channels = try await browser.get("/admin/sales-channels")
            #expect(channels.status == .ok && channels.html.contains("community_group") && channels.html.contains("内置"))
            let added = try await browser.post("/admin/sales-channels", ["code": "live_stream", "name_zh": "直播带货", "name_en": "Live streaming", "position": "2", "active": "true"])
            #expect(added.status == .seeOther)
            let bad = try await browser.post("/admin/sales-channels", ["code": "Direct!", "name_zh": "", "name_en": "x", "position": "1"])
            #expect(bad.status == .unprocessableEntity && bad.html.contains("error-code") && bad.html.contains("error-name_zh"))
            let rep = Browser(app)
            try await rep.signIn("sales1", TestCompany.password)
            #expect(try await rep.get("/admin/sales-channels").status == .forbidden)
        }
    }
}
