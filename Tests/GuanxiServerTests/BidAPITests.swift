import Foundation
import GuanxiCore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

/// A bid for `customer` by `rep`, with a deadline a month after the test clock starts.
func makeBid(_ company: TestCompany, _ rep: String = "sales1", customer: String = "east-1", tender: String = "ZB-2026-001",
             competitors: [[String: Any]] = [], extra: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
    var body: [String: Any] = [
        "customer_id": company.customers[customer]!, "tender_number": tender, "title": "数据中心机房改造工程",
        "submission_deadline": "2026-10-20T10:00:00+08:00", "opening_date": "2026-10-21", "bid_amount": 1_280_000.5,
        "bond_amount": 20_000, "competitors": competitors,
    ]
    for (key, value) in extra { body[key] = value }
    let created = try await company.client(rep).send(.POST, "/api/v1/bids", json: body, sourceLocation: sourceLocation)
    #expect(created.status == .created, "\(created.json ?? "")", sourceLocation: sourceLocation)
    return try #require(created.object, sourceLocation: sourceLocation)
}

@Suite("Bids API: tenders, competitors, results, files, reminders and win rates")
struct BidAPITests {
    @Test("a bid with competitors is created, changed (competitors replaced), submitted, and won")
    func lifecycle() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let bid = try await makeBid(company, competitors: [["name": "华为技术有限公司", "amount": 1_300_000], ["name": "中兴通讯"]])
            let id = try #require(bid["id"] as? Int)
            #expect(bid["status"] as? String == "preparing" && bid["owner_id"] as? Int == company.userIDs["sales1"])
            #expect(fen(bid["bid_amount"]) == 128_000_050 && fen(bid["bond_amount"]) == 2_000_000 && bid["bond_paid"] as? Bool == false)
            let competitors = try #require(bid["competitors"] as? [[String: Any]])
            #expect(competitors.map { $0["name"] as? String ?? "" } == ["华为技术有限公司", "中兴通讯"])
            #expect(fen(competitors[0]["amount"]) == 130_000_000 && competitors[1]["amount"] is NSNull)

