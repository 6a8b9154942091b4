import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// The state of one import while its batches go through: column positions, keys seen earlier in the file.
struct ImportSession {
    let kind: ImportKind
    let fields: [Int: String]
    let headers: [String]
    let columnCount: Int
    let options: DataImporter.Options
    let context: ImportContext
    let actor: Actor
    let now: Date
    let timeZone: TimeZone
    /// Duplicate keys (name/phone/email, or SKU) → the line that first had them.
    var seenKeys: [String: Int] = [:]

    init(kind: ImportKind, fields: [Int: String], headers: [String], columnCount: Int, options: DataImporter.Options,
         context: ImportContext, actor: Actor, now: Date, timeZone: TimeZone) {
        self.kind = kind
        self.fields = fields
        self.headers = headers
        self.columnCount = columnCount
        self.options = options
        self.context = context
        self.actor = actor
        self.now = now
        self.timeZone = timeZone
    }

    /// One record's cells by field name.
    struct Row {
        let line: Int
        var values: [String: String]
        subscript(_ field: String) -> String { values[field] ?? "" }
    }

    mutating func process(_ records: [CSVRecord], into report: inout ImportReport, on db: any Database) async throws {
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for record in records {
            report.totalRows += 1
            if record.fields.count > columnCount {
                report.add(ImportProblem(line: record.line, column: "", reason: .wrongColumnCount(expected: columnCount, found: record.fields.count)))
                continue
            }
            var values: [String: String] = [:]
            for (index, field) in fields where index < record.fields.count {
                values[field] = record.fields[index].trimmedWhitespace
            }
            rows.append(Row(line: record.line, values: values))
        }
        switch kind {
        case .customers: try await importCustomers(rows, &report, db)
        case .contacts: try await importContacts(rows, &report, db)
        case .products: try await importProducts(rows, &report, db)
        case .interactions: try await importInteractions(rows, &report, db)
        }
    }

    private func header(_ field: String) -> String {
        if let index = fields.first(where: { $0.value == field })?.key, index < headers.count { return headers[index] }
        return field
    }

    private func problem(_ row: Row, _ field: String, _ reason: ImportProblemReason, _ report: inout ImportReport) {
        report.add(ImportProblem(line: row.line, column: header(field), reason: reason))
    }

    private func fieldProblem(_ row: Row, _ field: String, _ problem: FieldProblem?, _ report: inout ImportReport) -> Bool {
        guard let problem else { return false }
        report.add(ImportProblem(line: row.line, column: header(field), reason: .field(FieldProblemCode(problem))))
        return true
    }

    // MARK: Customers

