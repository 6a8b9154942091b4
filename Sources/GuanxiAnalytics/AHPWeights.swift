/// AHP priority weights from a pairwise comparison matrix, with λmax, CI and CR (ANALYTICS.md §9).
public struct AHPWeights: Sendable, Equatable {
    public let weights: [Double]
    public let lambdaMax: Double
    public let consistencyIndex: Double
    public let consistencyRatio: Double

    /// Why a matrix is refused.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notSquare
        case notPositive
        case inconsistent(consistencyRatio: Double)

        public var description: String {
            switch self {
            case .notSquare: return "the pairwise comparison matrix must be square with 1 to 15 rows"
            case .notPositive: return "every pairwise comparison must be a positive number"
            case .inconsistent(let cr): return "the pairwise comparisons are inconsistent: CR = \(cr) ≥ 0.1; revise the judgements"
            }
        }
    }

    /// Saaty's random index RI for n = 1…15 (ANALYTICS.md §9).
    public static let randomIndex: [Double] = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]

    /// Principal eigenvector by power iteration, normalised to sum 1; refuses CR ≥ 0.1 (ANALYTICS.md §9).
    public init(pairwise matrix: [[Double]]) throws {
        let n = matrix.count
        guard n >= 1, n <= 15, matrix.allSatisfy({ $0.count == n }) else { throw Failure.notSquare }
        guard matrix.allSatisfy({ $0.allSatisfy { $0 > 0 && $0.isFinite } }) else { throw Failure.notPositive }
        var vector = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<10_000 {
            var next = matrix.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
            let sum = next.reduce(0, +)
            next = next.map { $0 / sum }
            let change = zip(next, vector).map { abs($0 - $1) }.max() ?? 0
            vector = next
            if change < 1e-15 { break }
        }
        let product = matrix.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
        let lambda = zip(product, vector).reduce(0) { $0 + $1.0 / $1.1 } / Double(n)
        let ci = n > 1 ? (lambda - Double(n)) / Double(n - 1) : 0
        let ri = Self.randomIndex[n - 1]
        let cr = ri > 0 ? ci / ri : 0
        guard cr < 0.1 else { throw Failure.inconsistent(consistencyRatio: cr) }
        weights = vector
        lambdaMax = lambda
        consistencyIndex = ci
        consistencyRatio = cr
    }
}
