import Fluent
import Foundation
import GuanxiCore
import SQLKit

/// Customers from a file: the import that has to be fast (a million rows in seconds). Each field is checked by the
/// rules the form and the API use (`CustomerRules`), called once per cell with no allocation per row; duplicates
/// are looked for among the file's earlier lines and the live customers.
///
/// `DataImporter.importCustomers` runs `validateCustomers` and `screenExisting` over the whole file first, outside
/// the write lock, then `write`s the checked batches in one transaction; `process` is the same steps one batch at a
/// time.
struct CustomerImport: ImportKindProcessor {
    static let columns: [ImportColumns.Column] = [
        .init(field: "name", required: true, aliases: ["客户名称", "名称", "客户", "公司名称", "姓名", "customer", "customer name", "company"]),
        .init(field: "kind", required: false, aliases: ["类型", "客户类型", "type"]),
        .init(field: "industry", required: false, aliases: ["行业"]),
        .init(field: "region", required: false, aliases: ["地区", "区域", "省份", "城市"]),
        .init(field: "address", required: false, aliases: ["地址"]),
        .init(field: "phone", required: false, aliases: ["电话", "联系电话", "手机", "telephone", "tel"]),
        .init(field: "email", required: false, aliases: ["邮箱", "电子邮件", "电子邮箱", "e-mail", "mail"]),
        .init(field: "website", required: false, aliases: ["网址", "网站", "url"]),
        .init(field: "source", required: false, aliases: ["来源", "客户来源"]),
        .init(field: "owner", required: false, aliases: ["负责人", "销售", "所属销售", "owner_username"]),
        .init(field: "stage", required: false, aliases: ["阶段", "生命周期", "lifecycle stage"]),
        .init(field: "tags", required: false, aliases: ["标签", "tag"]),
        .init(field: "annual_category_spend", required: false, aliases: ["年采购额", "年度品类采购额", "estimated annual spend"]),
        .init(field: "marketing_consent", required: false, aliases: ["营销许可", "同意营销", "consent"]),
    ]

    let session: ImportSession
    let customerColumns: CustomerColumns
    /// Duplicate keys of the customers (normalised name, phone, e-mail) → the line that first had them.
    var seenNames = FirstLineIndex()
    var seenPhones = FirstLineIndex()
    var seenEmails = FirstLineIndex()
    /// The id the next written customer gets, when the importer numbers them itself (SQLite, during a search index
    /// pause); nil lets the database number them.
    var nextCustomerID: Int64?
    /// Every live customer's duplicate keys, when the import read them all at the start (`loadExistingKeys`): then
    /// the rows are screened against them in memory, without the key indexes.
    var existingKeys: ExistingKeys?

    init(session: ImportSession) {
        self.session = session
        self.customerColumns = CustomerColumns(session.columns)
    }

    mutating func process(_ rows: [Row], into report: inout ImportReport, on db: any Database) async throws {
        var batch = validateCustomers(rows, into: &report)
        try await screenExisting(&batch, into: &report, on: db)
        if report.succeeded { report.writtenRows += try await Self.write(batch, on: db) }
    }

    /// Where each customer field sits in the file.
    struct CustomerColumns {
        let name, kind, stage, industry, region, address, website, source, phone, email, owner, tags, spend, consent, customFields: Int?
        let custom: [(name: String, column: Int)]

        init(_ columns: [String: Int]) {
            name = columns["name"]; kind = columns["kind"]; stage = columns["stage"]; industry = columns["industry"]
            region = columns["region"]; address = columns["address"]; website = columns["website"]; source = columns["source"]
            phone = columns["phone"]; email = columns["email"]; owner = columns["owner"]; tags = columns["tags"]
            spend = columns["annual_category_spend"]; consent = columns["marketing_consent"]
            customFields = columns[ImportColumns.customFieldsColumn]
            custom = columns.compactMap { field, column in
                field.hasPrefix("custom:") ? (String(field.dropFirst("custom:".count)), column) : nil
            }.sorted { $0.column < $1.column }
        }
    }

    /// Customers that passed the checks of their own rows, ready to be written.
    struct CustomerBatch: Sendable {
        struct Candidate: Sendable {
            let line: Int
            let nameKey: String?
            let phoneKey: String?
            let emailKey: String?
        }
        var candidates: [Candidate] = []
        /// The candidates' rows for `customerColumnNames` with the id in front, in candidate order.
        var values = BulkRows(width: CustomerImport.customerColumnNames.count + 1)
        /// Each candidate's tags, by its position in `candidates`.
        var tags: [(candidate: Int, tag: String)] = []
        /// The columns every customer of the import shares (who created it, when), sent once per statement.
        var shared: [(column: String, value: BulkValue)] = []
        /// Whether the first of `values`, the customer's id, is set (see `nextCustomerID`); otherwise it is a
        /// placeholder the database's numbering replaces. The slot is there from the start: inserting it in front
        /// afterwards copied every row.
        var numbered = false
    }

