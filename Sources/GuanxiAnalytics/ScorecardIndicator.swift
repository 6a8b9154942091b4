/// A scorecard indicator's target, red threshold and direction, normalising values to 0–100 with a traffic light (ANALYTICS.md §9).
public struct ScorecardIndicator: Sendable, Equatable {
    /// Traffic light of a value (ANALYTICS.md §9).
    public enum Light: String, Sendable { case green, amber, red }

    public var target: Double
    public var redThreshold: Double
    public var higherIsBetter: Bool

    /// For higher-is-better the red threshold must be below the target; for lower-is-better above it.
    public init(target: Double, redThreshold: Double, higherIsBetter: Bool = true) {
        precondition(higherIsBetter ? redThreshold < target : redThreshold > target, "red threshold must be on the bad side of the target")
        self.target = target
        self.redThreshold = redThreshold
        self.higherIsBetter = higherIsBetter
    }

    /// 0–100: ≥ target → 100, red threshold → 60, linear between, linear to 0 one target–threshold span beyond it (ANALYTICS.md §9).
    public func score(_ value: Double) -> Double {
        // Mirror lower-is-better onto higher-is-better by negating everything.
        let (v, t, r) = higherIsBetter ? (value, target, redThreshold) : (-value, -target, -redThreshold)
        if v >= t { return 100 }
        if v >= r { return 60 + 40 * (v - r) / (t - r) }
        let floor = r - (t - r)
        if v <= floor { return 0 }
        return 60 * (v - floor) / (r - floor)
    }

    /// Green at or beyond target, red beyond the red threshold, amber between (ANALYTICS.md §9).
    public func light(_ value: Double) -> Light {
        let (v, t, r) = higherIsBetter ? (value, target, redThreshold) : (-value, -target, -redThreshold)
        if v >= t { return .green }
        if v < r { return .red }
        return .amber
    }

    /// Parent score Σ wᵢ·scoreᵢ / Σ wᵢ over children with a value; missing children are listed, not counted as 0 (ANALYTICS.md §9).
    public static func aggregate(_ children: [(weight: Double, score: Double?)]) -> (score: Double?, missing: [Int]) {
        var weighted = 0.0, weights = 0.0
        var missing: [Int] = []
        for (index, child) in children.enumerated() {
            guard let score = child.score else {
                missing.append(index)
                continue
            }
            weighted += child.weight * score
            weights += child.weight
        }
        return (weights > 0 ? weighted / weights : nil, missing)
    }
}
