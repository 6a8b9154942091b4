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
    /// Field name → column; looked up once per file, so a row is an array of cells rather than a dictionary.
    let columns: [String: Int]
    let customerColumns: CustomerColumns
    /// Duplicate keys of the customers (normalised name, phone, e-mail) and of products (SKU) → the line that first had them.
    var seenNames = FirstLineIndex()
    var seenPhones = FirstLineIndex()
    var seenEmails = FirstLineIndex()
    var seenSKUs: [String: Int] = [:]
    /// The id the next written customer gets, when the importer numbers them itself (SQLite, during a search index
    /// pause); nil lets the database number them.
    var nextCustomerID: Int64?
    /// Every live customer's duplicate keys, when the import read them all at the start (`loadExistingKeys`): then
    /// the rows are screened against them in memory, without the key indexes.
    var existingKeys: ExistingKeys?
    /// Whether the file holds any control byte at all; only then is each cell looked at for one.
    var checksControlCharacters = true

    init(kind: ImportKind, fields: [Int: String], headers: [String], columnCount: Int, options: DataImporter.Options,
         context: ImportContext, actor: Actor, now: Date, timeZone: TimeZone, firstCustomerID: Int64? = nil) {
        self.kind = kind
        self.fields = fields
        self.headers = headers
        self.columnCount = columnCount
        self.options = options
        self.context = context
        self.actor = actor
        self.now = now
        self.timeZone = timeZone
        self.columns = Dictionary(fields.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        self.customerColumns = CustomerColumns(columns)
        self.nextCustomerID = firstCustomerID
    }

    /// One record's cells, trimmed, by column.
    struct Row {
        let line: Int
        let cells: [String]
        let columns: [String: Int]
        subscript(_ field: String) -> String { cell(columns[field]) }
        func cell(_ column: Int?) -> String {
            guard let column, column < cells.count else { return "" }
            return cells[column]
        }
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

    /// The records as rows, each cell trimmed and freed of an export's formula guard. A record of empty cells only
    /// is skipped like a blank line; one wider than the header (empty trailing cells aside) or holding a control
    /// character is reported instead. A shorter one leaves the missing cells empty.
    func rows(_ records: consuming [CSVRecord], into report: inout ImportReport) -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for index in records.indices {
            let line = records[index].line
            // The cells are taken out of the record rather than copied, so they are cleaned in place.
            var cells: [String] = []
            swap(&cells, &records[index].fields)
            for column in cells.indices {
                let cell = CSVWriter.unguarded(cells[column].trimmedWhitespace)
                if cell.utf8.count != cells[column].utf8.count { cells[column] = cell }
            }
            if cells.count > columnCount, cells[columnCount...].allSatisfy({ $0.isEmpty }) { cells.removeSubrange(columnCount...) }
            if cells.allSatisfy({ $0.isEmpty }) { continue }
            report.totalRows += 1
            if cells.count > columnCount {
                report.add(ImportProblem(line: line, column: "", reason: .wrongColumnCount(expected: columnCount, found: cells.count)))
                continue
            }
            if checksControlCharacters, let column = cells.firstIndex(where: { CustomerRules.hasControlCharacter($0, allowingLineBreaks: true) }) {
                let header = column < headers.count ? headers[column].trimmingCharacters(in: .whitespaces) : ""
                report.add(ImportProblem(line: line, column: header, reason: .field(.controlCharacter)))
                continue
            }
            rows.append(Row(line: line, cells: cells, columns: columns))
        }
        return rows
    }

    /// Contacts, products and interactions: validated against the database, then written, batch by batch.
    mutating func process(_ records: [CSVRecord], into report: inout ImportReport, on db: any Database) async throws {
        let rows = rows(records, into: &report)
        switch kind {
        case .customers:
            var batch = validateCustomers(rows, into: &report)
            try await screenExisting(&batch, into: &report, on: db)
            if report.succeeded { report.writtenRows += try await Self.write(batch, on: db) }
        case .contacts: try await importContacts(rows, &report, db)
        case .products: try await importProducts(rows, &report, db)
        case .interactions: try await importInteractions(rows, &report, db)
        }
    }

    private func header(_ field: String) -> String {
        if let index = columns[field], index < headers.count { return headers[index] }
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
        var values = BulkRows(width: ImportSession.customerColumnNames.count + 1)
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
        batch.shared = [("created_by_id", .int(actor.userID)), ("version", .int(1)), ("created_at", .date(now)), ("updated_at", .date(now))]
        for row in rows {
            var bad = false
            let name = row.cell(columns.name)
            bad = fieldProblem(row, "name", CustomerRules.check(name: name), &report) || bad
            var kind = CustomerKind.company
            let kindCell = row.cell(columns.kind)
            if !kindCell.isEmpty {
                if let value = ImportValues.kind(kindCell) { kind = value }
                else { bad = fieldProblem(row, "kind", .notOneOf(CustomerKind.allCases.map(\.rawValue)), &report) || bad }
            }
            var stage = LifecycleStage.lead
            let stageCell = row.cell(columns.stage)
            if !stageCell.isEmpty {
                if let value = ImportValues.stage(stageCell) { stage = value }
                else { bad = fieldProblem(row, "stage", .notOneOf(LifecycleStage.allCases.map(\.rawValue)), &report) || bad }
            }
            let industry = row.cell(columns.industry), region = row.cell(columns.region), address = row.cell(columns.address)
            let website = row.cell(columns.website), source = row.cell(columns.source)
            // One call each rather than a loop over pairs, whose array cost an allocation per row.
            bad = fieldProblem(row, "industry", CustomerRules.check(text: industry), &report) || bad
            bad = fieldProblem(row, "region", CustomerRules.check(text: region), &report) || bad
            bad = fieldProblem(row, "address", CustomerRules.check(text: address), &report) || bad
            bad = fieldProblem(row, "website", CustomerRules.check(text: website), &report) || bad
            bad = fieldProblem(row, "source", CustomerRules.check(text: source), &report) || bad
            let phone = row.cell(columns.phone), email = row.cell(columns.email)
            bad = fieldProblem(row, "phone", CustomerRules.check(phone: phone), &report) || bad
            bad = fieldProblem(row, "email", CustomerRules.check(optionalEmail: email), &report) || bad
            var owner = actor.userID
            let ownerCell = row.cell(columns.owner)
            if !ownerCell.isEmpty {
                if let id = context.user(named: ownerCell) { owner = id }
                else { problem(row, "owner", context.problem(forUser: ownerCell), &report); bad = true }
            }
            let tags = CustomerRules.tags(fromList: row.cell(columns.tags))
            bad = fieldProblem(row, "tags", CustomerRules.check(tags: tags), &report) || bad
            var spend: Int64?
            let spendCell = row.cell(columns.spend)
            if !spendCell.isEmpty {
                if let value = MinorUnits.parse(spendCell), value >= 0 { spend = value }
                else { bad = fieldProblem(row, "annual_category_spend", .invalidAmount, &report) || bad }
            }
            var consent = false
            let consentCell = row.cell(columns.consent)
            if !consentCell.isEmpty {
                if let value = ImportValues.bool(consentCell) { consent = value }
                else { problem(row, "marketing_consent", .field(.invalidBoolean), &report); bad = true }
            }
            var custom: [String: String] = [:]
            let customJSON = row.cell(columns.customFields)
            if !customJSON.isEmpty {
                if let object = Customer.decodeCustomFieldsStrictly(customJSON) { custom = object }
                else { problem(row, ImportColumns.customFieldsColumn, .field(.other), &report); bad = true }
            }
            for (field, column) in columns.custom {
                let value = row.cell(column)
                if !value.isEmpty { custom[field] = value }
            }
            if !custom.isEmpty, let trouble = CustomerRules.check(customFields: custom) {
                let column = columns.custom.first.map { headers[$0.column] } ?? header(ImportColumns.customFieldsColumn)
                report.add(ImportProblem(line: row.line, column: column, reason: .field(FieldProblemCode(trouble))))
                bad = true
            }
            let nameKey = DuplicateKey.name(name), phoneKey = DuplicateKey.phone(phone), emailKey = DuplicateKey.email(email)
            if !options.allowDuplicates {
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
                    problem(row, earliest.field, .duplicateInFile(line: earliest.line), &report)
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
        guard !options.allowDuplicates else { return }
        seenNames = FirstLineIndex(capacity: rows)
        seenPhones = FirstLineIndex(capacity: rows)
        seenEmails = FirstLineIndex(capacity: rows)
    }

    /// Drops (and reports) candidates that match a customer already in the database, counts the valid rows and,
    /// when the importer numbers customers itself, gives each remaining one its id.
    mutating func screenExisting(_ batch: inout CustomerBatch, into report: inout ImportReport, on db: any Database) async throws {
        if !options.allowDuplicates, !batch.candidates.isEmpty {
            let existing = if let existingKeys { existingKeys } else { try await existingCustomerKeys(batch.candidates, db) }
            let before = batch.candidates.count
            batch.candidates.removeAll { candidate in
                let matches = [(candidate.nameKey.flatMap { existing.names[$0] }, "name"), (candidate.phoneKey.flatMap { existing.phones[$0] }, "phone"),
                               (candidate.emailKey.flatMap { existing.emails[$0] }, "email")]
                    .compactMap { id, field in id.map { ($0, field) } }
                guard let (id, field) = matches.min(by: { $0.0 < $1.0 }) else { return false }
                report.add(ImportProblem(line: candidate.line, column: header(field), reason: .duplicateExisting(id: id)))
                return true
            }
            if batch.candidates.count < before {
                // The import now fails, so this batch is never written: its rows are dropped rather than compacted.
                report.validRows += batch.candidates.count
                batch = CustomerBatch()
                return
            }
        }
        report.validRows += batch.candidates.count
        if var next = nextCustomerID {
            for index in batch.candidates.indices {
                batch.values[index, 0] = .int(next)
                next += 1
            }
            nextCustomerID = next
            batch.numbered = true
        }
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
    var screensInMemory: Bool { options.allowDuplicates || existingKeys != nil }

    /// Duplicate keys of live customers → the lowest such customer id.
    struct ExistingKeys {
        var names: [String: Int64] = [:]
        var phones: [String: Int64] = [:]
        var emails: [String: Int64] = [:]
    }

    /// Reads every live customer's keys: for a load at least as large as the table, one pass over it costs less
    /// than keeping the three key indexes up row by row, and leaves the load free to set all indexes aside.
    static func loadExistingKeys(on db: any Database) async throws -> ExistingKeys {
        var keys = ExistingKeys()
        let rows = try await db.sql().select().column("id").column("name_key").column("phone_key").column("email_key")
            .from(Customer.schema).where("deleted_at", .is, SQLLiteral.null).all()
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

    // MARK: Contacts

    private mutating func importContacts(_ rows: [Row], _ report: inout ImportReport, _ db: any Database) async throws {
        let customers = try await resolveCustomers(rows.map { $0["customer"] }, db)
        var values: [[BulkValue]] = []
        var touched = Set<Int64>()
        for row in rows {
            var bad = false
            let customerID = customers[row["customer"]]
            if customerID == nil {
                problem(row, "customer", row["customer"].isEmpty ? .field(.required) : .unknownCustomer(row["customer"]), &report)
                bad = true
            }
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

    /// Customer cells → ids: a number is the id of a live customer; anything else (and a number no customer has as
    /// id, for customers named "007" or "12345") an exact (normalised) name that must be unambiguous.
    private func resolveCustomers(_ cells: [String], _ db: any Database) async throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        let ids = Set(cells.compactMap { Int64($0) })
        if !ids.isEmpty {
            let found = try await Customer.query(on: db).filter(\.$id ~~ ids).filter(\.$deletedAt == nil).all(\.$id)
            for id in found { out[String(id)] = id }
        }
        let byName = cells.filter { !$0.isEmpty && out[$0] == nil }
        let names = Dictionary(byName.compactMap { cell in DuplicateKey.name(cell).map { ($0, cell) } }, uniquingKeysWith: { first, _ in first })
        if !names.isEmpty {
            let rows = try await db.sql().select().column("id").column("name_key").from(Customer.schema)
                .where(SQLColumn("name_key"), .in, SQLBind.group(Array(names.keys))).where("deleted_at", .is, SQLLiteral.null).all()
            var byKey: [String: [Int64]] = [:]
            for row in rows { byKey[try row.decode(column: "name_key", as: String.self), default: []].append(try row.decode(column: "id", as: Int64.self)) }
            for cell in byName {
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
            else if let earlier = seenSKUs[sku] { problem(row, "sku", .duplicateSKUInFile(line: earlier), &report); bad = true }
            else if let id = existing[sku] { problem(row, "sku", .duplicateSKU(id: id), &report); bad = true }
            if !sku.isEmpty, seenSKUs[sku] == nil { seenSKUs[sku] = row.line }
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
            if customerID == nil {
                problem(row, "customer", row["customer"].isEmpty ? .field(.required) : .unknownCustomer(row["customer"]), &report)
                bad = true
            }
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
                if let id = context.user(named: row["user"]) { user = id }
                else { problem(row, "user", context.problem(forUser: row["user"]), &report); bad = true }
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
        switch text.fastLowercased {
        case "true", "yes", "y", "1", "是", "有", "√", "x": true
        case "false", "no", "n", "0", "否", "无", "": false
        default: nil
        }
    }

    static func kind(_ text: String) -> CustomerKind? {
        switch text.fastLowercased {
        case "company", "公司", "企业", "单位", "organisation", "organization": .company
        case "person", "个人", "individual": .person
        default: nil
        }
    }

    static func stage(_ text: String) -> LifecycleStage? {
        if let stage = LifecycleStage(rawValue: text.fastLowercased) { return stage }
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
        switch text.fastLowercased {
        case "inbound", "in", "呼入", "来电", "客户发起": .inbound
        case "outbound", "out", "呼出", "去电", "我方发起": .outbound
        default: nil
        }
    }

    static func channel(_ text: String) -> InteractionChannel? {
        if let channel = InteractionChannel(rawValue: text.fastLowercased) { return channel }
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
