import Fluent
import Foundation
import GuanxiAnalytics
import GuanxiCore
import SQLKit
import SQLiteNIO

/// A realistic, deterministic demo company: teams and users, products, rules and segments, and any number of
/// customers with contacts, two years of interactions and open and done tasks. Same seed and clock, same company.
public struct DemoCompany: Sendable {
    public let database: any Database
    public let clock: any TimeSource
    public let hasher: any PasswordHashing
    /// The company's time zone: order days and document years are counted in it.
    public let timeZone: TimeZone

    public init(database: any Database, clock: any TimeSource, hasher: any PasswordHashing,
                timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.timeZone = timeZone
    }

    /// What was created.
    public struct Summary: Sendable {
        public var customers = 0
        public var contacts = 0
        public var interactions = 0
        public var tasks = 0
        public var orders = 0
        public var orderLines = 0
        public var opportunities = 0
        public var quotes = 0
        public var bids = 0
        public var newUsers: [String] = []
    }

    static let teamNames = ["华东销售部", "华南销售部", "华北销售部", "Key Accounts"]
    static let batchSize = 5_000

    /// Adds `customers` customers (and the people, products, rules and segments the company needs if they are missing).
    public func generate(customers count: Int, seed: UInt64 = 42, password: String,
                         progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Summary {
        var summary = Summary()
        let now = clock.now()
        let staff = try await ensureStaff(customers: count, password: password, now: now, summary: &summary)
        try await ensureCatalog(now: now)
        let firstNewCustomer = (try await Customer.query(on: database).max(\.$id) ?? 0) + 1
        if try await loadsAtOnce() {
            summary = try await database.writeTransaction { [summary] db in
                try await BulkLoadCache.enlarged(on: db) {
                    var summary = summary
                    var random = SplitMix64(seed: seed)
                    let pause = try await SearchIndexPause.begin(on: db)
                    var suspended: [IndexSuspension] = []
                    for table in Self.loadedTables {
                        if let suspension = try await IndexSuspension.begin(table: table, keeping: [], on: db) { suspended.append(suspension) }
                    }
                    try await load(count, staff: staff, now: now, random: &random, summary: &summary, progress: progress) { batch in
                        try await batch.write(on: db)
                    }
                    for suspension in suspended { try await suspension.finish(on: db) }
                    try await pause?.finish(on: db)
                    return summary
                }
            }
        } else {
            var random = SplitMix64(seed: seed)
            try await load(count, staff: staff, now: now, random: &random, summary: &summary, progress: progress, write: write)
        }
        try await addSales(toCustomersFrom: firstNewCustomer, seed: seed, now: now, summary: &summary)
        return summary
    }

    /// Two years of sales for the customers from `firstID` on (`DemoSales`), a page of customers per transaction with
    /// their lifetime figures, so a load cut short leaves each customer with all of their history or none of it.
    private func addSales(toCustomersFrom firstID: Int64, seed: UInt64, now: Date, summary: inout Summary) async throws {
        let products = try await GuanxiStore.Product.query(on: database).filter(\.$sku =~ "DEMO-").filter(\.$active == true).all()
            .compactMap { product in product.id.map { DemoSales.Product(id: $0, price: product.listPrice, cost: product.unitCost) } }
        guard !products.isEmpty else { return }
        let stages = try await PipelineStage.query(on: database).filter(\.$active == true).sort(\.$position).all()
        let sales = DemoSales(now: now, calendar: CompanyCalendar(timeZone: timeZone), seed: seed)
        var after = firstID - 1
        while true {
            let page = try await Customer.query(on: database).filter(\.$id > after).sort(\.$id).limit(2_000).all()
            guard let last = page.last?.id else { break }
            after = last
            let customers = page.compactMap { customer in customer.id.map { ($0, customer.$owner.id) } }
            let counts = try await database.writeTransaction { db in
                let firstOrder = (try await Order.query(on: db).max(\.$id) ?? 0) + 1
                var sequences: [DocumentKind: [Int: Int64]] = [:]
                for row in try await db.sql().select().column("kind").column("year").column("last_number").from("document_sequences").all() {
                    guard let kind = DocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
                    sequences[kind, default: [:]][try row.decode(column: "year", as: Int.self)] = try row.decode(column: "last_number", as: Int64.self)
                }
                let counts = try await sales.generate(customers: customers, products: products, stages: stages, sequences: &sequences, on: db)
                for (kind, years) in sequences {
                    for (year, number) in years {
                        try await db.sql().raw("""
                            INSERT INTO document_sequences (kind, year, last_number) VALUES (\(bind: kind.rawValue), \(bind: year), \(bind: number))
                            ON CONFLICT (kind, year) DO UPDATE SET last_number = excluded.last_number
                            """).run()
                    }
                }
                try await OrderImport.refreshCustomerSales(ordersFrom: firstOrder, on: db)
                return counts
            }
            summary.orders += counts.orders
            summary.orderLines += counts.lines
            summary.opportunities += counts.opportunities
            summary.quotes += counts.quotes
            summary.bids += counts.bids
        }
    }

    /// The tables the customer batches fill.
    static let loadedTables = [Customer.schema, "customer_tags", Contact.schema, Interaction.schema, FollowUpTask.schema]

    /// Whether the whole company goes in as one transaction: on SQLite, into a database without customers (the first
    /// demo, and the million-customer one). Then the tables' indexes are set aside and built once at the end, which
    /// costs a sort per index instead of millions of descents into indexes far larger than the page cache, and the
    /// trigram index is filled once; a failed load leaves nothing behind. Otherwise each batch commits by itself.
    private func loadsAtOnce() async throws -> Bool {
        guard database is any SQLiteDatabase else { return false }
        return try await Customer.query(on: database).count() == 0
    }

    /// Makes `count` customers in batches; while one batch is written (on the database's thread), the next one is
    /// made on another core.
    private func load(_ count: Int, staff: Staff, now: Date, random: inout SplitMix64, summary: inout Summary,
                      progress: @Sendable (_ done: Int, _ total: Int) -> Void, write: @escaping @Sendable (Batch) async throws -> Void) async throws {
        var made = 0
        var ready: Batch?
        repeat {
            let writing = ready
            async let written: Void = { if let writing { try await write(writing) } }()
            ready = nil
            if made < count {
                let size = min(Self.batchSize, count - made)
                ready = makeBatch(size: size, offset: made, staff: staff, now: now, random: &random)
                made += size
            }
            try await written
            if let writing {
                summary.customers += writing.customers.count
                summary.contacts += writing.contacts.count
                summary.interactions += writing.interactions.count
                summary.tasks += writing.tasks.count
                progress(summary.customers, count)
            }
        } while ready != nil
    }

    /// One batch in its own transaction; its customers are indexed for search at once, after they are written
    /// (see migration 005).
    @Sendable private func write(_ batch: Batch) async throws {
        try await database.writeTransaction { db in
            try await BulkLoadCache.enlarged(on: db) {
                let pause = try await SearchIndexPause.begin(on: db)
                try await batch.write(on: db)
                try await pause?.finish(on: db)
            }
        }
    }

    // MARK: People and catalog

    struct Staff {
        var reps: [(id: Int64, team: Int64)]
        /// Who answers the call centre; a rep when the service account is missing or inactive.
        var service: Int64?
    }

    private func ensureStaff(customers: Int, password: String, now: Date, summary: inout Summary) async throws -> Staff {
        var teamIDs: [Int64] = []
        for name in Self.teamNames {
            if let team = try await Team.query(on: database).filter(\.$name == name).first() {
                teamIDs.append(try team.requireID())
            } else {
                let team = Team(name: name, description: "Demo", now: now)
                try await team.create(on: database)
                teamIDs.append(try team.requireID())
            }
        }
        let repCount = min(max(customers / 2_000, 4), 200)
        var wanted: [(username: String, display: String, role: Role, team: Int64?)] = []
        for (index, team) in teamIDs.enumerated() {
            wanted.append(("manager\(index + 1)", "\(DemoVocabulary.surnames[index])经理", .manager, team))
        }
        for index in 0..<repCount {
            let name = DemoVocabulary.surnames[index % DemoVocabulary.surnames.count]
                + DemoVocabulary.givenNames[(index / DemoVocabulary.surnames.count) % DemoVocabulary.givenNames.count]
            wanted.append((String(format: "sales%03d", index + 1), name, .sales, teamIDs[index % teamIDs.count]))
        }
        wanted += [("service1", "客服小周", .service, nil), ("marketing1", "市场部小吴", .marketing, nil), ("analyst1", "分析师小郑", .analyst, nil)]
        let existing = Set(try await User.query(on: database).all(\.$username))
        let missing = wanted.filter { !existing.contains($0.username) }
        if !missing.isEmpty {
            // One hash for every demo account: bcrypt is slow on purpose, and these share a password anyway.
            let hash = try hasher.hash(password)
            try await BulkWriter.insert(into: User.schema, columns: [
                "username", "display_name", "email", "role", "team_id", "active", "password_hash", "version", "created_at", "updated_at",
            ], rows: missing.map { user in
                [.text(user.username), .text(user.display), .text("\(user.username)@demo.guanxi.cn"), .text(user.role.rawValue),
                 .int(user.team), .bool(true), .text(hash), .int(1), .date(now), .date(now)]
            }, on: database)
            summary.newUsers = missing.map(\.username)
        }
        let users = try await User.query(on: database).filter(\.$username ~~ wanted.map(\.username)).all()
        let byName = Dictionary(users.map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })
        // An earlier run's account may since have been deactivated or given another role: only active reps own customers.
        let reps = wanted.filter { $0.role == .sales }.compactMap { byName[$0.username] }
            .filter { $0.active && $0.role == .sales }
            .compactMap { user in user.id.map { (id: $0, team: user.$team.id ?? 0) } }
        guard !reps.isEmpty else { throw DemoError.noActiveSalesReps }
        let service = byName["service1"].flatMap { $0.active ? $0.id : nil }
        return Staff(reps: reps, service: service)
    }

