import Foundation
import GuanxiCore
@testable import GuanxiStore
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Customers API")
struct CustomerAPITests {
    @Test("A sales rep creates, edits, trashes and restores a customer with every field; each step is audited")
    func customerLifecycle() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let rep = company.client("sales1")
            let created = try await rep.send(.POST, "/api/v1/customers", json: [
                "kind": "company", "name": "北京华信科技有限公司", "industry": "软件", "region": "北京", "address": "海淀区中关村大街 1 号",
                "phone": "+86 138-0013-8000", "email": "Info@HuaXin.cn", "website": "https://huaxin.cn", "source": "展会",
                "stage": "prospect", "tags": ["VIP", "重点客户"], "custom_fields": ["税号": "91110108MA01"],
                "annual_category_spend": 125000.5, "marketing_consent": true,
            ])
            #expect(created.status == .created)
            let customer = try #require(created.object)
            let id = try #require(customer["id"] as? Int)
            #expect(customer["owner_id"] as? Int == company.userIDs["sales1"])
            #expect(customer["tags"] as? [String] == ["vip", "重点客户"])
            #expect(customer["annual_category_spend"] as? Double == 125000.5)
            #expect((customer["custom_fields"] as? [String: String])?["税号"] == "91110108MA01")

            let edited = try await rep.send(.PATCH, "/api/v1/customers/\(id)", json: ["version": 1, "stage": "customer", "tags": ["vip"]])
            #expect(edited.status == .ok)
            #expect(edited.object?["stage"] as? String == "customer")
            #expect(edited.object?["tags"] as? [String] == ["vip"])
            #expect(try await rep.send(.PATCH, "/api/v1/customers/\(id)", json: ["version": 1, "stage": "lost"]).errorCode == "stale_version")

            #expect(try await rep.send(.DELETE, "/api/v1/customers/\(id)").status == .noContent)
            let live = try await rep.send(.GET, "/api/v1/customers?q=华信")
            #expect(live.items.isEmpty)
            let trash = try await rep.send(.GET, "/api/v1/customers?deleted=true")
            #expect(trash.items.compactMap { $0["id"] as? Int } == [id])
            let restored = try await rep.send(.POST, "/api/v1/customers/\(id)/restore")
            #expect(restored.object?["deleted_at"] is NSNull)
            #expect(try await rep.send(.GET, "/api/v1/customers?q=华信").items.count == 1)