            let changed = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: [
                "version": 1, "competitors": [["name": "烽火通信", "amount": 1_250_000]], "bond_paid_on": "2026-09-15",
            ])
            #expect(changed.status == .ok, "\(changed.json ?? "")")
            #expect((changed.object?["competitors"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == ["烽火通信"])
            #expect(changed.object?["bond_paid"] as? Bool == true && changed.object?["bond_paid_on"] as? String == "2026-09-15")
            // A field left out stays as it was.
            #expect(changed.object?["title"] as? String == "数据中心机房改造工程" && changed.object?["version"] as? Int == 2)

            // Won straight from preparing is refused; submit first.
            let early = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 2, "status": "won"])
            #expect(early.status == .unprocessableEntity && early.errorFields.keys.contains("status"))
            let submitted = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 2, "status": "submitted"])
            #expect(submitted.object?["status"] as? String == "submitted" && submitted.object?["submitted_at"] is String)
            let won = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 3, "status": "won", "winning_amount": 1_280_000.5])
            #expect(won.status == .ok && won.object?["status"] as? String == "won" && won.object?["decided_at"] is String)
            // The result is final.
            let reopened = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 4, "status": "preparing"])
            #expect(reopened.status == .unprocessableEntity && reopened.errorFields.keys.contains("status"))
            // A bond returned after the award is still recorded.
            let returned = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 4, "bond_returned": true])
            #expect(returned.status == .ok && returned.object?["bond_returned_on"] as? String == "2026-09-21")
            #expect(try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 4, "notes": "x"]).status == .conflict)

            let listed = try await rep.send(.GET, "/api/v1/bids?status=won&customer_id=\(company.customers["east-1"]!)")
            #expect(listed.items.map { $0["id"] as? Int ?? 0 } == [id])
            #expect(try await rep.send(.GET, "/api/v1/bids?status=lost").items.isEmpty)
            #expect(try await rep.send(.GET, "/api/v1/bids?status=unknown").status == .badRequest)
            #expect(try await rep.send(.DELETE, "/api/v1/bids/\(id)").status == .noContent)
            #expect(try await rep.send(.GET, "/api/v1/bids/\(id)").status == .notFound)
        }
    }

    @Test("lost needs a reason and the winner; every refused field is named at once and nothing is written")
    func refusals() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let bid = try await makeBid(company)
            let id = try #require(bid["id"] as? Int)
            _ = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 1, "status": "submitted"])
            let lost = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 2, "status": "lost"])
            #expect(lost.status == .unprocessableEntity)
            #expect(Set(lost.errorFields.keys) == ["result_reason", "winning_bidder"])
            let closed = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: [
                "version": 2, "status": "lost", "result_reason": "价格高于中标价", "winning_bidder": "华为", "winning_amount": 1_100_000,
            ])
            #expect(closed.status == .ok && closed.object?["status"] as? String == "lost" && fen(closed.object?["winning_amount"]) == 110_000_000)

            let bad = try await rep.send(.POST, "/api/v1/bids", json: [
                "customer_id": company.customers["east-1"]!, "tender_number": String(repeating: "9", count: 65), "title": "  ",
                "submission_deadline": "2026-10-20T10:00:00+08:00", "opening_date": "2026-10-19", "bid_amount": -1, "bond_amount": -5,
                "status": "maybe", "competitors": [["name": ""], ["name": "甲", "amount": -3], ["name": "甲"]],
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["tender_number", "title", "opening_date", "bid_amount", "bond_amount", "status",
                                                  "competitors.0.name", "competitors.1.amount", "competitors.2.name"])
            let noCustomer = try await rep.send(.POST, "/api/v1/bids", json: ["title": "", "status": "won"])
            #expect(Set(noCustomer.errorFields.keys) == ["customer_id", "tender_number", "title", "submission_deadline", "status", "bid_amount"])
            let unknown = try await rep.send(.POST, "/api/v1/bids", json: ["customer_id": company.customers["east-1"]!, "colour": "red"])
            #expect(unknown.status == .unprocessableEntity && unknown.errorFields.keys.contains("colour"))
            let strayKey = try await rep.send(.POST, "/api/v1/bids", json: [
                "customer_id": company.customers["east-1"]!, "tender_number": "A", "title": "B", "submission_deadline": "2026-10-20T10:00:00+08:00",
                "competitors": [["name": "甲", "price": 1]],
            ])
            #expect(strayKey.status == .unprocessableEntity && strayKey.errorFields.keys.contains("competitors.0.price"))
            #expect(try await rep.send(.GET, "/api/v1/bids").items.count == 1)
        }
    }

    @Test("the win rate overall and against each competitor, over the bids the caller may see")
    func statistics() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            // (rep, customer, competitors, final status)
            let plan: [(String, String, [String], String)] = [
                ("sales1", "east-1", ["华为", "中兴"], "won"),
                ("sales1", "east-1", ["华为", "Acme Ltd"], "lost"),
                ("sales1", "east-1", ["acme  ltd"], "won"),
                ("sales2", "east-2", ["华为"], "lost"),
                ("sales3", "west-1", ["华为", "中兴"], "won"),
                ("sales1", "east-1", ["中兴"], "submitted"),
                ("sales2", "east-2", ["中兴"], "preparing"),
                ("sales1", "east-1", [], "cancelled"),
            ]
            for (index, (rep, customer, rivals, status)) in plan.enumerated() {
                let bid = try await makeBid(company, rep, customer: customer, tender: "T-\(index)", competitors: rivals.map { ["name": $0] })
                let id = try #require(bid["id"] as? Int)
                var version = 1
                let client = company.client(rep)
                if status != "preparing" && status != "cancelled" {
                    #expect(try await client.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": version, "status": "submitted"]).status == .ok)
                    version += 1
                }
                if ["won", "lost", "cancelled"].contains(status) {
                    var body: [String: Any] = ["version": version, "status": status]
                    if status == "lost" { body["result_reason"] = "价格"; body["winning_bidder"] = "华为" }
                    #expect(try await client.send(.PATCH, "/api/v1/bids/\(id)", json: body).status == .ok)
                }
            }
            // Who sees which customers: administrators all, the east manager east's, a rep their own.
            let sees: [String: Set<String>] = ["admin": ["east-1", "east-2", "west-1"], "manager1": ["east-1", "east-2"], "sales1": ["east-1"]]
            for (viewer, customers) in sees {
                let visible = plan.filter { customers.contains($0.1) }
                let won = visible.filter { $0.3 == "won" }.count, lost = visible.filter { $0.3 == "lost" }.count
                let client = viewer == "admin" ? company.admin : company.client(viewer)
                let figures = try #require(try await client.send(.GET, "/api/v1/bids/statistics").object)
                #expect(figures["bids"] as? Int == visible.count && figures["won"] as? Int == won && figures["lost"] as? Int == lost, "\(viewer)")
                #expect(fen(figures["win_rate"]) == Int64((Double(won) / Double(won + lost) * 10_000).rounded()), "\(viewer)")
                var expected: [String: (bids: Int, won: Int, lost: Int)] = [:]
                for (_, _, rivals, status) in visible {
                    for rival in rivals {
                        let key = rival.split(separator: " ").joined(separator: " ").lowercased()
                        var entry = expected[key] ?? (0, 0, 0)
                        entry.bids += 1
                        if status == "won" { entry.won += 1 }
                        if status == "lost" { entry.lost += 1 }
                        expected[key] = entry
                    }
                }
                let rivals = try #require(figures["competitors"] as? [[String: Any]])
                #expect(rivals.count == expected.count, "\(viewer)")
                for rival in rivals {
                    let key = (rival["name"] as? String ?? "").lowercased()
                    let entry = try #require(expected[key], "\(viewer): \(key)")
                    #expect(rival["bids"] as? Int == entry.bids && rival["won"] as? Int == entry.won && rival["lost"] as? Int == entry.lost, "\(viewer): \(key)")
                    if entry.won + entry.lost == 0 { #expect(rival["win_rate"] is NSNull) }
                    else { #expect(fen(rival["win_rate"]) == Int64((Double(entry.won) / Double(entry.won + entry.lost) * 10_000).rounded())) }
                }
                // Most bids first.
                #expect(rivals.map { $0["bids"] as? Int ?? 0 } == rivals.map { $0["bids"] as? Int ?? 0 }.sorted(by: >))
            }
            let acme = try #require((try await company.admin.send(.GET, "/api/v1/bids/statistics").object?["competitors"] as? [[String: Any]])?
                .first { ($0["name"] as? String)?.lowercased().hasPrefix("acme") == true })
            #expect(acme["name"] as? String == "Acme Ltd" && acme["bids"] as? Int == 2)
        }
    }

    @Test("a file goes up with its own type and a Chinese name and comes down byte for byte; 20 MiB + 1 byte is 413")
    func attachments() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let bid = try await makeBid(company)
            let id = try #require(bid["id"] as? Int)
            let bytes: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x0A, 0x7F]
            let name = "投标文件 第1册.pdf"
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let uploaded = try await rep.send(.POST, "/api/v1/bids/\(id)/attachments?filename=\(encoded)", bytes: bytes, contentType: "application/pdf")
            #expect(uploaded.status == .created, "\(uploaded.json ?? "")")
            let attachment = try #require(uploaded.object)
            #expect(attachment["filename"] as? String == name && attachment["content_type"] as? String == "application/pdf")
            #expect(attachment["size"] as? Int == bytes.count && attachment["uploaded_by"] as? Int == company.userIDs["sales1"])
            let attachmentID = try #require(attachment["id"] as? Int)

            let list = try await rep.send(.GET, "/api/v1/bids/\(id)/attachments")
            #expect(list.items.map { $0["filename"] as? String ?? "" } == [name])
            let download = try await rep.send(.GET, "/api/v1/bids/\(id)/attachments/\(attachmentID)")
            #expect(download.status == .ok && Array(download.raw) == bytes)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)
                    == "attachment; filename*=UTF-8''%E6%8A%95%E6%A0%87%E6%96%87%E4%BB%B6%20%E7%AC%AC1%E5%86%8C.pdf")

            let tooLarge = try await rep.send(.POST, "/api/v1/bids/\(id)/attachments?filename=big.bin",
                                              bytes: [UInt8](repeating: 0x41, count: 20 * 1024 * 1024 + 1), contentType: "application/octet-stream")
            #expect(tooLarge.status == .payloadTooLarge)
            for bad in ["..%2Fetc%2Fpasswd", "a%5Cb.txt", "a%0Ab.txt", ""] {
                let refused = try await rep.send(.POST, "/api/v1/bids/\(id)/attachments?filename=\(bad)", bytes: [1, 2], contentType: "text/plain")
                #expect(refused.status == .unprocessableEntity && refused.errorFields.keys.contains("filename"), "\(bad)")
            }
            let noName = try await rep.send(.POST, "/api/v1/bids/\(id)/attachments", bytes: [1], contentType: "text/plain")
            #expect(noName.status == .unprocessableEntity && noName.errorFields.keys.contains("filename"))
            #expect(try await rep.send(.GET, "/api/v1/bids/\(id)/attachments").items.count == 1)

            // Someone else's bid and its files are not there for sales3; service1 reads but may not change them.
            let other = company.client("sales3")
            #expect(try await other.send(.GET, "/api/v1/bids/\(id)").status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/bids/\(id)/attachments").status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .notFound)
            #expect(try await other.send(.POST, "/api/v1/bids/\(id)/attachments?filename=x.txt", bytes: [1], contentType: "text/plain").status == .notFound)
            #expect(try await other.send(.DELETE, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .notFound)
            #expect(try await other.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 1, "title": "x"]).status == .notFound)
            #expect(try await other.send(.GET, "/api/v1/bids").items.isEmpty)
            let service = company.client("service1")
            #expect(try await service.send(.GET, "/api/v1/bids/\(id)").status == .ok)
            #expect(try await service.send(.GET, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .ok)
            #expect(try await service.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 1, "title": "x"]).status == .forbidden)
            #expect(try await service.send(.DELETE, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .forbidden)
            #expect(try await service.send(.POST, "/api/v1/bids", json: [
                "customer_id": company.customers["east-1"]!, "tender_number": "A", "title": "B", "submission_deadline": "2026-10-20T10:00:00+08:00",
            ]).status == .forbidden)

            #expect(try await rep.send(.DELETE, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .noContent)
            #expect(try await rep.send(.GET, "/api/v1/bids/\(id)/attachments/\(attachmentID)").status == .notFound)
        }
    }

    @Test("a text type is kept only for bytes that are text in it: binary sent as JSON or bare text downloads as octet-stream")
    func attachmentTextTypes() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let id = try #require(try await makeBid(company)["id"] as? Int)
            let binary: [UInt8] = [0xAD, 0xFF, 0x00, 0x41]
            let gbk: [UInt8] = [0xC4, 0xE3, 0xBA, 0xC3]  // 你好 in GBK: not UTF-8
            let cases: [(type: String, bytes: [UInt8], kept: String)] = [
                ("application/json", binary, "application/octet-stream"),
                ("text/plain", gbk, "application/octet-stream"),
                ("text/plain; charset=utf-8", binary, "application/octet-stream"),
                ("text/csv; charset=US-ASCII", Array("名称".utf8), "application/octet-stream"),
                ("text/plain; charset=gbk", gbk, "text/plain; charset=gbk"),
                ("text/csv", Array("名称,金额\n报价,1.00\n".utf8), "text/csv"),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", binary,
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ]
            for (index, item) in cases.enumerated() {
                let uploaded = try await rep.send(.POST, "/api/v1/bids/\(id)/attachments?filename=f\(index)", bytes: item.bytes, contentType: item.type)
                #expect(uploaded.status == .created && uploaded.object?["content_type"] as? String == item.kept, "\(item.type)")
                let fileID = try #require(uploaded.object?["id"] as? Int)
                let download = try await rep.send(.GET, "/api/v1/bids/\(id)/attachments/\(fileID)")
                #expect(download.headers.first(name: .contentType) == item.kept && Array(download.raw) == item.bytes, "\(item.type)")
            }
        }
    }

    @Test("the owner gets a reminder three days before the deadline; it moves with the deadline and is done once submitted")
    func reminder() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            // The manager records it; the task goes to the customer's owner.
            let bid = try await makeBid(company, "manager1")
            let id = try #require(bid["id"] as? Int)
            #expect(bid["owner_id"] as? Int == company.userIDs["sales1"])
            let taskID = try #require(bid["reminder_task_id"] as? Int)
            let rep = company.client("sales1")
            let iso = ISO8601DateFormatter()
            let deadline = try #require(iso.date(from: "2026-10-20T10:00:00+08:00"))
            let task = try #require(try await rep.send(.GET, "/api/v1/tasks/\(taskID)").object)
            #expect(task["assignee_id"] as? Int == company.userIDs["sales1"] && task["status"] as? String == "open")
            #expect((task["due_at"] as? String).flatMap(iso.date(from:)) == deadline.addingTimeInterval(-3 * 86_400))
            #expect((task["title"] as? String)?.contains("ZB-2026-001") == true)
            let mine = try await rep.send(.GET, "/api/v1/tasks?view=mine")
            #expect(mine.items.contains { $0["id"] as? Int == taskID })

            let moved = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 1, "submission_deadline": "2026-11-02T17:00:00+08:00",
                                                                                 "opening_date": "2026-11-02"])
            #expect(moved.status == .ok && moved.object?["reminder_task_id"] as? Int == taskID)
            let later = try #require(iso.date(from: "2026-11-02T17:00:00+08:00"))
            let movedTask = try #require(try await rep.send(.GET, "/api/v1/tasks/\(taskID)").object)
            #expect((movedTask["due_at"] as? String).flatMap(iso.date(from:)) == later.addingTimeInterval(-3 * 86_400))
            let early = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 2, "opening_date": "2026-11-01"])
            #expect(early.status == .unprocessableEntity && early.errorFields.keys.contains("opening_date"))

            // A manager handing the bid to another rep hands the reminder over too.
            let manager = company.client("manager1")
            let handed = try await manager.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 2, "owner_id": company.userIDs["sales2"]!])
            #expect(handed.status == .ok && handed.object?["owner_id"] as? Int == company.userIDs["sales2"])
            #expect(try await manager.send(.GET, "/api/v1/tasks/\(taskID)").object?["assignee_id"] as? Int == company.userIDs["sales2"])
            #expect(try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 3, "owner_id": company.userIDs["sales3"]!])
                .errorFields.keys.contains("owner_id"))

            _ = try await rep.send(.PATCH, "/api/v1/bids/\(id)", json: ["version": 3, "status": "submitted"])
            #expect(try await manager.send(.GET, "/api/v1/tasks/\(taskID)").object?["status"] as? String == "done")
        }
    }
}