    private func ensureCatalog(now: Date) async throws {
        if try await Product.query(on: database).filter(\.$sku =~ "DEMO-").count() == 0 {
            var random = SplitMix64(seed: 7)
            let rows: [[BulkValue]] = (1...50).map { index in
                let category = DemoVocabulary.productCategories[index % DemoVocabulary.productCategories.count]
                let price = Int64(random.next() % 500_000) + 1_000
                return [.text(String(format: "DEMO-%03d", index)), .text("\(DemoVocabulary.brandWords[index % 30])\(category) \(index)型"),
                        .text(category), .text(DemoVocabulary.units[index % DemoVocabulary.units.count]), .int(price), .int(price * 6 / 10),
                        .text(DemoVocabulary.brandWords[(index * 7) % 30]), .text(DemoVocabulary.brandWords[(index * 11) % 30] + "制造"),
                        .bool(index % 3 == 0), .text(String(format: "2024-%02d-01", index % 12 + 1)), .bool(index % 10 != 0),
                        .int(1), .date(now), .date(now)]
            }
            try await BulkWriter.insert(into: Product.schema, columns: [
                "sku", "name", "category", "unit", "list_price", "unit_cost", "brand", "manufacturer", "is_agent_product",
                "launch_date", "active", "version", "created_at", "updated_at",
            ], rows: rows, on: database)
        }
        if try await FollowUpRule.query(on: database).count() == 0 {
            try await BulkWriter.insert(into: FollowUpRule.schema, columns: [
                "name", "trigger", "days", "tag", "stage", "channel", "task_title", "priority", "active", "version", "created_at", "updated_at",
            ], rows: [
                [.text("重点客户每14天联系"), .text(FollowUpTrigger.noInteraction.rawValue), .int(14), .text("重点客户"), .null, .null,
                 .text("联系重点客户"), .text(TaskPriority.high.rawValue), .bool(true), .int(1), .date(now), .date(now)],
                [.text("拜访后3天回访"), .text(FollowUpTrigger.afterInteraction.rawValue), .int(3), .null, .null, .text(InteractionChannel.visit.rawValue),
                 .text("拜访回访"), .text(TaskPriority.normal.rawValue), .bool(true), .int(1), .date(now), .date(now)],
            ], on: database)
        }
        if try await Segment.query(on: database).count() == 0 {
            try await BulkWriter.insert(into: Segment.schema, columns: ["name", "description", "filter", "version", "created_at", "updated_at"], rows: [
                [.text("VIP 客户"), .text("标签为 vip 的客户"), .text("tag=vip"), .int(1), .date(now), .date(now)],
                [.text("上海的潜在客户"), .text(""), .text("stage=prospect&region=%E4%B8%8A%E6%B5%B7"), .int(1), .date(now), .date(now)],
            ], on: database)
        }
    }

