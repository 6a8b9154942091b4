import Foundation
import GuanxiCore
import GuanxiStore
import SQLiteKit
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Import, export and follow-up rules")
struct ImportAndRulesTests {
    static let csv = """
        客户名称,电话,邮箱,负责人,阶段,标签,年采购额,营销许可
        北京华信科技有限公司,010-88881234,info@huaxin.cn,admin,客户,"vip,重点客户","120,000.50",是
        上海星辰贸易有限公司,021-65551234,,admin,线索,,,否
        "Acme Trading, Inc.",+1 555 0100,sales@acme.com,admin,prospect,vip,9.9,no

        """

    static func gb18030(_ text: String) throws -> [UInt8] { try TextTranscoder.encode(text, to: .gb18030) }

    @Test("A GB18030 file with one bad row writes nothing and names the line, column and reason; the fixed file imports")
    func atomicImport() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let bad = Self.csv.replacingOccurrences(of: "021-65551234,,admin,线索", with: "021-65551234,,nobody,线索")
                .replacingOccurrences(of: ",9.9,no", with: ",9.999,no")
            let dry = try await admin.send(.POST, "/api/v1/imports/customers?dry_run=true", bytes: try Self.gb18030(bad), contentType: "text/csv")
            #expect(dry.status == .ok)
            #expect(dry.object?["encoding"] as? String == "gb18030")
            let problems = try #require(dry.object?["problems"] as? [[String: Any]])
            #expect(problems.count == 2)
            #expect(problems.first?["line"] as? Int == 3)
            #expect(problems.first?["column"] as? String == "负责人")
            #expect((problems.first?["message"] as? String)?.contains("nobody") == true)
            #expect(problems.last?["line"] as? Int == 4)
            #expect(problems.last?["column"] as? String == "年采购额")