@Suite("Bid pages")
struct BidWebTests {
    @Test("list, new, detail with competitors and the upload form, a file through the page, delete, and the customer's card")
    func pages() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let bid = try await makeBid(company, competitors: [["name": "华为", "amount": 1_300_000]])
            let id = try #require(bid["id"] as? Int)
            let browser = Browser(app, acceptLanguage: "zh-CN")
            try await browser.signIn("sales1", TestCompany.password)

            let list = try await browser.get("/bids")
            #expect(list.status == .ok && list.html.contains("ZB-2026-001") && list.html.contains("数据中心机房改造工程"))
            #expect(list.html.contains("id=\"nav-bids\"") && list.html.contains("准备中"))
            let form = try await browser.get("/bids/new?customer_id=\(company.customers["east-1"]!)")
            #expect(form.status == .ok && form.html.contains("id=\"bid-form\""))

            let created = try await browser.post("/bids", [
                "customer_id": String(company.customers["east-1"]!), "tender_number": "ZB-WEB-7", "title": "网页投标",
                "submission_deadline": "2026-10-30T09:30", "bid_amount": "88,000.00", "bond_amount": "1000",
                "competitors": "中兴通讯, 90000\n烽火", "status": "preparing",
            ])
            #expect(created.status == .seeOther, "\(created.html)")
            let createdPath = try #require(created.location)
            let detail = try await browser.get(createdPath)
            #expect(detail.html.contains("ZB-WEB-7") && detail.html.contains("中兴通讯") && detail.html.contains("90,000.00") && detail.html.contains("烽火"))
            #expect(detail.html.contains("enctype=\"multipart/form-data\"") && detail.html.contains("data-confirm="))