    // MARK: Customers

    struct Batch {
        var customers: [[BulkValue]] = []
        var tags: [[(String)]] = []
        var contacts: [(customer: Int, values: [BulkValue])] = []
        var interactions: [(customer: Int, values: [BulkValue])] = []
        var tasks: [(customer: Int, values: [BulkValue])] = []

        func write(on db: any Database) async throws {
            let ids = try await BulkWriter.insert(into: Customer.schema, columns: [
                "kind", "name", "industry", "region", "address", "phone", "email", "website", "source", "owner_id", "stage",
                "custom_fields", "annual_category_spend", "marketing_consent", "name_key", "phone_key", "email_key", "search_text", "name_sort_key",
                "last_interaction_at", "version", "created_at", "updated_at",
            ], rows: customers, returningIDs: true, on: db)
            var tagRows: [[BulkValue]] = []
            for (index, list) in tags.enumerated() { for tag in list { tagRows.append([.int(ids[index]), .text(tag)]) } }
            try await BulkWriter.insert(into: "customer_tags", columns: ["customer_id", "tag"], rows: tagRows, on: db)
            try await BulkWriter.insert(into: Contact.schema, columns: [
                "customer_id", "name", "title", "phone", "mobile", "email", "wechat_id", "birthday", "is_primary", "version", "created_at", "updated_at",
            ], rows: contacts.map { [.int(ids[$0.customer])] + $0.values }, on: db)
            try await BulkWriter.insert(into: Interaction.schema, columns: [
                "customer_id", "user_id", "channel", "direction", "occurred_at", "duration_seconds", "subject", "notes", "outcome",
                "queue_wait_seconds", "abandoned", "version", "created_at", "updated_at",
            ], rows: interactions.map { [.int(ids[$0.customer])] + $0.values }, on: db)
            try await BulkWriter.insert(into: FollowUpTask.schema, columns: [
                "customer_id", "assignee_id", "title", "notes", "due_at", "remind_at", "priority", "status", "completed_at", "created_by_id",
                "version", "created_at", "updated_at",
            ], rows: tasks.map { [.int(ids[$0.customer])] + $0.values }, on: db)
        }
    }

