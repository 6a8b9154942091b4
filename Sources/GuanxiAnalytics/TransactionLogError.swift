/// A transaction log that cannot be read, with the line at fault (ANALYTICS.md §1).
public struct TransactionLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number in the input; 0 when the fault is not tied to a line.
    public let line: Int
    /// What is wrong, in words a user understands.
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
