/// Fuzzy comprehensive evaluation with the weighted-average operator: B = A·R normalised, score = B · grade scores (ANALYTICS.md §9).
public struct FuzzyEvaluation: Sendable, Equatable {
    /// Membership of each grade, summing to 1.
    public let membership: [Double]
    /// Σ membership × grade score.
    public let score: Double

    /// Why an evaluation cannot be computed.
    public enum Failure: Error, Equatable {
        case shapeMismatch
        case noMembership
    }

    /// Evaluates weights A over indicators against the membership matrix R (indicators × grades) (ANALYTICS.md §9).
    public init(weights: [Double], membership matrix: [[Double]], gradeScores: [Double] = [95, 80, 65, 40]) throws {
        guard weights.count == matrix.count, matrix.allSatisfy({ $0.count == gradeScores.count }) else { throw Failure.shapeMismatch }
        var b = [Double](repeating: 0, count: gradeScores.count)
        for (weight, row) in zip(weights, matrix) {
            for grade in row.indices { b[grade] += weight * row[grade] }
        }
        let total = b.reduce(0, +)
        guard total > 0 else { throw Failure.noMembership }
        membership = b.map { $0 / total }
        score = zip(membership, gradeScores).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