    private func makeBatch(size: Int, offset: Int, staff: Staff, now: Date, random: inout SplitMix64) -> Batch {
        let reps = staff.reps
        var batch = Batch()
        batch.customers.reserveCapacity(size)
        let twoYears: Double = 730 * 86_400
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func digits(_ count: Int) -> String { Self.padded(random.next() % Self.powersOfTen[count], count) }
        for index in 0..<size {
            let serial = offset + index + 1
            let cityIndex = Int(random.next() % UInt64(DemoVocabulary.cities.count))
            let city = DemoVocabulary.cities[cityIndex]
            let region = DemoVocabulary.regions[cityIndex]
            var kind = CustomerKind.company
            let name: String
            var industry: String
            let roll = random.next() % 100
            if roll < 10 {
                kind = .person
                name = pick(DemoVocabulary.surnames) + pick(DemoVocabulary.givenNames)
                industry = ""
            } else if roll < 25 {
                let trade = pick(DemoVocabulary.latinTrades)
                name = pick(DemoVocabulary.latinBrands) + pick(DemoVocabulary.latinWords) + trade.word + pick(DemoVocabulary.latinSuffixes)
                    + " (\(pick(DemoVocabulary.latinCities)))"
                industry = trade.industry
            } else {
                let trade = pick(DemoVocabulary.industries)
                // Two different brand words: 华信华信 is no company's name.
                let words = DemoVocabulary.brandWords
                let first = Int(random.next() % UInt64(words.count))
                let second = (first + 1 + Int(random.next() % UInt64(words.count - 1))) % words.count
                name = city + words[first] + words[second] + trade.word + pick(DemoVocabulary.suffixes)
                industry = trade.industry
            }
            let mobile = "1" + pick(["3", "5", "7", "8", "9"]) + digits(9)
            let phone = kind == .person || chance(40) ? mobile : "\(DemoVocabulary.areaCodes[cityIndex])-\(digits(8))"
            let email = kind == .person ? "user\(serial)@mail.example.cn" : "info\(serial)@corp\(serial % 9_973).example.cn"
            let rep = reps[Int(random.next() % UInt64(reps.count))]
            let createdAt = now.addingTimeInterval(-Double(random.next() % UInt64(twoYears)))
            let stage: LifecycleStage = pick([.lead, .lead, .prospect, .prospect, .customer, .customer, .customer, .inactive, .lost])
            var tags: [String] = []
            if chance(12) { tags.append("vip") }
            if chance(8) { tags.append("重点客户") }
            if chance(10) { tags.append(pick(DemoVocabulary.tags)) }
            tags = Array(Set(tags)).sorted()

            // Contacts
            var contactNames: [(name: String, phone: String, email: String)] = []
            let contactCount = kind == .person ? 0 : Int(random.next() % 3) + 1
            for number in 0..<contactCount {
                let latin = name.first?.isASCII == true
                let person = latin ? pick(DemoVocabulary.latinFirstNames) + " " + pick(DemoVocabulary.latinLastNames)
                    : pick(DemoVocabulary.surnames) + pick(DemoVocabulary.givenNames)
                let contactMobile = "1" + pick(["3", "5", "8"]) + digits(9)
                let contactEmail = "c\(serial)-\(number)@corp\(serial % 9_973).example.cn"
                contactNames.append((person, contactMobile, contactEmail))
                let birthday: BulkValue = chance(30)
                    ? .text("19\(60 + random.next() % 40)-\(Self.padded(1 + random.next() % 12, 2))-\(Self.padded(1 + random.next() % 28, 2))")
                    : .null
                batch.contacts.append((index, [.text(person), .text(pick(DemoVocabulary.titles)), .text(""), .text(contactMobile),
                                               .text(contactEmail), .text(chance(50) ? "wx_\(serial)_\(number)" : ""), birthday,
                                               .bool(number == 0), .int(1), .date(createdAt), .date(createdAt)]))
            }

            // Interactions between creation and now
            var last: Date?
            let interactionCount = Int(random.next() % 7)
            let span = now.timeIntervalSince(createdAt)
            for _ in 0..<interactionCount {
                let at = createdAt.addingTimeInterval(Double(random.next() % UInt64(max(span, 1))))
                let channel: InteractionChannel = pick([.phone, .phone, .phone, .email, .email, .visit, .meeting, .wechat, .wechat, .sms,
                                                        .callCenter, .website, .serviceCenter, .fax, .letter, .onlineCommunity])
                let inbound = channel == .callCenter || channel == .serviceCenter || chance(30)
                let queued = channel == .callCenter && inbound
                let user = queued ? (staff.service ?? rep.id) : rep.id
                batch.interactions.append((index, [
                    .int(user), .text(channel.rawValue), .text(inbound ? InteractionDirection.inbound.rawValue : InteractionDirection.outbound.rawValue),
                    .date(at), .int(Int64(random.next() % 1_800)), .text(pick(DemoVocabulary.subjects)), .text(""), .text(pick(DemoVocabulary.outcomes)),
                    queued ? .int(Int64(random.next() % 180)) : .null, queued ? .bool(chance(8)) : .null, .int(1), .date(at), .date(at),
                ]))
                if at > (last ?? .distantPast) { last = at }
            }

            // Tasks: a few open (some overdue), some done
            if chance(30) {
                let due = now.addingTimeInterval(Double(Int64(random.next() % (30 * 86_400)) - 10 * 86_400))
                let done = chance(40)
                batch.tasks.append((index, [
                    .int(rep.id), .text(pick(DemoVocabulary.taskTitles)), .text(""), .date(due), chance(50) ? .date(due.addingTimeInterval(-3_600)) : .null,
                    .text(pick([TaskPriority.low, .normal, .normal, .high, .urgent]).rawValue), .text(done ? TaskStatus.done.rawValue : TaskStatus.open.rawValue),
                    done ? .date(due) : .null, .int(rep.id), .int(1), .date(createdAt), .date(createdAt),
                ]))
            }

            let searchText = CustomerRules.searchText(name: name, phone: phone, email: email, contacts: contactNames)
            let spend: BulkValue = kind == .company && chance(60) ? .int(Int64(random.next() % 5_000_000) * 100) : .null
            batch.customers.append([
                .text(kind.rawValue), .text(name), .text(industry), .text(region),
                .text("\(city)市\(pick(DemoVocabulary.streets))\(random.next() % 999 + 1)号"), .text(phone), .text(email),
                .text(kind == .company ? "https://www.corp\(serial % 9_973).example.cn" : ""), .text(pick(DemoVocabulary.sources)),
                .int(rep.id), .text(stage.rawValue), .text("{}"), spend, .bool(chance(55)),
                .text(DuplicateKey.name(name)), .text(DuplicateKey.phone(phone)), .text(DuplicateKey.email(email)), .text(searchText),
                .text(PinyinSortKey.key(name)),
                .date(last), .int(1), .date(createdAt), .date(createdAt),
            ])
            batch.tags.append(tags)
        }
        return batch
    }

    static let powersOfTen: [UInt64] = (0...18).map { power in (0..<power).reduce(1) { value, _ in value * 10 } }

    /// `value` in decimal, zero-padded to `width` digits.
    static func padded(_ value: UInt64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Why the demo company cannot be built.
public enum DemoError: Error, CustomStringConvertible {
    case noActiveSalesReps

    public var description: String {
        switch self {
        case .noActiveSalesReps: "the demo sales reps (sales001…) exist but none is an active sales rep"
        }
    }
}