    static let customerColumnNames = [
        "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner_id", "stage",
        "custom_fields", "annual_category_spend", "marketing_consent", "name_key", "phone_key", "email_key", "search_text", "name_sort_key",
    ]

    /// The checks each row can have on its own and against the rows before it; no database work, so this runs while
    /// the previous batch is being written.
    mutating func validateCustomers(_ rows: [Row], into report: inout ImportReport) -> CustomerBatch {
        let columns = customerColumns
        var batch = CustomerBatch()
        batch.candidates.reserveCapacity(rows.count)
        batch.values = BulkRows(width: Self.customerColumnNames.count + 1, reservingRows: rows.count)
        batch.shared = [("created_by_id", .int(session.actor.userID)), ("version", .int(1)), ("created_at", .date(session.now)), ("updated_at", .date(session.now))]
        for row in rows {
            var bad = false
            let name = row.cell(columns.name)
            bad = session.fieldProblem(row, "name", CustomerRules.check(name: name), &report) || bad
            var kind = CustomerKind.company
            let kindCell = row.cell(columns.kind)
            if !kindCell.isEmpty {
                if let value = ImportValues.kind(kindCell) { kind = value }
                else { bad = session.fieldProblem(row, "kind", .notOneOf(CustomerKind.allCases.map(\.rawValue)), &report) || bad }
            }
            var stage = LifecycleStage.lead
            let stageCell = row.cell(columns.stage)
            if !stageCell.isEmpty {
                if let value = ImportValues.stage(stageCell) { stage = value }
                else { bad = session.fieldProblem(row, "stage", .notOneOf(LifecycleStage.allCases.map(\.rawValue)), &report) || bad }
            }
            let industry = row.cell(columns.industry), region = row.cell(columns.region), address = row.cell(columns.address)
            let website = row.cell(columns.website), source = row.cell(columns.source)
            // One call each rather than a loop over pairs, whose array cost an allocation per row.
            bad = session.fieldProblem(row, "industry", CustomerRules.check(text: industry), &report) || bad
            bad = session.fieldProblem(row, "region", CustomerRules.check(text: region), &report) || bad
            bad = session.fieldProblem(row, "address", CustomerRules.check(text: address), &report) || bad
            bad = session.fieldProblem(row, "website", CustomerRules.check(text: website), &report) || bad
            bad = session.fieldProblem(row, "source", CustomerRules.check(text: source), &report) || bad
            let phone = row.cell(columns.phone), email = row.cell(columns.email)
            bad = session.fieldProblem(row, "phone", CustomerRules.check(phone: phone), &report) || bad
            bad = session.fieldProblem(row, "email", CustomerRules.check(optionalEmail: email), &report) || bad
            var owner = session.actor.userID
            let ownerCell = row.cell(columns.owner)
            if !ownerCell.isEmpty {
                if let id = session.context.user(named: ownerCell) { owner = id }
                else { session.problem(row, "owner", session.context.problem(forUser: ownerCell), &report); bad = true }
            }
            let tags = CustomerRules.tags(fromList: row.cell(columns.tags))
            bad = session.fieldProblem(row, "tags", CustomerRules.check(tags: tags), &report) || bad
            var spend: Int64?
            let spendCell = row.cell(columns.spend)
            if !spendCell.isEmpty {
                if let value = MinorUnits.parse(spendCell), value >= 0 { spend = value }
                else { bad = session.fieldProblem(row, "annual_category_spend", .invalidAmount, &report) || bad }
            }
            var consent = false
            let consentCell = row.cell(columns.consent)
            if !consentCell.isEmpty {
                if let value = ImportValues.bool(consentCell) { consent = value }
                else { session.problem(row, "marketing_consent", .field(.invalidBoolean), &report); bad = true }
            }
            var custom: [String: String] = [:]
            let customJSON = row.cell(columns.customFields)
            if !customJSON.isEmpty {
                if let object = Customer.decodeCustomFieldsStrictly(customJSON) { custom = object }
                else { session.problem(row, ImportColumns.customFieldsColumn, .field(.other), &report); bad = true }
            }
            for (field, column) in columns.custom {
                let value = row.cell(column)
                if !value.isEmpty { custom[field] = value }
            }
            if !custom.isEmpty, let trouble = CustomerRules.check(customFields: custom) {
                let column = columns.custom.first.map { session.headers[$0.column] } ?? session.header(ImportColumns.customFieldsColumn)
                report.add(ImportProblem(line: row.line, column: column, reason: .field(FieldProblemCode(trouble))))
                bad = true
            }
            let nameKey = DuplicateKey.name(name), phoneKey = DuplicateKey.phone(phone), emailKey = DuplicateKey.email(email)
            if !session.options.allowDuplicates {
                // The column named is the one whose value matched (the earliest line), so the reader sees why.
                var earliest: (line: Int, field: String)?
                func note(_ key: String?, _ seen: inout FirstLineIndex, _ field: String) {
                    guard let key else { return }
                    let first = seen.firstLine(of: key, otherwise: row.line)
                    if first != row.line, first < earliest?.line ?? .max { earliest = (first, field) }
                }
                note(nameKey, &seenNames, "name")
                note(phoneKey, &seenPhones, "phone")
                note(emailKey, &seenEmails, "email")
                if let earliest {
                    session.problem(row, earliest.field, .duplicateInFile(line: earliest.line), &report)
                    bad = true
                }
            }
            if bad { continue }
            let searchText = CustomerRules.searchText(name: name, phone: phone, email: email, phoneDigits: phoneKey)
            // In the order of `customerColumnNames`, after the id's slot.
            for value: BulkValue in [
                .null, .text(kind.rawValue), .text(name), .text(industry), .text(region), .text(address), .text(phone), .text(email),
                .text(website), .text(source), .int(owner), .text(stage.rawValue), .text(Customer.encodeCustomFields(custom)),
                .int(spend), .bool(consent), .text(nameKey), .text(phoneKey), .text(emailKey), .text(searchText), .text(PinyinSortKey.key(name)),
            ] { batch.values.append(value) }
            for tag in tags { batch.tags.append((batch.candidates.count, tag)) }
            batch.candidates.append(.init(line: row.line, nameKey: nameKey, phoneKey: phoneKey, emailKey: emailKey))
        }
        return batch
    }

