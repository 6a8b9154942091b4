import ArgumentParser
import Foundation
import GuanxiServer
import GuanxiStore
import Vapor

/// `guanxi demo --customers N`: fill the database with a realistic demo company.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Add a realistic demo company: teams, users, products, rules, segments and N customers with contacts, interactions and tasks.",
        discussion: """
        Deterministic for a given --seed. Demo users (manager1…, sales001…, service1, marketing1, analyst1) share one password: \
        GUANXI_DEMO_PASSWORD, or a generated one printed at the end. Running it again adds another N customers.
        """
    )

    @ArgumentParser.Option(help: "How many customers to add.") var customers = 1_000
    @ArgumentParser.Option(help: "Random seed; the same seed gives the same company.") var seed: UInt64 = 42

    func run() async throws {
        guard customers >= 0 else { throw ValidationError("--customers must not be negative") }
        let settings = try AppBootstrap.settings()
        try await AppBootstrap.withApplication(settings) { app in
            let password = try DemoPassword.resolve()
            let started = Date()
            let summary = try await app.guanxi.demo(on: app.db).generate(customers: customers, seed: seed, password: password) { done, total in
                FileHandle.standardError.write(Data("\r\(done)/\(total) customers".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            let seconds = Date().timeIntervalSince(started)
            print("Added \(summary.customers) customers, \(summary.contacts) contacts, \(summary.interactions) interactions, \(summary.tasks) tasks, \(summary.orders) orders with \(summary.orderLines) lines, \(summary.opportunities) opportunities, \(summary.quotes) quotes, \(summary.bids) bids in \(String(format: "%.1f", seconds)) s.")
            if !summary.newUsers.isEmpty {
                print("Demo users \(summary.newUsers.prefix(3).joined(separator: ", "))… (\(summary.newUsers.count)) sign in with password: \(password)")
            }
        }
    }
}

enum DemoPassword {
    static func resolve() throws -> String {
        if let given = ProcessInfo.processInfo.environment["GUANXI_DEMO_PASSWORD"], !given.isEmpty { return given }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return "demo-" + String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
