import Fluent
import SQLKit

extension Database {
    /// A transaction that is going to write.
    ///
    /// On SQLite, writers in this process take turns first (`WriteTurns`), and the transaction then takes the
    /// database's write lock with its first statement, as `BEGIN IMMEDIATE` would (Fluent begins deferred
    /// transactions). Without both, a transaction that reads and then writes while another connection writes fails
    /// at once with "database is locked" (SQLite cannot let it wait there without risking a deadlock), and waiting
    /// on the lock itself lets a busy connection take it again and again before a sleeping one wakes up. Writers of
    /// other processes on the same file are waited for up to the connection's `busy_timeout`.
    ///
    /// `holdingBackCheckpoint`: the commit leaves the write-ahead log as it is (`CheckpointDeferral`), for bulk loads.
    public func writeTransaction<T: Sendable>(holdingBackCheckpoint: Bool = false,
                                              _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // A closed write gate is checked before the commit, not at the start, so that the transaction's own rules
        // still run and name their fields; whatever it wrote is rolled back.
        // The transaction's body runs in a task of its own, which does not inherit the caller's task-local gate.
        let gate = WriteGate.current
        let body: @Sendable (any Database) async throws -> T = { db in
            let result = try await WriteGate.$current.withValue(gate) { try await body(db) }
            if gate?.closed == true { throw WriteGate.Closed() }
            return result
        }
        guard !inTransaction, let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await transaction(body)
        }
        @Sendable func locked(_ database: any Database) async throws -> T {
            try await database.transaction { db in
                // A write that changes nothing still takes the lock; Fluent's own table is always there.
                try await db.sql().raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
                return try await body(db)
            }
        }
        // The turn comes before the connection, always: a writer holding a connection while it waits for its turn
        // could starve the one whose turn it is of connections.
        await WriteTurns.shared.begin()
        do {
            let result = holdingBackCheckpoint ? try await CheckpointDeferral.holdingBack(on: self, locked) : try await locked(self)
            await WriteTurns.shared.end()
            return result
        } catch {
            await WriteTurns.shared.end()
            throw error
        }
    }
}

/// First come, first served among this process's SQLite writers: one at a time, the others waiting without holding
/// a connection.
actor WriteTurns {
    static let shared = WriteTurns()

    private var taken = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func begin() async {
        guard taken else {
            taken = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func end() {
        if waiting.isEmpty { taken = false } else { waiting.removeFirst().resume() }
    }
}
