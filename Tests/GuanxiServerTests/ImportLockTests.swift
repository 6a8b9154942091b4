import Foundation
import GuanxiCore
import GuanxiStore
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import GuanxiServer

/// A customer import checks its file before it takes the write lock: changes made meanwhile go through at once,
/// and one that makes a row a duplicate still fails the import.
@Suite("Import checks before the write lock")
struct ImportLockTests {
    static let rows = 6_000  // more than two batches, so the check reports progress before it ends

    static func file() -> [UInt8] {
        Array(("name,phone\n" + (0..<rows).map { "导入客户\(String(format: "%05d", $0)),1390000\(String(format: "%04d", $0))" }
            .joined(separator: "\n") + "\n").utf8)
    }

    /// Runs `operation`, answering nil if it has not finished within `seconds` (it then finishes on its own).
    static func within<T: Sendable>(_ seconds: Int, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
        let answered = NIOLockedValueBox(false)
        return try await withCheckedThrowingContinuation { continuation in
            @Sendable func answer(_ result: Result<T?, any Error>) {
                if answered.withLockedValue({ done in defer { done = true }; return !done }) { continuation.resume(with: result) }
            }
            Task { do { answer(.success(try await operation())) } catch { answer(.failure(error)) } }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                answer(.success(nil))
            }
        }
    }

    @Test("a change made while the file is checked is saved at once; a duplicate it makes fails the import", arguments: [false, true])
    func changeDuringCheck(dryRun: Bool) async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let saved = NIOLockedValueBox<Int?>(nil)
            let waited = NIOLockedValueBox(false)
            let options = DataImporter.Options(kind: .customers, dryRun: dryRun, fileName: "customers.csv")
            let report = try await app.guanxi.importer(on: app.db).run(Self.file(), options, by: .commandLine) { processed, _ in
                guard processed < Self.rows, saved.withLockedValue({ $0 }) == nil, !waited.withLockedValue({ $0 }) else { return }
                // The file's last row, created by someone else while the first rows are being checked.
                let created = try? await Self.within(10) {
                    try await admin.send(.POST, "/api/v1/customers", json: ["name": "导入客户05999"]).object?["id"] as? Int
                }
                if let id = created ?? nil { saved.withLockedValue { $0 = id } } else { waited.withLockedValue { $0 = true } }
            }
            #expect(!waited.withLockedValue { $0 }, "a change made during the check waited for the import")
            let id = try #require(saved.withLockedValue { $0 })
            #expect(!report.succeeded && report.writtenRows == 0)
            let duplicate = report.problems.first { $0.line == Self.rows + 1 }
            #expect(duplicate?.reason == .duplicateExisting(id: Int64(id)), "\(report.problems.prefix(3))")
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == 1)
        }
    }

    @Test("without a duplicate the checked rows are written, numbered after a customer created during the check")
    func writesAfterCheck() async throws {
        try await withGuanxi { app, _ in
            let admin = try await APIClient.signIn(app)
            let saved = NIOLockedValueBox<Int?>(nil)
            let options = DataImporter.Options(kind: .customers, fileName: "customers.csv")
            let report = try await app.guanxi.importer(on: app.db).run(Self.file(), options, by: .commandLine) { processed, _ in
                guard processed < Self.rows, saved.withLockedValue({ $0 }) == nil else { return }
                let created = try? await Self.within(10) {
                    try await admin.send(.POST, "/api/v1/customers", json: ["name": "另一位客户"]).object?["id"] as? Int
                }
                saved.withLockedValue { $0 = (created ?? nil) ?? -1 }
            }
            #expect(report.succeeded && report.writtenRows == Self.rows && report.validRows == Self.rows)
            let id = try #require(saved.withLockedValue { $0 })
            #expect(id > 0, "a change made during the check waited for the import")
            try await IndexCatchUp.run(on: app.db)
            #expect(try await admin.send(.GET, "/api/v1/customers/count").object?["count"] as? Int == Self.rows + 1)
            let found = try await admin.send(.GET, "/api/v1/customers?q=%E5%AF%BC%E5%85%A5%E5%AE%A2%E6%88%B705999")  // 导入客户05999
            #expect(found.items.map { $0["name"] as? String } == ["导入客户05999"])
            #expect(try await admin.send(.GET, "/api/v1/customers/\(id)").object?["name"] as? String == "另一位客户")
        }
    }
}
