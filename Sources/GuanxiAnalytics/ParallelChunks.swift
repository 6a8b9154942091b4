import Foundation

/// Splits index ranges over the machine's cores; each chunk's result comes back in order (ANALYTICS.md §2: likelihood sums and predictions).
public enum ParallelChunks {
    /// Below this many items the work runs on the calling thread: thread hand-off would cost more.
    public static let serialThreshold = 20_000

    /// Runs `body` on contiguous chunks of `0..<count` concurrently and returns the chunk results in order.
    public static func map<Result: Sendable>(count: Int, body: @Sendable (Range<Int>) -> Result) -> [Result] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard count >= serialThreshold, cores > 1 else { return [body(0..<count)] }
        let chunkCount = cores * 4
        let chunkSize = (count + chunkCount - 1) / chunkCount
        let box = ResultBox<Result>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let lower = min(count, chunk * chunkSize)
            let upper = min(count, lower + chunkSize)
            box.store(body(lower..<upper), at: chunk)
        }
        return box.results()
    }

    /// Each slot is written by exactly one chunk, and read only after `concurrentPerform` returns.
    private final class ResultBox<Result>: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<Result?>
        private let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }
        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        func store(_ result: Result, at index: Int) { slots[index] = result }
        func results() -> [Result] { (0..<count).map { slots[$0]! } }
    }
}
