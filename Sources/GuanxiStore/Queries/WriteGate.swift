import Fluent
import Foundation

/// Closes the database to writes for a request already known to be refused: the request still goes through its
/// rules, so that every refused field is named at once, but nothing it would write is written. The gate of the
/// running task is `current`; writes check it when they begin.
public final class WriteGate: @unchecked Sendable {
    @TaskLocal public static var current: WriteGate?

    private let lock = NSLock()
    private var isClosed = false

    public init() {}

    public func close() { lock.withLock { isClosed = true } }

    public var closed: Bool { lock.withLock { isClosed } }

    /// Thrown by a write attempted while the gate is closed.
    public struct Closed: Error {}

    /// Throws when the running task's gate is closed.
    public static func check() throws {
        if current?.closed == true { throw Closed() }
    }
}

/// Refuses every model write (create, update, delete) while the running task's gate is closed.
public struct WriteGateMiddleware: AnyModelMiddleware {
    public init() {}

    public func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                       chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        if WriteGate.current?.closed == true { return db.eventLoop.makeFailedFuture(WriteGate.Closed()) }
        return next.handle(event, model, on: db)
    }
}
