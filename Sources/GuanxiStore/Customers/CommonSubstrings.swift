import Foundation

/// Search texts lately found to match many customers, which SQLite answers by scanning newest-first.
///
/// Deciding between the trigram index and a scan costs a look at the index's vocabulary; for a two-character query
/// such as 锦程 that look (the document counts of every trigram starting with it) was a third of the request. A
/// common substring stays common, and a scan gives the right answer whatever the counts, so the verdict "common" is
/// kept for `lifetime` by the injected clock; a rare one is looked up every time (its trigram list must be complete).
public final class CommonSubstrings: @unchecked Sendable {
    public let lifetime: TimeInterval
    static let capacity = 1_000

    private let lock = NSLock()
    private var foundAt: [String: Date] = [:]

    public init(lifetime: TimeInterval = 60) {
        self.lifetime = lifetime
    }

    func isCommon(_ text: String, at now: Date) -> Bool {
        guard let found = lock.withLock({ foundAt[text] }) else { return false }
        return now >= found && now.timeIntervalSince(found) < lifetime
    }

    func remember(_ text: String, at now: Date) {
        lock.withLock {
            if foundAt.count >= Self.capacity { foundAt.removeAll(keepingCapacity: true) }
            foundAt[text] = now
        }
    }
}