    /// Room for the duplicate keys of about `rows` customers, so the tables do not grow (and rehash) twenty times
    /// on the way to a million.
    mutating func expectCustomers(_ rows: Int) {
        guard !session.options.allowDuplicates else { return }
        seenNames = FirstLineIndex(capacity: rows)
        seenPhones = FirstLineIndex(capacity: rows)
        seenEmails = FirstLineIndex(capacity: rows)
    }

    /// Drops (and reports) candidates that match a customer already in the database, counts the valid rows and,
    /// when the importer numbers customers itself, gives each remaining one its id.
    mutating func screenExisting(_ batch: inout CustomerBatch, into report: inout ImportReport, on db: any Database) async throws {
        if !session.options.allowDuplicates, !batch.candidates.isEmpty {
            let existing = if let existingKeys { existingKeys } else { try await existingCustomerKeys(batch.candidates, db) }
            if screen(&batch, against: existing, into: &report) {
                // The import now fails, so this batch is never written: its rows are dropped rather than compacted.
                report.validRows += batch.candidates.count
                batch = CustomerBatch()
                return
            }
        }
        report.validRows += batch.candidates.count
        number(&batch)
    }

    /// Reports the candidates having a key of `existing` and drops them; true when there was any.
    func screen(_ batch: inout CustomerBatch, against existing: ExistingKeys, into report: inout ImportReport) -> Bool {
        let before = batch.candidates.count
        batch.candidates.removeAll { candidate in
            let matches = [(candidate.nameKey.flatMap { existing.names[$0] }, "name"), (candidate.phoneKey.flatMap { existing.phones[$0] }, "phone"),
                           (candidate.emailKey.flatMap { existing.emails[$0] }, "email")]
                .compactMap { id, field in id.map { ($0, field) } }
            guard let (id, field) = matches.min(by: { $0.0 < $1.0 }) else { return false }
            report.add(ImportProblem(line: candidate.line, column: session.header(field), reason: .duplicateExisting(id: id)))
            return true
        }
        return batch.candidates.count < before
    }

    /// Gives each candidate its id, when the importer numbers customers itself.
    mutating func number(_ batch: inout CustomerBatch) {
        guard var next = nextCustomerID else { return }
        for index in batch.candidates.indices {
            batch.values[index, 0] = .int(next)
            next += 1
        }
        nextCustomerID = next
        batch.numbered = true
    }

