import Fluent
import Foundation
import GuanxiCore
@testable import GuanxiStore
import SQLiteKit
import Testing
import Vapor
import VaporTesting
@testable import GuanxiServer

@Suite("Demo company")
struct DemoDataTests {
    static func names(_ app: Application) async throws -> [String] {
        try await Customer.query(on: app.db).sort(\.$id).all().map { "\($0.name)|\($0.$owner.id ?? 0)|\($0.phone)|\($0.stage.rawValue)" }
    }

    @Test("Two years of sales: orders that add up, customers' figures that match them, and the planted decliners decline")
    func sales() async throws {
        try await withGuanxi { app, clock in
            let summary = try await app.guanxi.demo(on: app.db).generate(customers: 400, seed: 11, password: "demo-password-1")
            #expect(summary.orders > 400 && summary.orderLines > summary.orders && summary.opportunities > 40)
            let orders = try await Order.query(on: app.db).all()
            let lines = Dictionary(grouping: try await OrderLine.query(on: app.db).all(), by: { $0.$order.id })
            // Every order's totals are the sums of its lines; numbers are unique.
            #expect(orders.allSatisfy { order in
                let mine = lines[order.id ?? 0] ?? []
                return !mine.isEmpty && order.grossTotal == mine.reduce(0) { $0 + $1.grossAmount } && order.netTotal + order.taxTotal == order.grossTotal
                    && order.returnedNet == mine.reduce(0) { $0 + $1.returnedNet }
            })
            #expect(Set(orders.map(\.number)).count == orders.count)
            let returnedShare = Double(lines.values.joined().filter { $0.returnedQuantityMilli > 0 }.count) / Double(summary.orderLines)
            #expect((0.005...0.05).contains(returnedShare))
            // The ledger agrees with the orders.
            let byCustomer = Dictionary(grouping: orders.filter { $0.status.isSale }, by: { $0.$customer.id })
            let figures = try await CustomerSalesLedger.figures(of: Array(byCustomer.keys), on: app.db)
            #expect(byCustomer.allSatisfy { id, mine in figures[id]?.revenue == mine.reduce(0) { $0 + $1.revenue } && figures[id]?.orderCount == mine.count })
            // The planted decliners (derivable from the id) sell less than half in their last six months than in the six before.
            let now = clock.now()
            func revenue(_ mine: [Order], monthsAgo range: ClosedRange<Double>) -> Int64 {
                mine.filter { range.contains(now.timeIntervalSince($0.orderedAt) / (30.4 * 86_400)) }.reduce(0) { $0 + $1.revenue }
            }
            let decliners = byCustomer.filter { DemoSales.pattern(of: $0.key) == .declining }
            #expect(decliners.count > 20)
            let declined = decliners.filter { _, mine in revenue(mine, monthsAgo: 0...6) * 2 < revenue(mine, monthsAgo: 6...12) }
            #expect(Double(declined.count) >= 0.8 * Double(decliners.count), "\(declined.count) of \(decliners.count)")
            let stopped = byCustomer.filter { DemoSales.pattern(of: $0.key) == .stopped }
            #expect(stopped.allSatisfy { revenue($0.value, monthsAgo: 0...8.5) == 0 })
            // Opportunities past the proposal stage have quotes: lost ones rejected, open ones sent (or drafts, or
            // past their validity), each adding up and numbered once; the next quote a user writes continues the numbers.
            let quotes = try await Quote.query(on: app.db).with(\.$opportunity).all()
            let quoteLines = Dictionary(grouping: try await QuoteLine.query(on: app.db).all(), by: { $0.$quote.id })
            #expect(summary.quotes == quotes.count && quotes.count > 10)
            // Some sent quotes were revised: the first revision is kept, superseded, under the same number.
            #expect(Set(quotes.map { "\($0.number)/\($0.revision)" }).count == quotes.count)
            let revised = quotes.filter { $0.revision == 2 }
            #expect(!revised.isEmpty && revised.allSatisfy { current in
                quotes.contains { $0.number == current.number && $0.revision == 1 && $0.status == .superseded && $0.grossTotal >= current.grossTotal }
            })
            #expect(quotes.allSatisfy { quote in
                let mine = quoteLines[quote.id ?? 0] ?? []
                return !mine.isEmpty && quote.grossTotal == mine.reduce(0) { $0 + $1.grossAmount } && quote.netTotal + quote.taxTotal == quote.grossTotal
            })
            let stages = Dictionary(uniqueKeysWithValues: try await PipelineStage.query(on: app.db).all().compactMap { stage in stage.id.map { ($0, stage) } })
            #expect(quotes.allSatisfy { quote in
                guard let stage = quote.opportunity.flatMap({ stages[$0.$stage.id] }) else { return false }
                return stage.isLost ? quote.status == .rejected : !stage.isWon && [.draft, .sent, .expired, .superseded].contains(quote.status)
            })
            let admin = try await APIClient.signIn(app)
            // Tenders won and lost against named competitors; the lost ones name the winner and why.
            let bids = try await Bid.query(on: app.db).all()
            #expect(summary.bids == bids.count && bids.contains { $0.status == .won } && bids.contains { $0.status == .lost })
            #expect(bids.filter { $0.status == .lost }.allSatisfy { !$0.winningBidder.isEmpty && !$0.resultReason.isEmpty && $0.bidAmount != nil })
            let statistics = try #require(try await admin.send(.GET, "/api/v1/bids/statistics").object)
            let rivals = try #require(statistics["competitors"] as? [[String: Any]])
            #expect(statistics["bids"] as? Int == bids.count && rivals.contains { $0["name"] as? String == "华为" })
            let customerID = try #require(quotes.first?.$customer.id)
            let productID = try #require(try await Product.query(on: app.db).filter(\.$active == true).first()?.id)
            let next = try await admin.send(.POST, "/api/v1/quotes", json: [
                "customer_id": customerID, "lines": [["product_id": productID, "quantity": 1]],
            ])
            let year = try #require((next.object?["number"] as? String)?.split(separator: "-").dropFirst().first)
            let sameYear = Set(quotes.map(\.number).filter { $0.contains("-\(year)-") }).count
            #expect(next.object?["number"] as? String == DocumentNumber.format(prefix: "Q", year: Int(year) ?? 0, sequence: Int64(sameYear + 1)))
        }
    }

    @Test("The same seed gives the same company; customers have owners, contacts, a timeline and tasks; search finds them")
    func deterministicAndConsistent() async throws {
        let first = try await withGuanxi { app, _ in
            let indexesBefore = try await Self.indexes(app)
            let summary = try await app.guanxi.demo(on: app.db).generate(customers: 200, seed: 7, password: "demo-password-1")
            // A first load into an empty SQLite database sets the indexes aside and builds them again at the end.
            #expect(try await Self.indexes(app) == indexesBefore)
            if let sqlite = app.db as? any SQLiteDatabase {
                // FTS5 compares its index with the customers table and fails on any difference.
                _ = try await sqlite.query("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", [])
            }
            #expect(summary.customers == 200)
            #expect((200...600).contains(summary.contacts))
            #expect((200...1_200).contains(summary.interactions))
            #expect(summary.tasks > 20)
            #expect(summary.newUsers.contains("sales001") && summary.newUsers.contains("manager1"))

            // Every customer is owned by an active sales rep.
            let users = try await User.query(on: app.db).all()
            let reps = Set(users.filter { $0.role == .sales && $0.active }.compactMap(\.id))
            let owners = try await Customer.query(on: app.db).all(\.$owner.$id)
            #expect(owners.allSatisfy { $0.map(reps.contains) == true })

            // The last-interaction time is the latest interaction's.
            for customer in try await Customer.query(on: app.db).limit(20).all() {
                let id = try customer.requireID()
                let latest = try await Interaction.query(on: app.db).filter(\.$customer.$id == id)
                    .sort(\.$occurredAt, .descending).first()
                #expect(customer.lastInteractionAt == latest?.occurredAt)
            }

            // A Chinese substring of a generated name and a contact's name find their customers through the API.
            let company = try #require(try await Customer.query(on: app.db).filter(\.$kind == .company).all().first { !$0.name.first!.isASCII })
            let admin = try await APIClient.signIn(app)
            let fragment = String(company.name.dropFirst(2).prefix(4))
            let found = try await admin.send(.GET, "/api/v1/customers?limit=500&q=\(fragment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(found.items.contains { $0["id"] as? Int == Int(company.id ?? 0) })
            let contact = try #require(try await Contact.query(on: app.db).first())
            let byContact = try await admin.send(.GET, "/api/v1/customers?limit=500&q=\(contact.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(byContact.items.contains { $0["id"] as? Int == Int(contact.$customer.id) })

            // A sales rep signs in with the demo password and sees only their own customers.
            let rep = try await APIClient.signIn(app, username: "sales001", password: "demo-password-1")
            let repID = try #require(try await User.query(on: app.db).filter(\.$username == "sales001").first()?.id)
            let theirs = try await rep.send(.GET, "/api/v1/customers?limit=500")
            #expect(!theirs.items.isEmpty)
            #expect(theirs.items.allSatisfy { $0["owner_id"] as? Int == Int(repID) })

            // Running it again adds customers without failing on the existing people.
            let more = try await app.guanxi.demo(on: app.db).generate(customers: 10, seed: 8, password: "demo-password-1")
            #expect(more.newUsers.isEmpty)
            #expect(try await Customer.query(on: app.db).count() == 210)
            return try await Self.names(app)
        }
        let second = try await withGuanxi { app, _ in
            _ = try await app.guanxi.demo(on: app.db).generate(customers: 200, seed: 7, password: "demo-password-1")
            _ = try await app.guanxi.demo(on: app.db).generate(customers: 10, seed: 8, password: "demo-password-1")
            return try await Self.names(app)
        }
        #expect(first == second)
        #expect(Set(first).count > 150)
    }

    /// The indexes of the tables a demo load fills (SQLite; none listed on PostgreSQL, which keeps its own).
    static func indexes(_ app: Application) async throws -> [String] {
        guard let sqlite = app.db as? any SQLiteDatabase else { return [] }
        return try await sqlite.query("""
            SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
            AND tbl_name IN ('customers', 'customer_tags', 'contacts', 'interactions', 'tasks') ORDER BY name
            """, []).compactMap { $0.column("name")?.string }
    }
}