    private mutating func importCustomers(_ rows: [Row], _ report: inout ImportReport, _ db: any Database) async throws {
        struct Candidate { let row: Row; let values: [BulkValue]; let tags: [String]; let keys: [String] }
        var candidates: [Candidate] = []
        for row in rows {
            var bad = false
            let name = row["name"]
            bad = fieldProblem(row, "name", CustomerRules.check(name: name), &report) || bad
            var kind = CustomerKind.company
            if !row["kind"].isEmpty {
                if let value = ImportValues.kind(row["kind"]) { kind = value }
                else { bad = fieldProblem(row, "kind", .notOneOf(CustomerKind.allCases.map(\.rawValue)), &report) || bad }
            }
            var stage = LifecycleStage.lead
            if !row["stage"].isEmpty {
                if let value = ImportValues.stage(row["stage"]) { stage = value }
                else { bad = fieldProblem(row, "stage", .notOneOf(LifecycleStage.allCases.map(\.rawValue)), &report) || bad }
            }
            for field in ["industry", "region", "address", "website", "source"] {
                bad = fieldProblem(row, field, CustomerRules.check(text: row[field]), &report) || bad
            }
            bad = fieldProblem(row, "phone", CustomerRules.check(phone: row["phone"]), &report) || bad
            bad = fieldProblem(row, "email", CustomerRules.check(optionalEmail: row["email"]), &report) || bad
            var owner = actor.userID
            if !row["owner"].isEmpty {
                if let id = context.usersByName[row["owner"].lowercased()] { owner = id }
                else { problem(row, "owner", .unknownOwner(row["owner"]), &report); bad = true }
            }
            let tags = CustomerRules.tags(fromList: row["tags"])
            bad = fieldProblem(row, "tags", CustomerRules.check(tags: tags), &report) || bad
            var spend: Int64?
            if !row["annual_category_spend"].isEmpty {
                if let value = MinorUnits.parse(row["annual_category_spend"]), value >= 0 { spend = value }
                else { bad = fieldProblem(row, "annual_category_spend", .invalidAmount, &report) || bad }
            }
            var consent = false
            if !row["marketing_consent"].isEmpty {
                if let value = ImportValues.bool(row["marketing_consent"]) { consent = value }
                else { problem(row, "marketing_consent", .field(.invalidBoolean), &report); bad = true }
            }
            var custom: [String: String] = [:]
            for (field, value) in row.values where field.hasPrefix("custom:") && !value.isEmpty {
                custom[String(field.dropFirst("custom:".count))] = value
            }
            let keys = [DuplicateKey.name(name).map { "n:" + $0 }, DuplicateKey.phone(row["phone"]).map { "p:" + $0 },
                        DuplicateKey.email(row["email"]).map { "e:" + $0 }].compactMap { $0 }
            if !options.allowDuplicates, let earlier = keys.compactMap({ seenKeys[$0] }).min() {
                problem(row, "name", .duplicateInFile(line: earlier), &report)
                bad = true
            }
            for key in keys where seenKeys[key] == nil { seenKeys[key] = row.line }
            if bad { continue }
            let searchText = CustomerRules.searchText(name: name, phone: row["phone"], email: row["email"])
            let values: [BulkValue] = [
                .text(kind.rawValue), .text(name), .text(row["industry"]), .text(row["region"]), .text(row["address"]),
                .text(row["phone"]), .text(row["email"]), .text(row["website"]), .text(row["source"]), .int(owner),
                .text(stage.rawValue), .text(Customer.encodeCustomFields(custom)), .int(spend), .bool(consent),
                .text(DuplicateKey.name(name)), .text(DuplicateKey.phone(row["phone"])), .text(DuplicateKey.email(row["email"])),
                .text(searchText), .int(actor.userID), .int(1), .date(now), .date(now),
            ]
            candidates.append(Candidate(row: row, values: values, tags: tags, keys: keys))
        }
        if !options.allowDuplicates, !candidates.isEmpty {
            let existing = try await existingCustomerKeys(candidates.flatMap(\.keys), db)
            candidates = candidates.filter { candidate in
                guard let id = candidate.keys.compactMap({ existing[$0] }).min() else { return true }
                problem(candidate.row, "name", .duplicateExisting(id: id), &report)
                return false
            }
        }
        report.validRows += candidates.count
        // Once any problem is known the transaction will roll back; writing more would only cost time.
        guard report.succeeded, !candidates.isEmpty else { return }
        let ids = try await BulkWriter.insert(into: Customer.schema, columns: [
            "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner_id", "stage",
            "custom_fields", "annual_category_spend", "marketing_consent", "name_key", "phone_key", "email_key", "search_text",
            "created_by_id", "version", "created_at", "updated_at",
        ], rows: candidates.map(\.values), returningIDs: true, on: db)
        var tagRows: [[BulkValue]] = []
        for (candidate, id) in zip(candidates, ids) {
            for tag in candidate.tags { tagRows.append([.int(id), .text(tag)]) }
        }
        try await BulkWriter.insert(into: "customer_tags", columns: ["customer_id", "tag"], rows: tagRows, on: db)
        report.writtenRows += ids.count
    }