            let real = try await admin.send(.POST, "/api/v1/imports/customers", bytes: try Self.gb18030(bad), contentType: "text/csv")
            #expect(real.object?["written_rows"] as? Int == 0)
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 0)

            let good = try await admin.send(.POST, "/api/v1/imports/customers", bytes: try Self.gb18030(Self.csv), contentType: "text/csv")
            #expect(good.object?["written_rows"] as? Int == 3)
            let found = try await admin.send(.GET, "/api/v1/customers?q=\("华信科".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            let customer = try #require(found.items.first)
            #expect(customer["tags"] as? [String] == ["vip", "重点客户"])
            #expect(customer["annual_category_spend"] as? Double == 120000.5)
            #expect(customer["stage"] as? String == "customer")
            #expect(customer["marketing_consent"] as? Bool == true)

            // The same file again: every row is a duplicate of what exists now.
            let again = try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv")
            #expect(again.object?["written_rows"] as? Int == 0)
            #expect((again.object?["problems"] as? [[String: Any]])?.count == 3)
            let audit = try await admin.send(.GET, "/api/v1/audit?action=import")
            #expect(audit.items.count == 1)
        }
    }

    @Test("Imported customers are searchable at once, and the search index stays right through edits and deletions")
    func importedCustomersAreIndexed() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            func search(_ text: String) async throws -> [String] {
                let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await admin.send(.GET, "/api/v1/customers?q=\(query)").items.compactMap { $0["name"] as? String }
            }
            // One customer before the import, written the ordinary way, so imported rows follow an indexed one.
            let before = try await admin.send(.POST, "/api/v1/customers", json: ["name": "杭州西湖茶业有限公司", "phone": "0571-87001234"])
            #expect(before.status == .created)
            let imported = try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv")
            #expect(imported.object?["written_rows"] as? Int == 3)
            #expect(try await search("华信科") == ["北京华信科技有限公司"])
            #expect(try await search("星辰贸") == ["上海星辰贸易有限公司"])
            #expect(try await search("02165551234") == ["上海星辰贸易有限公司"])  // the phone's digits alone
            #expect(try await search("acme") == ["Acme Trading, Inc."])
            #expect(try await search("西湖茶") == ["杭州西湖茶业有限公司"])

            // Renaming an imported customer moves it in the index; the old name no longer finds it.
            let id = try #require(try await admin.send(.GET, "/api/v1/customers?q=\("星辰贸".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").items.first?["id"] as? Int)
            let renamed = try await admin.send(.PATCH, "/api/v1/customers/\(id)", json: ["version": 1, "name": "上海晨曦贸易有限公司"])
            #expect(renamed.status == .ok)
            #expect(try await search("晨曦贸") == ["上海晨曦贸易有限公司"])
            #expect(try await search("星辰贸").isEmpty)
            #expect(try await admin.send(.DELETE, "/api/v1/customers/\(id)").status == .noContent)

            // A rolled-back import leaves no pause behind: the next ordinary customer is indexed by the triggers again.
            let bad = Self.csv.replacingOccurrences(of: ",admin,prospect", with: ",nobody,prospect")
                .replacingOccurrences(of: "华信科技", with: "华信电子").replacingOccurrences(of: "星辰", with: "启明")
            #expect(try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(bad.utf8), contentType: "text/csv")
                .object?["written_rows"] as? Int == 0)
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "苏州园林设计院"]).status == .created)
            #expect(try await search("园林设") == ["苏州园林设计院"])

            if let sqlite = app.db as? any SQLiteDatabase {
                // The server builds what the large import left to index in the background; this waits for it.
                try await IndexCatchUp.run(on: app.db)
                #expect(try await sqlite.query("SELECT COUNT(*) AS n FROM search_index_pauses", []).first?.column("n")?.integer == 0)
                // FTS5 compares its index with the customers table and fails on any difference.
                _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", [])
            }
        }
    }

    @Test("An import larger than the table sets the customer indexes aside and has them built again; a refused one leaves them as they were")
    func bulkImportKeepsIndexes() async throws {
        try await withGuanxi { app, _ in
            // PostgreSQL keeps its indexes up to date during the load; only SQLite sets them aside.
            guard let sqlite = app.db as? any SQLiteDatabase else { return }
            func indexes() async throws -> [String] {
                try await sqlite.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name", [])
                    .compactMap { $0.column("name")?.string }
            }
            let before = try await indexes()
            #expect(before.contains("customers_owner_idx") && before.contains("customers_name_key_idx"))
            let admin = try await APIClient.signIn(app)
            let bad = Self.csv.replacingOccurrences(of: ",admin,prospect", with: ",nobody,prospect")
            #expect(try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(bad.utf8), contentType: "text/csv")
                .object?["written_rows"] as? Int == 0)
            #expect(try await indexes() == before)
            #expect(try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv")
                .object?["written_rows"] as? Int == 3)
            // The server builds them in the background after the rows commit; this waits for that.
            try await IndexCatchUp.run(on: app.db)
            #expect(try await indexes() == before)
            // The rebuilt indexes hold the imported rows: the owner's list is read through its index and finds all three.
            let plan = try await sqlite.query("EXPLAIN QUERY PLAN SELECT id FROM customers WHERE owner_id = 1 ORDER BY id DESC", [])
                .compactMap { $0.column("detail")?.string }.joined(separator: " ")
            #expect(plan.contains("customers_owner_idx"))
            let owned = try await sqlite.query("SELECT COUNT(*) AS n FROM customers INDEXED BY customers_owner_idx WHERE owner_id = 1", [])
            #expect(owned.first?.column("n")?.integer == 3)
            #expect(try await sqlite.query("PRAGMA integrity_check", []).first?.column("integrity_check")?.string == "ok")
            #expect(try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv")
                .object?["written_rows"] as? Int == 0)  // duplicates of the rows now there, found among the keys read at the start
        }
    }

    @Test("A large import commits before its indexes are built: lists and searches answer meanwhile, edits in between stay right, the catch-up builds everything")
    func deferredIndexes() async throws {
        try await withGuanxi { app, _ in
            guard let sqlite = app.db as? any SQLiteDatabase else { return }  // PostgreSQL keeps its indexes up during a load
            func indexes() async throws -> [String] {
                try await sqlite.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name", [])
                    .compactMap { $0.column("name")?.string }
            }
            let admin = try await APIClient.signIn(app)
            func search(_ text: String) async throws -> [String] {
                let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await admin.send(.GET, "/api/v1/customers?q=\(query)").items.compactMap { $0["name"] as? String }.sorted()
            }
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "杭州西湖茶业有限公司"]).status == .created)
            let before = try await indexes()
            #expect(try await IndexCatchUp.isPending(on: app.db) == false)

            // Run the way the command line does, without the server's background catch-up.
            let file = Self.csv + (1...20).map { "宁波港联物流\($0)号有限公司,0574-8800\(1000 + $0),,admin,客户,,," }.joined(separator: "\n") + "\n"
            let report = try await app.guanxi.importer(on: app.db).run(Array(file.utf8), .init(kind: .customers), by: .commandLine)
            #expect(report.writtenRows == 23)
            #expect(try await IndexCatchUp.isPending(on: app.db))
            // All of them, the duplicate-key indexes too: the one customer there before was checked against in memory.
            #expect(try await indexes().isEmpty)

            // Meanwhile every customer is listed and found: the imported ones by scanning, the earlier one by the index.
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 24)
            #expect(try await admin.send(.GET, "/api/v1/customers?owner_id=1&limit=100").items.count == 24)
            #expect(try await search("华信科") == ["北京华信科技有限公司"])
            #expect(try await search("西湖茶") == ["杭州西湖茶业有限公司"])
            #expect(try await search("acme") == ["Acme Trading, Inc."])
            #expect(try await search("港联物流1").count == 11)  // 1 and 10–19
            // An edit, a new customer and a merge's deletion before the catch-up all end up in the index as they are now.
            let id = try #require(try await admin.send(.GET, "/api/v1/customers?q=\("星辰贸".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").items.first?["id"] as? Int)
            #expect(try await admin.send(.PATCH, "/api/v1/customers/\(id)", json: ["version": 1, "name": "上海晨曦贸易有限公司"]).status == .ok)
            #expect(try await search("晨曦贸") == ["上海晨曦贸易有限公司"])
            #expect(try await search("星辰贸").isEmpty)
            #expect(try await admin.send(.POST, "/api/v1/customers", json: ["name": "苏州园林设计院"]).status == .created)
            #expect(try await search("园林设") == ["苏州园林设计院"])

            // Small slices, so the fill takes several steps.
            let progress = try await IndexCatchUp.run(on: app.db, fillStep: 7)
            #expect(progress.indexesBuilt == before.count)
            #expect(progress.customersIndexed == 24)  // the 23 imported and the one added since
            #expect(try await IndexCatchUp.isPending(on: app.db) == false)
            #expect(try await indexes() == before)
            #expect(try await IndexCatchUp.run(on: app.db) == IndexCatchUp.Progress())
            // FTS5 compares its index with the customers table and fails on any difference.
            _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", [])
            #expect(try await sqlite.query("PRAGMA integrity_check", []).first?.column("integrity_check")?.string == "ok")
            #expect(try await search("晨曦贸") == ["上海晨曦贸易有限公司"])
            #expect(try await search("港联物流1").count == 11)
            #expect(try await search("园林设") == ["苏州园林设计院"])
            let plan = try await sqlite.query("EXPLAIN QUERY PLAN SELECT id FROM customers WHERE owner_id = 1 ORDER BY id DESC", [])
                .compactMap { $0.column("detail")?.string }.joined(separator: " ")
            #expect(plan.contains("customers_owner_idx"))
        }
    }

    @Test("Two instances catching up on one database share the steps: each index is built once and each customer indexed once")
    func catchUpOnTwoInstances() async throws {
        try await withTwoInstances { app1, app2, _ in
            guard let sqlite = app1.db as? any SQLiteDatabase else { return }
            let file = "name\n" + (1...500).map { "深圳鹏程电子\($0)号" }.joined(separator: "\n") + "\n"
            let report = try await app1.guanxi.importer(on: app1.db).run(Array(file.utf8), .init(kind: .customers), by: .commandLine)
            #expect(report.writtenRows == 500)
            let deferred = try await sqlite.query("SELECT COUNT(*) AS n FROM deferred_indexes", []).first?.column("n")?.integer
            #expect(deferred == 13)
            async let first = IndexCatchUp.run(on: app1.db, fillStep: 50)
            async let second = IndexCatchUp.run(on: app2.db, fillStep: 50)
            let (a, b) = try await (first, second)
            #expect(a.indexesBuilt + b.indexesBuilt == deferred)
            #expect(try await sqlite.query("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL", [])
                .first?.column("n")?.integer == 13)
            #expect(a.customersIndexed + b.customersIndexed == 500)
            _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", [])
            let client = try await APIClient.signIn(app2)
            let query = "鹏程电子12号".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await client.send(.GET, "/api/v1/customers?q=\(query)").items.count == 1)
        }
    }

    @Test("Broken files are reported: wrong encoding, unterminated quote, missing column, too many cells, empty")
    func brokenFiles() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            func problems(_ bytes: [UInt8], _ query: String = "") async throws -> [[String: Any]] {
                let result = try await admin.send(.POST, "/api/v1/imports/customers" + query, bytes: bytes, contentType: "text/csv")
                #expect(result.object?["written_rows"] as? Int == 0)
                return (result.object?["problems"] as? [[String: Any]]) ?? []
            }
            let gb = try Self.gb18030("name\n好\n坏\n")
            #expect(try await problems(gb, "?encoding=utf-8").first?["line"] as? Int == 2)
            #expect(try await problems(Array("name\n\"open\n".utf8)).first?["line"] as? Int == 2)
            #expect(try await problems(Array("phone\n123456\n".utf8)).first?["column"] as? String == "name")
            #expect(try await problems(Array("name\nA,B\n".utf8)).first?["line"] as? Int == 2)
            #expect(try await problems(Array("name\n".utf8)).count == 1)
            #expect(try await problems(Array("name,shoe_size\nA,42\n".utf8)).first?["column"] as? String == "shoe_size")
            let dupes = try await problems(Array("name,phone\nA,13800138000\nB,+86 138 0013 8000\n".utf8))
            #expect(dupes.first?["line"] as? Int == 3)
            #expect((dupes.first?["message"] as? String)?.contains("line 2") == true)
            let notAdmin = try await admin.send(.POST, "/api/v1/users", json: ["username": "rep", "display_name": "Rep", "role": "sales", "password": "a-long-password-9"])
            #expect(notAdmin.status == .created)
            let rep = try await APIClient.signIn(app, username: "rep", password: "a-long-password-9")
            #expect(try await rep.send(.POST, "/api/v1/imports/customers", bytes: Array("name\nA\n".utf8), contentType: "text/csv").status == .forbidden)
        }
    }

    @Test("Import takes what spreadsheets write and refuses what it would otherwise change without a word")
    func spreadsheetQuirks() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            func run(_ text: String, kind: String = "customers", dryRun: Bool = true) async throws -> (written: Int?, problems: [[String: Any]]) {
                let result = try await admin.send(.POST, "/api/v1/imports/\(kind)" + (dryRun ? "?dry_run=true" : ""), bytes: Array(text.utf8), contentType: "text/csv")
                #expect(result.status == .ok)
                return (result.object?["written_rows"] as? Int, (result.object?["problems"] as? [[String: Any]]) ?? [])
            }
            // Two columns for one field (电话 and 手机 both mean phone): refused, naming both, rather than one chosen by chance.
            let twoPhones = try await run("name,电话,手机\nA,010-88881234,13800000002\n").problems
            #expect(twoPhones.count == 1)
            #expect(twoPhones.first?["column"] as? String == "手机")
            #expect((twoPhones.first?["message"] as? String)?.contains("电话") == true)
            #expect(try await run("name,custom:级别,custom: 级别 \nA,1,2\n").problems.first?["column"] as? String == "custom: 级别")
            // A NUL would cut the name short wherever it is read back.
            let nul = try await run("name,phone\nA\u{0}B,13800000001\n").problems
            #expect(nul.first?["line"] as? Int == 2)
            #expect(nul.first?["column"] as? String == "name")
            #expect((nul.first?["message"] as? String)?.contains("control character") == true)
            // Problems found at different stages of a batch still come in the file's order.
            #expect(try await run("name,phone\nA,phone?\nB\u{1},\n").problems.map { $0["line"] as? Int } == [2, 3])
            // Custom fields keep the limits the form has.
            let wide = (1...51).map { "custom:f\($0)" }.joined(separator: ",")
            let tooMany = try await run("name,\(wide)\nA,\((1...51).map(String.init).joined(separator: ","))\n").problems
            #expect((tooMany.first?["message"] as? String)?.contains("At most 50") == true)
            #expect(try await run("name,custom:note\nA,\(String(repeating: "长", count: 501))\n").problems.count == 1)
            // Trailing empty cells (Excel's trailing commas) and rows of nothing but commas and spaces are fine.
            let loose = try await run("name,phone\nA,13800000001,\n,\n , \nB\n", dryRun: false)
            #expect(loose.problems.isEmpty)
            #expect(loose.written == 2)
            // A broken first record is reported once, not also as "no data rows".
            #expect(try await run("name\n\"open\n").problems.count == 1)
            // A duplicate names the column whose value matched.
            let dupes = try await run("name,phone\nC,13900139000\nD,+86 139 0013 9000\nA,\n").problems
            #expect(dupes.map { $0["column"] as? String } == ["phone", "name"])
            // Tags: 、 separates too; too many is a count, not a length.
            #expect(try await run("name,tags\nE,重点、大客户、华北\n", dryRun: false).written == 1)
            let tagged = try await admin.send(.GET, "/api/v1/customers?q=E&limit=5").items.first { $0["name"] as? String == "E" }
            #expect(Set(tagged?["tags"] as? [String] ?? []) == ["重点", "大客户", "华北"])
            let manyTags = try await run("name,tags\nF,\"\((1...31).map { "t\($0)" }.joined(separator: ","))\"\n").problems
            #expect((manyTags.first?["message"] as? String)?.contains("At most 30") == true)
            // A disabled owner is named as such.
            let user = try await admin.send(.POST, "/api/v1/users", json: ["username": "olduser", "display_name": "Old", "role": "sales", "password": "a-long-password-9"])
            let userID = try #require(user.object?["id"] as? Int)
            #expect(try await admin.send(.PATCH, "/api/v1/users/\(userID)", json: ["version": 1, "active": false]).status == .ok)
            #expect((try await run("name,owner\nG,olduser\n").problems.first?["message"] as? String)?.contains("disabled") == true)
            // Products speak of SKUs.
            let skus = try await run("sku,name\nP-1,传感器\nP-1,控制器\n", kind: "products").problems
            #expect((skus.first?["message"] as? String)?.contains("SKU") == true)
            // Contacts: a customer named like a number is found by its name; an empty cell is required.
            #expect(try await run("name\n007\n", dryRun: false).written == 1)
            let contacts = try await run("customer,name\n007,李娜\n,张三\n", kind: "contacts").problems
            #expect(contacts.count == 1)
            #expect(contacts.first?["line"] as? Int == 3)
            #expect((contacts.first?["message"] as? String)?.contains("Required") == true)
        }
    }

    @Test("A mapping names fields case-insensitively; one to a field the import lacks is reported as such")
    func mappingTargets() {
        let mapped = ImportColumns.resolve(headers: ["客户全称", "备用", "手机号"], kind: .customers, mapping: ["客户全称": "Name", "备用": "-", "手机号": "mobile_phone"])
        #expect(mapped.fields[0] == "name")
        #expect(mapped.fields[1] == nil)
        #expect(mapped.problems == [ImportProblem(line: 1, column: "手机号", reason: .unknownField("mobile_phone"))])
    }

    @Test("Contacts, products and interactions import against existing customers")
    func otherKinds() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            #expect(try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv").object?["written_rows"] as? Int == 3)
            let contacts = "客户,姓名,手机,生日,主联系人\n北京华信科技有限公司,李娜,13900001111,1985/6/1,是\n不存在的公司,张三,,,\n"
            let refused = try await admin.send(.POST, "/api/v1/imports/contacts", bytes: Array(contacts.utf8), contentType: "text/csv")
            #expect((refused.object?["problems"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            let fixed = contacts.replacingOccurrences(of: "不存在的公司", with: "上海星辰贸易有限公司")
            #expect(try await admin.send(.POST, "/api/v1/imports/contacts", bytes: Array(fixed.utf8), contentType: "text/csv").object?["written_rows"] as? Int == 2)
            #expect(try await admin.send(.GET, "/api/v1/customers?q=\("李娜".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").items.count == 1)

            let products = "sku,名称,标价,成本,代理产品,上市日期\nP-1,传感器,1999.90,1200,是,2024-03-01\nP-2,控制器,abc,,,\n"
            let bad = try await admin.send(.POST, "/api/v1/imports/products", bytes: Array(products.utf8), contentType: "text/csv")
            #expect((bad.object?["problems"] as? [[String: Any]])?.first?["column"] as? String == "标价")
            let goodProducts = products.replacingOccurrences(of: ",abc,", with: ",10,")
            #expect(try await admin.send(.POST, "/api/v1/imports/products", bytes: Array(goodProducts.utf8), contentType: "text/csv").object?["written_rows"] as? Int == 2)

            let interactions = "客户,渠道,时间,方向,排队时长,备注\n北京华信科技有限公司,呼叫中心,2026-03-05 14:30,呼入,35,询价\n北京华信科技有限公司,电话,2026-02-30,呼出,,\n上海星辰贸易有限公司,拜访,2026-01-10,,,\n"
            let badCalls = try await admin.send(.POST, "/api/v1/imports/interactions", bytes: Array(interactions.utf8), contentType: "text/csv")
            #expect((badCalls.object?["problems"] as? [[String: Any]])?.first?["column"] as? String == "时间")
            let goodCalls = interactions.replacingOccurrences(of: "2026-02-30", with: "2026-02-28")
            #expect(try await admin.send(.POST, "/api/v1/imports/interactions", bytes: Array(goodCalls.utf8), contentType: "text/csv").object?["written_rows"] as? Int == 3)
            let customer = try await admin.send(.GET, "/api/v1/customers?q=\("华信科".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            // 14:30 in Shanghai is 06:30 UTC.
            #expect(customer.items.first?["last_interaction_at"] as? String == "2026-03-05T06:30:00Z")
        }
    }

    @Test("CSV export opens in Excel (BOM), round-trips Chinese in GB18030 and imports back")
    func exportRoundTrip() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            try await admin.send(.POST, "/api/v1/imports/customers", bytes: Array(Self.csv.utf8), contentType: "text/csv")
            let utf8 = try await admin.send(.GET, "/api/v1/customers/export?sort=oldest")
            #expect(utf8.headers.contentType?.serialize().hasPrefix("text/csv") == true)
            let bytes = [UInt8](utf8.raw)
            #expect(Array(bytes.prefix(3)) == CSVWriter.utf8BOM)
            let records = try CSVReader.records(bytes)
            #expect(records.count == 4)
            #expect(records[3].fields[2] == "Acme Trading, Inc.")
            let gb = try await admin.send(.GET, "/api/v1/customers/export?encoding=gb18030&tag=vip")
            let decoded = try TextTranscoder.decode([UInt8](gb.raw), as: nil)
            #expect(decoded.encoding == .gb18030)
            let text = String(decoding: decoded.utf8, as: UTF8.self)
            #expect(text.contains("北京华信科技有限公司"))
            #expect(!text.contains("上海星辰"))

            // The export imports into an empty company without edits, with what a spreadsheet would have taken for a
            // formula (and the export therefore guarded) and the custom fields as they were.
            let guarded = try await admin.send(.POST, "/api/v1/customers", json: [
                "name": "-Minus 公司", "phone": "+86 138-0013-8001", "address": "=1+2", "custom_fields": ["级别": "A", "备注": "-负数"],
            ])
            #expect(guarded.status == .created)
            let again = [UInt8](try await admin.send(.GET, "/api/v1/customers/export?sort=oldest").raw)
            try await withGuanxi { other, _ in
                let otherAdmin = try await APIClient.signIn(other)
                let report = try await otherAdmin.send(.POST, "/api/v1/imports/customers", bytes: again, contentType: "text/csv")
                #expect(report.object?["written_rows"] as? Int == 4)
                let back = try #require(try await otherAdmin.send(.GET, "/api/v1/customers?sort=newest&limit=1").items.first)
                #expect(back["name"] as? String == "-Minus 公司")
                #expect(back["phone"] as? String == "+86 138-0013-8001")
                #expect(back["address"] as? String == "=1+2")
                #expect(back["custom_fields"] as? [String: String] == ["级别": "A", "备注": "-负数"])
            }
        }
    }

    @Test("Follow-up rules create each task once, even when two instances run them at the same time")
    func rulesCreateOneTask() async throws {
        try await withTwoInstances { app1, app2, clock in
            let admin = try await APIClient.signIn(app1)
            let key = try await admin.send(.POST, "/api/v1/customers", json: ["name": "重点客户甲", "tags": ["key"], "stage": "customer"])
            let keyID = try #require(key.object?["id"] as? Int)
            try await admin.send(.POST, "/api/v1/customers", json: ["name": "普通客户乙", "stage": "customer"])
            let quiet = try await admin.send(.POST, "/api/v1/follow-up-rules", json: [
                "name": "重点客户每14天联系", "trigger": "no_interaction", "days": 14, "tag": "key", "task_title": "联系重点客户", "priority": "high",
            ])
            #expect(quiet.status == .created)
            let afterVisit = try await admin.send(.POST, "/api/v1/follow-up-rules", json: [
                "name": "拜访后3天回访", "trigger": "after_interaction", "days": 3, "channel": "visit", "task_title": "拜访回访",
            ])
            #expect(afterVisit.status == .created)
            #expect(try await admin.send(.POST, "/api/v1/follow-up-rules", json: [
                "name": "x", "trigger": "after_interaction", "days": 0, "tag": "key", "task_title": "x",
            ]).errorFields.keys.sorted() == ["days", "tag"])

            clock.advance(86_400)
            try await admin.send(.POST, "/api/v1/customers/\(keyID)/interactions", json: ["channel": "visit"])
            #expect(try await app1.guanxi.rules(on: app1.db).runAll() == 0)

            clock.advance(15 * 86_400)
            async let first = app1.guanxi.rules(on: app1.db).runAll()
            async let second = app2.guanxi.rules(on: app2.db).runAll()
            #expect(try await first + second == 2)
            let tasks = try await admin.send(.GET, "/api/v1/tasks?view=overdue")
            #expect(tasks.items.count == 0)
            let mine = try await admin.send(.GET, "/api/v1/tasks")
            #expect(mine.items.compactMap { $0["title"] as? String }.sorted() == ["拜访回访", "联系重点客户"])
            #expect(mine.items.allSatisfy { $0["customer_id"] as? Int == keyID })

            // Running again changes nothing; a new interaction and another quiet spell give one new task.
            #expect(try await app2.guanxi.rules(on: app2.db).runAll() == 0)
            try await admin.send(.POST, "/api/v1/customers/\(keyID)/interactions", json: ["channel": "phone"])
            clock.advance(14 * 86_400 + 60)
            #expect(try await app1.guanxi.rules(on: app1.db).runAll() == 1)
            clock.advance(86_400)
            // A month has passed: the first token expired.
            let overdue = try await APIClient.signIn(app2).send(.GET, "/api/v1/tasks?view=overdue")
            #expect(overdue.items.count == 3)
        }
    }

    @Test("Two instances writing to one database at once: every change lands, none fails on the other's lock")
    func concurrentWrites() async throws {
        try await withTwoInstances { app1, app2, _ in
            let first = try await APIClient.signIn(app1)
            let second = try await APIClient.signIn(app2)
            var ids: [Int] = []
            for index in 0..<4 {
                ids.append(try #require(try await first.send(.POST, "/api/v1/customers", json: ["name": "并发客户\(index)"]).object?["id"] as? Int))
            }
            // Each write reads first (may this user touch the customer?) and then writes, in one transaction.
            var writes: [@Sendable () async throws -> HTTPStatus] = []
            for round in 0..<12 {
                for (client, id) in [(first, ids[round % 4]), (second, ids[(round + 1) % 4])] {
                    writes.append { try await client.send(.POST, "/api/v1/customers/\(id)/interactions", json: ["channel": "phone", "subject": "#\(round)"]).status }
                    writes.append { try await client.send(.POST, "/api/v1/tasks", json: ["customer_id": id, "title": "回访 \(round)", "due_at": "2030-01-01T00:00:00Z"]).status }
                }
            }
            // Four writes in flight, about two on each instance: as many as the test's connection pools hold, so the
            // writes meet each other's locks in the database and never queue for a connection (which, on a busy
            // machine, would time out and say nothing about locking).
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                var pending = writes.makeIterator()
                for _ in 0..<4 { if let write = pending.next() { group.addTask(operation: write) } }
                var statuses: [HTTPStatus] = []
                while let status = try await group.next() {
                    statuses.append(status)
                    if let write = pending.next() { group.addTask(operation: write) }
                }
                return statuses
            }
            #expect(statuses.count == 48)
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses.filter { $0 != .created })")
            var logged = 0
            for id in ids { logged += try await first.send(.GET, "/api/v1/customers/\(id)/interactions?limit=100").items.count }
            #expect(logged == 24)
        }
    }

    @Test("While an import runs on an SQLite file, every event loop's request connection still answers")
    func importKeepsRequestConnectionsFree() async throws {
        let (location, cleanup) = sharedDatabase()
        defer { cleanup() }
        guard case .sqliteFile = location else { return }  // PostgreSQL's pool has connections to spare
        try await withGuanxi(database: location) { app, _ in
            let file = "name\n" + (1...6_000).map { "客户\($0)" }.joined(separator: "\n") + "\n"
            let answered = Counter(), failed = Counter()
            let report = try await app.guanxi.importer(on: app.bulkLoadDB).run(Array(file.utf8), .init(kind: .customers), by: .commandLine) { _, _ in
                // Inside the import's transaction: a request's read on any event loop must not wait for the import.
                for eventLoop in app.eventLoopGroup.makeIterator() {
                    let db = app.databases.database(logger: app.logger, on: eventLoop)!
                    if (try? await User.query(on: db).count()) != nil { await answered.add() } else { await failed.add() }
                }
            }
            #expect(report.writtenRows == 6_000)
            #expect(await answered.value >= 2)
            #expect(await failed.value == 0)
        }
    }

    @Test("The API document describes an import as the server takes it, and a list's missing segment as 404")
    func documentedImportsAndSegments() async throws {
        try await withGuanxi { app, _ in
            let document = try await OpenAPIConformance.document(app)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let upload = try #require(paths["/imports/{kind}"]?["post"] as? [String: Any])
            let kind = try #require((upload["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "kind" })
            #expect((kind["schema"] as? [String: Any])?["enum"] as? [String] == ["customers", "contacts", "products", "interactions", "orders"])
            #expect(((upload["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["text/csv"] != nil)
            // Checked against the document by the client: a 404 it did not list would be reported.
            let admin = try await APIClient.signIn(app)
            for path in ["/api/v1/customers", "/api/v1/customers/count", "/api/v1/customers/export"] {
                #expect(try await admin.send(.GET, path + "?segment_id=999").status == .notFound)
            }
        }
    }

    @Test("My tasks, overdue and due reminders")
    func taskViews() async throws {
        try await withGuanxi { app, clock in
            let admin = try await APIClient.signIn(app)
            let now = clock.now()
            let iso = ISO8601DateFormatter()
            let soon = try await admin.send(.POST, "/api/v1/tasks", json: [
                "title": "明天回电", "due_at": iso.string(from: now + 86_400), "remind_at": iso.string(from: now + 3_600),
            ])
            let soonID = try #require(soon.object?["id"] as? Int)
            try await admin.send(.POST, "/api/v1/tasks", json: ["title": "昨天就该做", "due_at": iso.string(from: now - 86_400)])
            #expect(try await admin.send(.GET, "/api/v1/tasks").items.compactMap { $0["title"] as? String } == ["昨天就该做", "明天回电"])
            #expect(try await admin.send(.GET, "/api/v1/tasks?view=overdue").items.count == 1)
            #expect(try await admin.send(.GET, "/api/v1/tasks?view=reminders").items.isEmpty)
            clock.advance(3_601)
            #expect(try await admin.send(.GET, "/api/v1/tasks?view=reminders").items.compactMap { $0["id"] as? Int } == [soonID])
            let done = try await admin.send(.PATCH, "/api/v1/tasks/\(soonID)", json: ["version": 1, "status": "done"])
            #expect(done.object?["completed_at"] is String)
            #expect(try await admin.send(.GET, "/api/v1/tasks?view=reminders").items.isEmpty)
            #expect(try await admin.send(.GET, "/api/v1/tasks?view=soon").status == .badRequest)
        }
    }
}

/// A count that concurrent closures can add to.
actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}