            let audit = try await company.admin.send(.GET, "/api/v1/audit?entity=customer&entity_id=\(id)")
            #expect(audit.items.compactMap { $0["action"] as? String } == ["restore", "delete", "update", "create"])
            let stage = (audit.items[2]["changes"] as? [String: Any])?["stage"] as? [String: Any]
            #expect(stage?["from"] as? String == "prospect")
            #expect(stage?["to"] as? String == "customer")
        }
    }

    @Test("Bad customer input names the field and writes nothing")
    func badInput() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let bad = try await admin.send(.POST, "/api/v1/customers", json: [
                "name": "", "email": "not-an-email", "stage": "friend", "annual_category_spend": 12.345, "phone": "abc",
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["annual_category_spend"] != nil)
            let bad2 = try await admin.send(.POST, "/api/v1/customers", json: ["name": "", "email": "not-an-email", "stage": "friend"])
            #expect(bad2.status == .unprocessableEntity)
            #expect(Set(bad2.errorFields.keys).isSuperset(of: ["stage"]))
            let bad3 = try await admin.send(.POST, "/api/v1/customers", json: ["name": " ", "email": "not-an-email", "phone": "abc"])
            #expect(Set(bad3.errorFields.keys) == ["name", "email", "phone"])
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)
            let badQuery = try await admin.send(.GET, "/api/v1/customers?stage=friend")
            #expect(badQuery.status == .badRequest)
            #expect(badQuery.errorFields["stage"] != nil)
            let badDate = try await admin.send(.GET, "/api/v1/customers?created_from=2024-02-30")
            #expect(badDate.errorFields["created_from"] != nil)
        }
    }

    @Test("Every role sees, searches, counts, exports and edits exactly the customers it may; others are 404")
    func accessMatrix() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let all: Set<String> = ["east-1", "east-2", "west-1"]
            let expectations: [(user: String, sees: Set<String>, edits: Set<String>)] = [
                ("sales1", ["east-1"], ["east-1"]),
                ("sales3", ["west-1"], ["west-1"]),
                ("manager1", ["east-1", "east-2"], ["east-1", "east-2"]),
                ("service1", all, []),
                ("marketing1", all, []),
                ("analyst1", all, []),
            ]
            for (user, sees, edits) in expectations {
                let client = company.client(user)
                let listed = try await client.send(.GET, "/api/v1/customers?limit=500")
                let listedNames = Set(listed.items.compactMap { ($0["name"] as? String)?.replacingOccurrences(of: "客户 ", with: "") })
                #expect(listedNames == sees, "list for \(user)")
                let searched = try await client.send(.GET, "/api/v1/customers?q=\("客户 ".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                #expect(searched.items.count == sees.count, "search for \(user)")
                #expect(try await client.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == sees.count, "count for \(user)")
                let export = try await client.send(.GET, "/api/v1/customers/export?format=json")
                #expect((export.json as? [[String: Any]])?.count == sees.count, "export for \(user)")
                for (name, id) in company.customers {
                    let get = try await client.send(.GET, "/api/v1/customers/\(id)")
                    #expect(get.status == (sees.contains(name) ? .ok : .notFound), "\(user) get \(name)")
                    let version = get.object?["version"] as? Int ?? 1
                    let patch = try await client.send(.PATCH, "/api/v1/customers/\(id)", json: ["version": version, "region": "上海"])
                    let expected: HTTPStatus = edits.contains(name) ? .ok : (sees.contains(name) ? .forbidden : .notFound)
                    #expect(patch.status == expected, "\(user) edit \(name)")
                    let contacts = try await client.send(.GET, "/api/v1/customers/\(id)/contacts")
                    #expect(contacts.status == (sees.contains(name) ? .ok : .notFound), "\(user) contacts of \(name)")
                    let timeline = try await client.send(.GET, "/api/v1/customers/\(id)/interactions")
                    #expect(timeline.status == (sees.contains(name) ? .ok : .notFound), "\(user) timeline of \(name)")
                }
            }
            // A rep cannot hand a customer to someone else; a manager can within the team, not outside it.
            let east1 = try #require(company.customers["east-1"])
            let current = try await company.client("sales1").send(.GET, "/api/v1/customers/\(east1)")
            let version = try #require(current.object?["version"] as? Int)
            #expect(try await company.client("sales1").send(.PATCH, "/api/v1/customers/\(east1)",
                                                             json: ["version": version, "owner_id": company.userIDs["sales2"]!]).status == .forbidden)
            #expect(try await company.client("manager1").send(.PATCH, "/api/v1/customers/\(east1)",
                                                               json: ["version": version, "owner_id": company.userIDs["sales3"]!]).status == .unprocessableEntity)
            let handed = try await company.client("manager1").send(.PATCH, "/api/v1/customers/\(east1)",
                                                                   json: ["version": version, "owner_id": company.userIDs["sales2"]!])
            #expect(handed.status == .ok)
            #expect(try await company.client("sales1").send(.GET, "/api/v1/customers/\(east1)").status == .notFound)
            #expect(try await company.client("sales2").send(.GET, "/api/v1/customers/\(east1)").status == .ok)
        }
    }

    @Test("Personal data: an administrator exports everything stored about a customer, then erases it for good")
    func personalDataExportAndErase() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = company.client("sales1")
            let version = try #require(try await rep.send(.GET, "/api/v1/customers/\(east1)").object?["version"] as? Int)
            #expect(try await rep.send(.PATCH, "/api/v1/customers/\(east1)", json: [
                "version": version, "name": "王芳", "kind": "person", "phone": "13811112222", "email": "wangfang@example.cn",
                "address": "杭州市西湖区文三路 1 号", "tags": ["vip"], "custom_fields": ["身份证尾号": "1234"],
            ]).status == .ok)
            let contact = try await rep.send(.POST, "/api/v1/customers/\(east1)/contacts", json: ["name": "王小明", "mobile": "13900002222"])
            #expect(contact.status == .created)
            #expect(try await rep.send(.POST, "/api/v1/customers/\(east1)/interactions", json: [
                "channel": "phone", "direction": "inbound", "duration_seconds": 300, "notes": "家里有两个孩子，想换大房子", "outcome": "约了周六看房",
            ]).status == .created)
            #expect(try await rep.send(.POST, "/api/v1/tasks", json: [
                "customer_id": east1, "title": "给王芳回电话", "notes": "手机 13811112222", "due_at": "2030-01-02T09:00:00Z",
            ]).status == .created)

            // Only administrators handle these requests.
            #expect(try await rep.send(.GET, "/api/v1/customers/\(east1)/personal-data").status == .forbidden)
            #expect(try await rep.send(.POST, "/api/v1/customers/\(east1)/erase").status == .forbidden)

            let export = try await company.admin.send(.GET, "/api/v1/customers/\(east1)/personal-data")
            #expect(export.status == .ok)
            let exported = String(decoding: export.raw, as: UTF8.self)
            for text in ["王芳", "13811112222", "wangfang@example.cn", "文三路", "1234", "王小明", "想换大房子", "给王芳回电话"] {
                #expect(exported.contains(text), "the export has \(text)")
            }
            #expect((export.object?["contacts"] as? [Any])?.count == 1)
            #expect((export.object?["interactions"] as? [Any])?.count == 1)
            #expect((export.object?["tasks"] as? [Any])?.count == 1)
            #expect(((export.object?["audit"] as? [Any])?.count ?? 0) >= 4)  // created, changed, contact, interaction, task

            let erased = try await company.admin.send(.POST, "/api/v1/customers/\(east1)/erase")
            #expect(erased.status == .ok)
            #expect(erased.object?["name"] as? String == "#\(east1)")
            #expect(erased.object?["deleted_at"] is String)
            #expect(erased.object?["kind"] as? String == "person")  // anonymous facts stay

            // Nothing that identified her is left anywhere an administrator can read.
            let after = try await company.admin.send(.GET, "/api/v1/customers/\(east1)/personal-data")
            let remaining = String(decoding: after.raw, as: UTF8.self)
            for text in ["王芳", "13811112222", "wangfang@example.cn", "文三路", "1234", "王小明", "想换大房子", "给王芳回电话", "vip"] {
                #expect(!remaining.contains(text), "\(text) is gone")
            }
            #expect((after.object?["contacts"] as? [Any])?.isEmpty == true)
            let interaction = try #require((after.object?["interactions"] as? [[String: Any]])?.first)
            #expect(interaction["duration_seconds"] as? Int == 300)
            #expect(interaction["channel"] as? String == "phone")
            let audit = try await company.admin.send(.GET, "/api/v1/audit?limit=200")
            let auditText = String(decoding: audit.raw, as: UTF8.self)
            #expect(!auditText.contains("13811112222") && !auditText.contains("王芳") && !auditText.contains("王小明"))
            #expect(try await company.admin.send(.GET, "/api/v1/audit?action=erase").items.count == 1)
            #expect(try await company.admin.send(.GET, "/api/v1/customers?q=\("王芳".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&deleted=true").items.isEmpty)
            #expect(try await company.admin.send(.GET, "/api/v1/customers?q=13811112222&deleted=true").items.isEmpty)
            // A new customer with her number is not reported as a duplicate of the erased one.
            #expect(try await company.admin.send(.POST, "/api/v1/customers", json: ["name": "王芳", "phone": "13811112222"]).status == .created)
        }
    }

    @Test("Contacts, interactions and tasks follow the customer's access; service logs calls on any customer")
    func childRecordAccess() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let east1 = try #require(company.customers["east-1"])
            let rep = company.client("sales1")
            let contact = try await rep.send(.POST, "/api/v1/customers/\(east1)/contacts", json: [
                "name": "李娜", "title": "采购经理", "mobile": "13900001111", "wechat_id": "lina_cg", "birthday": "1985-06-01", "is_primary": true,
            ])
            #expect(contact.status == .created)
            let contactID = try #require(contact.object?["id"] as? Int)
            #expect(try await company.client("sales3").send(.GET, "/api/v1/contacts/\(contactID)").status == .notFound)
            #expect(try await company.client("service1").send(.PATCH, "/api/v1/contacts/\(contactID)", json: ["version": 1, "title": "x"]).status == .forbidden)
            #expect(try await company.client("sales3").send(.POST, "/api/v1/customers/\(east1)/contacts", json: ["name": "x"]).status == .notFound)

            // The contact's name finds the customer.
            #expect(try await rep.send(.GET, "/api/v1/customers?q=李娜").items.count == 1)

            let call = try await company.client("service1").send(.POST, "/api/v1/customers/\(east1)/interactions", json: [
                "channel": "call_center", "direction": "inbound", "duration_seconds": 240, "queue_wait_seconds": 35, "abandoned": false,
                "notes": "询问发票", "outcome": "已解答", "contact_id": contactID,
            ])
            #expect(call.status == .created)
            let callID = try #require(call.object?["id"] as? Int)
            #expect(call.object?["queue_wait_seconds"] as? Int == 35)
            #expect(call.object?["user_id"] as? Int == company.userIDs["service1"])
            // The author may fix it; a colleague who only reads the customer may not.
            #expect(try await company.client("service1").send(.PATCH, "/api/v1/interactions/\(callID)", json: ["version": 1, "outcome": "已开票"]).status == .ok)
            #expect(try await company.client("marketing1").send(.PATCH, "/api/v1/interactions/\(callID)", json: ["version": 2, "outcome": "x"]).status == .forbidden)
            #expect(try await company.client("sales3").send(.GET, "/api/v1/interactions/\(callID)").status == .notFound)

            let wrongQueue = try await rep.send(.POST, "/api/v1/customers/\(east1)/interactions", json: [
                "channel": "phone", "direction": "outbound", "queue_wait_seconds": 10,
            ])
            #expect(wrongQueue.status == .unprocessableEntity)
            #expect(wrongQueue.errorFields["queue_wait_seconds"] != nil)

            let task = try await rep.send(.POST, "/api/v1/tasks", json: [
                "customer_id": east1, "title": "回访李娜", "due_at": "2030-01-02T09:00:00Z", "remind_at": "2030-01-02T08:30:00Z", "priority": "high",
            ])
            #expect(task.status == .created)
            let taskID = try #require(task.object?["id"] as? Int)
            #expect(try await company.client("sales3").send(.GET, "/api/v1/tasks/\(taskID)").status == .notFound)
            #expect(try await company.client("sales3").send(.POST, "/api/v1/tasks", json: [
                "customer_id": east1, "title": "x", "due_at": "2030-01-02T09:00:00Z",
            ]).status == .notFound)
            let badTask = try await rep.send(.POST, "/api/v1/tasks", json: [
                "title": "x", "due_at": "2030-01-02T09:00:00Z", "remind_at": "2030-01-03T09:00:00Z",
            ])
            #expect(badTask.errorFields["remind_at"] != nil)
            #expect(try await rep.send(.POST, "/api/v1/tasks", json: [
                "title": "x", "due_at": "2030-01-02T09:00:00Z", "assignee_id": company.userIDs["sales2"]!,
            ]).errorFields["assignee_id"] != nil)
        }
    }

    @Test("The timeline is newest first, filters by channel and pages without gaps")
    func timeline() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let customer = try await admin.send(.POST, "/api/v1/customers", json: ["name": "Acme Trading"])
            let id = try #require(customer.object?["id"] as? Int)
            let channels = ["phone", "email", "visit", "wechat", "phone", "meeting", "sms"]
            for (index, channel) in channels.enumerated() {
                let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 3600)
                let logged = try await admin.send(.POST, "/api/v1/customers/\(id)/interactions", json: [
                    "channel": channel, "direction": "outbound", "occurred_at": ISO8601DateFormatter().string(from: at), "subject": "#\(index)",
                ])
                #expect(logged.status == .created)
            }
            let subjects = try await admin.allPages("/api/v1/customers/\(id)/interactions?limit=3", field: "subject")
            #expect(subjects == ["#6", "#5", "#4", "#3", "#2", "#1", "#0"])
            let phones = try await admin.send(.GET, "/api/v1/customers/\(id)/interactions?channel=phone")
            #expect(phones.items.compactMap { $0["subject"] as? String } == ["#4", "#0"])
            let latest = try await admin.send(.GET, "/api/v1/customers/\(id)")
            #expect(latest.object?["last_interaction_at"] as? String == "2023-11-15T04:13:20Z")
        }
    }

    @Test("Probable duplicates are refused until confirmed; merging moves everything to the survivor")
    func duplicatesAndMerge() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let first = try await admin.send(.POST, "/api/v1/customers", json: ["name": "上海星辰贸易有限公司", "phone": "021-6555-1234", "tags": ["a"]])
            let survivor = try #require(first.object?["id"] as? Int)
            let again = try await admin.send(.POST, "/api/v1/customers", json: ["name": "上海星辰贸易 有限公司", "email": "x@xc.cn"])
            #expect(again.status == .conflict)
            #expect(again.errorCode == "duplicate")
            #expect(again.errorFields["duplicate_of"] == String(survivor))
            let byPhone = try await admin.send(.GET, "/api/v1/customers/duplicates?phone=\("(021)65551234".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(byPhone.items.compactMap { $0["id"] as? Int } == [survivor])

            let confirmed = try await admin.send(.POST, "/api/v1/customers", json: [
                "name": "上海星辰贸易 有限公司", "email": "x@xc.cn", "website": "xc.cn", "tags": ["b"], "allow_duplicate": true,
            ])
            #expect(confirmed.status == .created)
            let duplicate = try #require(confirmed.object?["id"] as? Int)
            let contact = try await admin.send(.POST, "/api/v1/customers/\(duplicate)/contacts", json: ["name": "赵敏"])
            let contactID = try #require(contact.object?["id"] as? Int)
            try await admin.send(.POST, "/api/v1/customers/\(duplicate)/interactions", json: ["channel": "visit"])
            try await admin.send(.POST, "/api/v1/tasks", json: ["customer_id": duplicate, "title": "送样品", "due_at": "2030-01-01T00:00:00Z"])

            #expect(try await admin.send(.POST, "/api/v1/customers/\(survivor)/merge", json: ["duplicate_id": survivor]).errorCode == "merge_into_self")
            // A duplicate in the trash cannot be merged: the body's field is named, the survivor is there (not a 404).
            let trashed = try #require(try await admin.send(.POST, "/api/v1/customers", json: ["name": "回收站里的重复客户"]).object?["id"] as? Int)
            #expect(try await admin.send(.DELETE, "/api/v1/customers/\(trashed)").status == .noContent)
            let fromTrash = try await admin.send(.POST, "/api/v1/customers/\(survivor)/merge", json: ["duplicate_id": trashed])
            #expect(fromTrash.status == .unprocessableEntity && Array(fromTrash.errorFields.keys) == ["duplicate_id"], "\(fromTrash.json ?? "")")
            let merged = try await admin.send(.POST, "/api/v1/customers/\(survivor)/merge", json: ["duplicate_id": duplicate])
            #expect(merged.status == .ok)
            #expect(merged.object?["email"] as? String == "x@xc.cn")
            #expect(merged.object?["website"] as? String == "xc.cn")
            #expect(merged.object?["tags"] as? [String] == ["a", "b"])
            #expect(try await admin.send(.GET, "/api/v1/contacts/\(contactID)").object?["customer_id"] as? Int == survivor)
            #expect(try await admin.send(.GET, "/api/v1/customers/\(survivor)/interactions").items.count == 1)
            #expect(try await admin.send(.GET, "/api/v1/customers/\(survivor)/tasks").items.count == 1)
            let gone = try await admin.send(.GET, "/api/v1/customers/\(duplicate)")
            #expect(gone.object?["merged_into_id"] as? Int == survivor)
            #expect(gone.object?["deleted_at"] is String)
            let audit = try await admin.send(.GET, "/api/v1/audit?entity=customer&entity_id=\(survivor)&action=merge")
            let changes = try #require(audit.items.first?["changes"] as? [String: Any])
            #expect((changes["moved_contacts"] as? [String: Any])?["to"] as? String == "1")
        }
    }

    @Test("Search finds Chinese and Latin substrings of names, phones, e-mails and contacts; filters and sorts combine")
    func searchFilterSort() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let rows: [[String: Any]] = [
                ["name": "北京华信科技有限公司", "region": "北京", "stage": "customer", "tags": ["vip"], "phone": "010-8888-1234"],
                ["name": "王伟", "kind": "person", "region": "上海", "stage": "lead", "email": "wang.wei@example.com"],
                ["name": "Acme Trading GmbH", "region": "上海", "stage": "customer", "email": "sales@acme.de"],
                ["name": "华信物流", "region": "广州", "stage": "prospect", "tags": ["vip"]],
            ]
            for row in rows { #expect(try await admin.send(.POST, "/api/v1/customers", json: row).status == .created) }
            func names(_ query: String) async throws -> [String] {
                try await admin.send(.GET, "/api/v1/customers?" + query).items.compactMap { $0["name"] as? String }
            }
            func q(_ text: String) -> String { "q=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            #expect(Set(try await names(q("华信"))) == ["北京华信科技有限公司", "华信物流"])
            #expect(try await names(q("华信科技")) == ["北京华信科技有限公司"])
            #expect(try await names(q("王伟")) == ["王伟"])
            #expect(Set(try await names(q("信"))) == ["北京华信科技有限公司", "华信物流"])
            #expect(try await names(q("伟王")) == [])
            #expect(try await names(q("ACME")) == ["Acme Trading GmbH"])
            #expect(try await names(q("88881234")) == ["北京华信科技有限公司"])
            #expect(try await names(q("example.com")) == ["王伟"])
            #expect(try await names(q("50%")) == [])
            #expect(Set(try await names("tag=VIP")) == ["北京华信科技有限公司", "华信物流"])
            #expect(try await names("tag=vip&stage=prospect") == ["华信物流"])
            #expect(try await names("region=\("上海".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&sort=name") == ["Acme Trading GmbH", "王伟"])
            #expect(try await names("kind=person") == ["王伟"])
            // Keyset pages of one row over each sort return every customer once, in order.
            func pages(_ sort: String) async throws -> [String] {
                try await admin.allPages("/api/v1/customers?sort=\(sort)&limit=1", field: "name")
            }
            let created = rows.compactMap { $0["name"] as? String }
            #expect(try await pages("name") == created.sorted())
            #expect(try await pages("-name") == created.sorted().reversed())
            #expect(try await pages("oldest") == created)
            #expect(try await pages("newest") == created.reversed())
            // A database upgraded across migrations 007 and 008 (the search index made again) still finds the customers
            // it had; so does one still on 007's index, which keeps positions.
            try await app.db.transaction { db in
                try await DropSearchIndexPositions().revert(on: db)
                try await DropSearchIndexSizes().revert(on: db)
                try await DropSearchIndexSizes().prepare(on: db)
            }
            #expect(try await names(q("华信科技")) == ["北京华信科技有限公司"])
            try await app.db.transaction { db in try await DropSearchIndexPositions().prepare(on: db) }
            #expect(try await names(q("华信科技")) == ["北京华信科技有限公司"])
            #expect(try await names(q("王伟")) == ["王伟"])
            #expect(try await names(q("88881234")) == ["北京华信科技有限公司"])
            // Holding every trigram of a text is not holding the text: 华信科 and 信科技 apart are not 华信科技.
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "华信科 · 信科技集团"]).status == .created)
            #expect(try await names(q("华信科技")) == ["北京华信科技有限公司"])
            #expect(try await names(q("信科技集")) == ["华信科 · 信科技集团"])
        }
    }

    @Test("Pinyin sort orders Chinese and Latin names by reading, pages by keyset both ways, follows renames and fills old rows")
    func pinyinSort() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            var ids: [String: Int] = [:]
            for name in ["张伟", "Zeta Ltd", "李明", "阿里巴巴", "重庆啤酒", "林芳", "Acme Trading", "长城汽车", "北京华信科技有限公司"] {
                let created = try await admin.send(.POST, "/api/v1/customers", json: ["name": name])
                #expect(created.status == .created)
                ids[name] = created.object?["id"] as? Int
            }
            let expected = ["阿里巴巴", "Acme Trading", "北京华信科技有限公司", "长城汽车", "重庆啤酒", "李明", "林芳", "Zeta Ltd", "张伟"]
            func pages(_ sort: String, limit: Int) async throws -> [String] {
                try await admin.allPages("/api/v1/customers?sort=\(sort)&limit=\(limit)", field: "name")
            }
            #expect(try await pages("pinyin", limit: 2) == expected)
            #expect(try await pages("-pinyin", limit: 4) == expected.reversed())
            // Renamed 张伟 → 艾伟 (ài): now after Acme (ac < ai).
            let zhang = try #require(ids["张伟"])
            let before = try await admin.send(.GET, "/api/v1/customers/\(zhang)")
            let renamed = try await admin.send(.PATCH, "/api/v1/customers/\(zhang)",
                                               json: ["name": "艾伟", "version": before.object?["version"] as? Int ?? 0])
            #expect(renamed.status == .ok)
            let afterRename = ["阿里巴巴", "Acme Trading", "艾伟", "北京华信科技有限公司", "长城汽车", "重庆啤酒", "李明", "林芳", "Zeta Ltd"]
            #expect(try await pages("pinyin", limit: 50) == afterRename)
            // Customers stored before the sort existed get their keys when the database is upgraded.
            // On one connection: another SQLite connection could still hold the schema from before the revert.
            try await app.db.transaction { db in
                try await CreatePinyinSortKey().revert(on: db)
                try await CreatePinyinSortKey().prepare(on: db)
            }
            #expect(try await pages("pinyin", limit: 3) == afterRename)
            let misspelt = try await admin.send(.GET, "/api/v1/customers?sort=pinyyin")
            #expect(misspelt.status == .badRequest && misspelt.errorFields["sort"] != nil)
        }
    }

    @Test("A substring found common is scanned for a minute without another look at the index; rare ones are not kept")
    func commonSubstringsExpire() {
        let common = CommonSubstrings(lifetime: 60)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(!common.isCommon("锦程", at: start))
        common.remember("锦程", at: start)
        #expect(common.isCommon("锦程", at: start.addingTimeInterval(59)))
        #expect(!common.isCommon("锦程", at: start.addingTimeInterval(60)))
        #expect(!common.isCommon("王伟", at: start.addingTimeInterval(1)))
    }

    @Test("Segments save a filter; everyone may use it and sees only their own customers through it")
    func segments() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let segment = try await company.client("manager1").send(.POST, "/api/v1/segments", json: [
                "name": "制造业客户", "filter": "industry=\("制造业".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
            ])
            #expect(segment.status == .created)
            let id = try #require(segment.object?["id"] as? Int)
            #expect(try await company.client("sales3").send(.GET, "/api/v1/customers?segment_id=\(id)").items.count == 1)
            #expect(try await company.client("analyst1").send(.GET, "/api/v1/customers?segment_id=\(id)").items.count == 3)
            let export = try await company.client("sales1").send(.GET, "/api/v1/customers/export?segment_id=\(id)&format=json")
            #expect((export.json as? [[String: Any]])?.count == 1)
            #expect(try await company.client("sales1").send(.DELETE, "/api/v1/segments/\(id)").status == .forbidden)
            #expect(try await company.client("sales1").send(.POST, "/api/v1/segments", json: ["name": "x", "filter": "stage=nonsense"]).errorFields["filter"] != nil)
            // Filters that are not `name=value` pairs of the list's parameters are refused, not dropped (nor a crash).
            for filter in ["=", "==", "garbage%%%&&&===", "=x", "stage=lead&shoe_size=42"] {
                let refused = try await company.client("sales1").send(.POST, "/api/v1/segments", json: ["name": "x", "filter": filter])
                #expect(refused.status == .unprocessableEntity, "\(filter)")
                #expect(refused.errorFields["filter"] != nil, "\(filter)")
            }
            #expect(try await company.client("sales1").send(.POST, "/api/v1/segments", json: ["name": "ok", "filter": "stage=lead&q=华信"]).status == .created)
            #expect(try await company.client("manager1").send(.DELETE, "/api/v1/segments/\(id)").status == .noContent)
        }
    }

    @Test("Products keep money in minor units and refuse duplicate SKUs; only managers and admins edit")
    func products() async throws {
        try await withGuanxi { app, _ in
            let company = try await TestCompany.make(app)
            let created = try await company.admin.send(.POST, "/api/v1/products", json: [
                "sku": "HX-100", "name": "工业传感器", "category": "传感器", "unit": "台", "list_price": 1999.9, "unit_cost": 1200.50,
                "brand": "华信", "manufacturer": "华信电子", "is_agent_product": true, "launch_date": "2024-03-01",
            ])
            #expect(created.status == .created)
            #expect(created.object?["list_price"] as? Double == 1999.9)
            #expect(created.object?["unit_cost"] as? Double == 1200.5)
            let id = try #require(created.object?["id"] as? Int)
            let product = try await Product.find(Int64(id), on: app.db)
            #expect(product?.listPrice == 199_990)
            #expect(try await company.admin.send(.POST, "/api/v1/products", json: ["sku": "HX-100", "name": "x"]).errorFields["sku"] != nil)
            #expect(try await company.admin.send(.POST, "/api/v1/products", json: ["sku": "X", "name": "x", "list_price": 1.234]).status == .unprocessableEntity)
            // An amount is a JSON number: text is the wrong type, and a number past any amount is refused as one.
            for bad: Any in ["1,200.50", "100", 1e308] {
                let refused = try await company.admin.send(.POST, "/api/v1/products", json: ["sku": "Z", "name": "z", "unit_cost": bad])
                #expect(refused.status == .unprocessableEntity && refused.errorFields["unit_cost"] != nil, "\(bad)")
            }
            let spend = try await company.admin.send(.POST, "/api/v1/customers", json: ["name": "金额", "annual_category_spend": "100"])
            #expect(spend.status == .unprocessableEntity && spend.errorFields["annual_category_spend"] != nil)
            #expect(try await company.client("sales1").send(.POST, "/api/v1/products", json: ["sku": "Y", "name": "y"]).status == .forbidden)
            #expect(try await company.client("sales1").send(.GET, "/api/v1/products?q=传感").items.count == 1)
            #expect(try await company.client("manager1").send(.PATCH, "/api/v1/products/\(id)", json: ["version": 1, "active": false]).object?["active"] as? Bool == false)
        }
    }
}