            let refused = try await browser.post("/bids", [
                "customer_id": String(company.customers["east-1"]!), "tender_number": "", "title": "", "submission_deadline": "",
            ])
            #expect(refused.status == .unprocessableEntity && refused.html.contains("error-title") && refused.html.contains("error-tender_number"))

            // A file through the page's multipart form.
            let boundary = "----guanxi-test-boundary"
            var body = ByteBuffer()
            func part(_ name: String, _ value: String) {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            part("_csrf", browser.cookies["gx_csrf"] ?? "")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"中标通知书.txt\"\r\nContent-Type: text/plain\r\n\r\n")
            body.writeString("中标 ok")
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            headers.replaceOrAdd(name: .accept, value: "text/html")
            let upload = try await app.testing().sendRequest(.POST, "/bids/\(id)/attachments", headers: headers, body: body)
            #expect(upload.status == .seeOther)
            let withFile = try await browser.get("/bids/\(id)")
            #expect(withFile.html.contains("中标通知书.txt"))
            let files = try await company.client("sales1").send(.GET, "/api/v1/bids/\(id)/attachments").items
            let fileID = try #require(files.first?["id"] as? Int)
            let download = try await browser.get("/bid-files/\(fileID)")
            #expect(download.status == .ok && download.html == "中标 ok")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename*=UTF-8''") == true)