    /// Writes the customers and their tags; returns how many customers were written.
    static func write(_ batch: CustomerBatch?, on db: any Database) async throws -> Int {
        guard let batch, !batch.candidates.isEmpty else { return 0 }
        precondition(batch.values.count == batch.candidates.count, "a customer batch's rows match its candidates")
        let ids: [Int64]
        if batch.numbered {
            // Numbered customers are written during a search index pause: no full-text upkeep per row.
            try await BulkWriter.insert(into: Customer.schema, columns: ["id"] + customerColumnNames, rows: batch.values, shared: batch.shared,
                                        rowByRow: true, on: db)
            ids = batch.candidates.indices.map { index in
                if case .int(let id) = batch.values[index, 0] { return id }
                return 0
            }
        } else {
            // The database numbers them: the rows without the id's slot.
            var rows = BulkRows(width: customerColumnNames.count, reservingRows: batch.values.count)
            for index in batch.candidates.indices {
                for value in batch.values.row(index).dropFirst() { rows.append(value) }
            }
            ids = try await BulkWriter.insert(into: Customer.schema, columns: customerColumnNames, rows: rows, shared: batch.shared,
                                              returningIDs: true, on: db)
        }
        var tagRows = BulkRows(width: 2, reservingRows: batch.tags.count)
        for (candidate, tag) in batch.tags {
            tagRows.append(.int(ids[candidate]))
            tagRows.append(.text(tag))
        }
        try await BulkWriter.insert(into: "customer_tags", columns: ["customer_id", "tag"], rows: tagRows, rowByRow: true, on: db)
        return ids.count
    }

    /// Whether `screenExisting` does without the database (so it may run while a batch is being written).
    var screensInMemory: Bool { session.options.allowDuplicates || existingKeys != nil }

    /// Duplicate keys of live customers → the lowest such customer id.
    struct ExistingKeys {
        var names: [String: Int64] = [:]
        var phones: [String: Int64] = [:]
        var emails: [String: Int64] = [:]
    }

    /// Reads every live customer's keys: for a load at least as large as the table, one pass over it costs less
    /// than keeping the three key indexes up row by row, and leaves the load free to set all indexes aside.
    static func loadExistingKeys(on db: any Database) async throws -> ExistingKeys {
        try await keys(of: db.sql().select().column("id").column("name_key").column("phone_key").column("email_key")
            .from(Customer.schema).where("deleted_at", .is, SQLLiteral.null))
    }

    /// The keys of live customers added after `lastID` or changed since `since`: those a check made before the
    /// write lock could not see.
    static func keysChanged(after lastID: Int64, since: Date, on db: any Database) async throws -> ExistingKeys {
        try await keys(of: db.sql().select().column("id").column("name_key").column("phone_key").column("email_key")
            .from(Customer.schema).where("deleted_at", .is, SQLLiteral.null)
            .where { $0.where("id", .greaterThan, SQLBind(lastID)).orWhere("updated_at", .greaterThanOrEqual, SQLBind(since)) })
    }

    private static func keys(of query: SQLSelectBuilder) async throws -> ExistingKeys {
        var keys = ExistingKeys()
        let rows = try await query.all()
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            if let key = try row.decode(column: "name_key", as: String?.self) { keys.names[key] = min(keys.names[key] ?? id, id) }
            if let key = try row.decode(column: "phone_key", as: String?.self) { keys.phones[key] = min(keys.phones[key] ?? id, id) }
            if let key = try row.decode(column: "email_key", as: String?.self) { keys.emails[key] = min(keys.emails[key] ?? id, id) }
        }
        return keys
    }

    /// Live customers in the database having any of the candidates' keys, by key → the lowest such customer id.
    private func existingCustomerKeys(_ candidates: [CustomerBatch.Candidate], _ db: any Database) async throws -> ExistingKeys {
        let sql = try db.sql()
        func lookup(_ column: String, _ keys: [String]) async throws -> [String: Int64] {
            guard !keys.isEmpty else { return [:] }
            var out: [String: Int64] = [:]
            let rows = try await sql.select().column("id").column(column).from(Customer.schema)
                .where(SQLColumn(column), .in, SQLBind.group(keys)).where("deleted_at", .is, SQLLiteral.null).all()
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let key = try row.decode(column: column, as: String.self)
                out[key] = min(out[key] ?? id, id)
            }
            return out
        }
        return ExistingKeys(names: try await lookup("name_key", candidates.compactMap(\.nameKey)),
                            phones: try await lookup("phone_key", candidates.compactMap(\.phoneKey)),
                            emails: try await lookup("email_key", candidates.compactMap(\.emailKey)))
    }
}