    /// Existing live customers having any of the keys ("n:…", "p:…", "e:…") → the lowest such customer id.
    private func existingCustomerKeys(_ keys: [String], _ db: any Database) async throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        let sql = try db.sql()
        for (prefix, column) in [("n:", "name_key"), ("p:", "phone_key"), ("e:", "email_key")] {
            let values = keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(2)) }
            guard !values.isEmpty else { continue }
            let rows = try await sql.select().column("id").column(column).from(Customer.schema)
                .where(SQLColumn(column), .in, SQLBind.group(values)).where("deleted_at", .is, SQLLiteral.null).all()
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let key = prefix + (try row.decode(column: column, as: String.self))
                out[key] = min(out[key] ?? id, id)
            }
        }
        return out
    }

    // MARK: Contacts

    private mutating func importContacts(_ rows: [Row], _ report: inout ImportReport, _ db: any Database) async throws {
        let customers = try await resolveCustomers(rows.map { $0["customer"] }, db)
        var values: [[BulkValue]] = []
        var touched = Set<Int64>()
        for row in rows {
            var bad = false
            let customerID = customers[row["customer"]]
            if customerID == nil { problem(row, "customer", .unknownCustomer(row["customer"]), &report); bad = true }
            bad = fieldProblem(row, "name", CustomerRules.check(name: row["name"]), &report) || bad
            bad = fieldProblem(row, "title", CustomerRules.check(text: row["title"], maximum: 100), &report) || bad
            bad = fieldProblem(row, "phone", CustomerRules.check(phone: row["phone"]), &report) || bad
            bad = fieldProblem(row, "mobile", CustomerRules.check(phone: row["mobile"]), &report) || bad
            bad = fieldProblem(row, "email", CustomerRules.check(optionalEmail: row["email"]), &report) || bad
            var birthday: String?
            if !row["birthday"].isEmpty {
                if let day = LocalDateParser.date(row["birthday"]) { birthday = String(format: "%04d-%02d-%02d", day.year, day.month, day.day) }
                else { bad = fieldProblem(row, "birthday", .invalidDate, &report) || bad }
            }
            var primary = false
            if !row["is_primary"].isEmpty {
                if let value = ImportValues.bool(row["is_primary"]) { primary = value }
                else { problem(row, "is_primary", .field(.invalidBoolean), &report); bad = true }
            }
            guard !bad, let customerID else { continue }
            touched.insert(customerID)
            values.append([.int(customerID), .text(row["name"]), .text(row["title"]), .text(row["phone"]), .text(row["mobile"]),
                           .text(row["email"]), .text(row["wechat_id"]), .text(birthday), .bool(primary), .int(actor.userID),
                           .int(1), .date(now), .date(now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Contact.schema, columns: [
            "customer_id", "name", "title", "phone", "mobile", "email", "wechat_id", "birthday", "is_primary", "created_by_id",
            "version", "created_at", "updated_at",
        ], rows: values, on: db)
        for id in touched { try await CustomerBook.refreshSearchText(customerID: id, on: db) }
        report.writtenRows += values.count
    }

    /// Customer cells → ids: a number is an id, anything else an exact (normalised) name that must be unambiguous.
    private func resolveCustomers(_ cells: [String], _ db: any Database) async throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        let ids = Set(cells.compactMap { Int64($0) })
        if !ids.isEmpty {
            let found = try await Customer.query(on: db).filter(\.$id ~~ ids).filter(\.$deletedAt == nil).all(\.$id)
            for id in found { out[String(id)] = id }
        }
        let names = Dictionary(cells.filter { Int64($0) == nil && !$0.isEmpty }.compactMap { cell in DuplicateKey.name(cell).map { ($0, cell) } },
                               uniquingKeysWith: { first, _ in first })
        if !names.isEmpty {
            let rows = try await db.sql().select().column("id").column("name_key").from(Customer.schema)
                .where(SQLColumn("name_key"), .in, SQLBind.group(Array(names.keys))).where("deleted_at", .is, SQLLiteral.null).all()
            var byKey: [String: [Int64]] = [:]
            for row in rows { byKey[try row.decode(column: "name_key", as: String.self), default: []].append(try row.decode(column: "id", as: Int64.self)) }
            for cell in cells where Int64(cell) == nil {
                if let key = DuplicateKey.name(cell), let matches = byKey[key], matches.count == 1 { out[cell] = matches[0] }
            }
        }
        return out
    }

    // MARK: Products

    private mutating func importProducts(_ rows: [Row], _ report: inout ImportReport, _ db: any Database) async throws {
        let skus = rows.map { $0["sku"] }.filter { !$0.isEmpty }
        var existing: [String: Int64] = [:]
        if !skus.isEmpty {
            for product in try await Product.query(on: db).filter(\.$sku ~~ skus).all() { existing[product.sku] = product.id }
        }
        var values: [[BulkValue]] = []
        for row in rows {
            var bad = false
            let sku = row["sku"]
            if sku.isEmpty { bad = fieldProblem(row, "sku", .required, &report) || bad }
            else if let earlier = seenKeys["sku:" + sku] { problem(row, "sku", .duplicateInFile(line: earlier), &report); bad = true }
            else if let id = existing[sku] { problem(row, "sku", .duplicateExisting(id: id), &report); bad = true }
            if !sku.isEmpty, seenKeys["sku:" + sku] == nil { seenKeys["sku:" + sku] = row.line }
            bad = fieldProblem(row, "name", CustomerRules.check(name: row["name"]), &report) || bad
            var prices: [Int64] = []
            for field in ["list_price", "unit_cost"] {
                if row[field].isEmpty { prices.append(0) }
                else if let value = MinorUnits.parse(row[field]), value >= 0 { prices.append(value) }
                else { prices.append(0); bad = fieldProblem(row, field, .invalidAmount, &report) || bad }
            }
            var launch: String?
            if !row["launch_date"].isEmpty {
                if let day = LocalDateParser.date(row["launch_date"]) { launch = String(format: "%04d-%02d-%02d", day.year, day.month, day.day) }
                else { bad = fieldProblem(row, "launch_date", .invalidDate, &report) || bad }
            }
            var flags: [Bool] = []
            for (field, fallback) in [("is_agent_product", false), ("active", true)] {
                if row[field].isEmpty { flags.append(fallback) }
                else if let value = ImportValues.bool(row[field]) { flags.append(value) }
                else { flags.append(fallback); problem(row, field, .field(.invalidBoolean), &report); bad = true }
            }
            if bad { continue }
            values.append([.text(sku), .text(row["name"]), .text(row["category"]), .text(row["unit"]), .int(prices[0]), .int(prices[1]),
                           .text(row["brand"]), .text(row["manufacturer"]), .bool(flags[0]), .text(launch), .bool(flags[1]),
                           .int(1), .date(now), .date(now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Product.schema, columns: [
            "sku", "name", "category", "unit", "list_price", "unit_cost", "brand", "manufacturer", "is_agent_product",
            "launch_date", "active", "version", "created_at", "updated_at",
        ], rows: values, on: db)
        report.writtenRows += values.count
    }

    // MARK: Interactions

    private mutating func importInteractions(_ rows: [Row], _ report: inout ImportReport, _ db: any Database) async throws {
        let customers = try await resolveCustomers(rows.map { $0["customer"] }, db)
        var values: [[BulkValue]] = []
        var touched = Set<Int64>()
        for row in rows {
            var bad = false
            let customerID = customers[row["customer"]]
            if customerID == nil { problem(row, "customer", .unknownCustomer(row["customer"]), &report); bad = true }
            let channel = ImportValues.channel(row["channel"])
            if channel == nil { bad = fieldProblem(row, "channel", .notOneOf(InteractionChannel.allCases.map(\.rawValue)), &report) || bad }
            var direction = InteractionDirection.outbound
            if !row["direction"].isEmpty {
                if let value = ImportValues.direction(row["direction"]) { direction = value }
                else { bad = fieldProblem(row, "direction", .notOneOf(InteractionDirection.allCases.map(\.rawValue)), &report) || bad }
            }
            let occurredAt = LocalDateParser.dateTime(row["occurred_at"], timeZone: timeZone)
            if occurredAt == nil { bad = fieldProblem(row, "occurred_at", row["occurred_at"].isEmpty ? .required : .invalidDate, &report) || bad }
            var user = actor.userID
            if !row["user"].isEmpty {
                if let id = context.usersByName[row["user"].lowercased()] { user = id }
                else { problem(row, "user", .unknownOwner(row["user"]), &report); bad = true }
            }
            var numbers: [Int?] = []
            for field in ["duration_seconds", "queue_wait_seconds"] {
                if row[field].isEmpty { numbers.append(nil) }
                else if let value = Int(row[field]), (0...86_400).contains(value) { numbers.append(value) }
                else { numbers.append(nil); bad = fieldProblem(row, field, .outOfRange(minimum: 0, maximum: 86_400), &report) || bad }
            }
            var abandoned: Bool?
            if !row["abandoned"].isEmpty {
                if let value = ImportValues.bool(row["abandoned"]) { abandoned = value }
                else { problem(row, "abandoned", .field(.invalidBoolean), &report); bad = true }
            }
            if channel != .callCenter || direction != .inbound {
                if numbers[1] != nil { bad = fieldProblem(row, "queue_wait_seconds", .notAllowed, &report) || bad }
                if abandoned != nil { bad = fieldProblem(row, "abandoned", .notAllowed, &report) || bad }
            }
            bad = fieldProblem(row, "notes", CustomerRules.check(text: row["notes"], maximum: CustomerRules.maximumNotesLength), &report) || bad
            guard !bad, let customerID, let channel, let occurredAt else { continue }
            touched.insert(customerID)
            values.append([.int(customerID), .int(user), .text(channel.rawValue), .text(direction.rawValue), .date(occurredAt),
                           .int(Int64(numbers[0] ?? 0)), .text(row["subject"]), .text(row["notes"]), .text(row["outcome"]),
                           .int(numbers[1].map(Int64.init)), abandoned.map(BulkValue.bool) ?? .null, .int(1), .date(now), .date(now)])
        }
        report.validRows += values.count
        guard report.succeeded, !values.isEmpty else { return }
        try await BulkWriter.insert(into: Interaction.schema, columns: [
            "customer_id", "user_id", "channel", "direction", "occurred_at", "duration_seconds", "subject", "notes", "outcome",
            "queue_wait_seconds", "abandoned", "version", "created_at", "updated_at",
        ], rows: values, on: db)
        try await db.sql().raw("""
            UPDATE customers SET last_interaction_at = (SELECT MAX(occurred_at) FROM interactions WHERE interactions.customer_id = customers.id)
            WHERE id IN \(SQLBind.group(Array(touched)))
            """).run()
        report.writtenRows += values.count
    }
}

/// Spellings an import cell may use for enumerations and yes/no, in English and Chinese.
enum ImportValues {
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "是", "有", "√", "x": true
        case "false", "no", "n", "0", "否", "无", "": false
        default: nil
        }
    }

    static func kind(_ text: String) -> CustomerKind? {
        switch text.lowercased() {
        case "company", "公司", "企业", "单位", "organisation", "organization": .company
        case "person", "个人", "individual": .person
        default: nil
        }
    }

    static func stage(_ text: String) -> LifecycleStage? {
        if let stage = LifecycleStage(rawValue: text.lowercased()) { return stage }
        switch text {
        case "线索": return .lead
        case "潜在客户", "意向客户", "商机": return .prospect
        case "客户", "成交客户", "正式客户": return .customer
        case "不活跃", "休眠", "沉睡": return .inactive
        case "流失", "已流失": return .lost
        default: return nil
        }
    }

    static func direction(_ text: String) -> InteractionDirection? {
        switch text.lowercased() {
        case "inbound", "in", "呼入", "来电", "客户发起": .inbound
        case "outbound", "out", "呼出", "去电", "我方发起": .outbound
        default: nil
        }
    }

    static func channel(_ text: String) -> InteractionChannel? {
        if let channel = InteractionChannel(rawValue: text.lowercased()) { return channel }
        switch text {
        case "电话": return .phone
        case "邮件", "电子邮件", "email": return .email
        case "传真": return .fax
        case "信函", "信件": return .letter
        case "拜访", "上门": return .visit
        case "会议", "会面": return .meeting
        case "短信": return .sms
        case "微信": return .wechat
        case "网站", "网页": return .website
        case "呼叫中心": return .callCenter
        case "服务中心": return .serviceCenter
        case "在线社区", "社区", "论坛": return .onlineCommunity
        default: return nil
        }
    }
}