            // The edit form shows the competitors one a line and saves the step to submitted.
            let edit = try await browser.get("/bids/\(id)/edit")
            #expect(edit.status == .ok && edit.html.contains("华为, 1300000.00"))
            let saved = try await browser.post("/bids/\(id)", [
                "version": "1", "tender_number": "ZB-2026-001", "title": "数据中心机房改造工程", "submission_deadline": "2026-10-20T10:00",
                "opening_date": "2026-10-21", "bid_amount": "1280000.50", "bond_amount": "20000", "status": "submitted",
                "competitors": "华为, 1,300,000\nAcme, Inc.",
            ])
            #expect(saved.status == .seeOther, "\(saved.html)")
            let afterEdit = try #require(try await company.client("sales1").send(.GET, "/api/v1/bids/\(id)").object)
            #expect(afterEdit["status"] as? String == "submitted")
            #expect((afterEdit["competitors"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == ["华为", "Acme, Inc."])
            #expect(fen((afterEdit["competitors"] as? [[String: Any]])?.first?["amount"]) == 130_000_000)

            let customer = try await browser.get("/customers/\(company.customers["east-1"]!)")
            #expect(customer.html.contains("id=\"customer-bids\"") && customer.html.contains("ZB-2026-001"))

            let other = Browser(app)
            try await other.signIn("sales3", TestCompany.password)
            #expect(try await other.get("/bids/\(id)").status == .notFound)
            #expect(try await other.get("/bid-files/\(fileID)").status == .notFound)
            #expect(!(try await other.get("/bids").html.contains("ZB-2026-001")))

            let deleted = try await browser.post("/bids/\(id)/delete", [:])
            #expect(deleted.status == .seeOther)
            #expect(try await browser.get("/bids/\(id)").status == .notFound)
        }
    }
}
