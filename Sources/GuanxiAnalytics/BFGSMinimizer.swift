/// Quasi-Newton (BFGS) minimiser with a backtracking line search, for the maximum-likelihood fits (ANALYTICS.md §2, §3).
public struct BFGSMinimizer: Sendable {
    /// The outcome of one minimisation.
    public struct Result: Sendable {
        /// The best point found.
        public var point: [Double]
        /// The objective there.
        public var value: Double
        /// The largest absolute gradient component there.
        public var gradientNorm: Double
        /// Iterations used.
        public var iterations: Int
        /// Whether the gradient fell below the tolerance.
        public var converged: Bool
        /// The final inverse-Hessian estimate, to start a later run near this point with.
        public var inverseHessian: [[Double]] = []
    }

    /// Convergence when every gradient component is at most this.
    public var gradientTolerance: Double
    /// Give up after this many iterations.
    public var maxIterations: Int
    /// A run that stops early (rounding noise stalls the line search) still counts as converged below this gradient.
    public var acceptedGradient: Double

    public init(gradientTolerance: Double = 1e-9, maxIterations: Int = 500, acceptedGradient: Double = 1e-6) {
        self.gradientTolerance = gradientTolerance
        self.maxIterations = maxIterations
        self.acceptedGradient = acceptedGradient
    }

    /// Minimises `objective`, which returns the value and gradient at a point (non-finite values are treated as +∞) (ANALYTICS.md §2).
    ///
    /// `inverseHessian`, when given, is the first inverse-Hessian estimate (e.g. from a fit of the same objective on a
    /// subsample); otherwise the identity, scaled after the first step.
    public func minimize(from start: [Double], inverseHessian initialInverseHessian: [[Double]]? = nil,
                         objective: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        let n = start.count
        var x = start
        var (fx, gx) = objective(x)
        guard fx.isFinite, gx.allSatisfy(\.isFinite) else {
            return Result(point: x, value: .infinity, gradientNorm: .infinity, iterations: 0, converged: false)
        }
        let warmStart = initialInverseHessian.map { $0.count == n && $0.allSatisfy { $0.count == n && $0.allSatisfy(\.isFinite) } } ?? false
        var inverseHessian = warmStart ? initialInverseHessian! : Self.identity(n)
        var iteration = 0
        var stalls = 0
        while iteration < maxIterations {
            let gradientNorm = gx.map(abs).max() ?? 0
            if gradientNorm <= gradientTolerance { break }
            iteration += 1
            var direction = Self.multiply(inverseHessian, gx).map { -$0 }
            var slope = zip(direction, gx).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                inverseHessian = Self.identity(n)
                direction = gx.map { -$0 }
                slope = -gx.reduce(0) { $0 + $1 * $1 }
            }
            // Keep steps in log-parameter space moderate: a factor of e^3 at most per iteration.
            let longest = direction.map(abs).max() ?? 0
            var step = longest > 3 ? 3 / longest : 1.0
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<60 {
                let trial = zip(x, direction).map { $0 + step * $1 }
                // A step below the spacing of doubles at x cannot decrease the objective beyond rounding noise.
                if zip(trial, x).allSatisfy({ abs($0 - $1) <= 4 * $1.ulp }) { break }
                let (ft, gt) = objective(trial)
                if ft.isFinite, gt.allSatisfy(\.isFinite), ft <= fx + 1e-4 * step * slope {
                    accepted = (trial, ft, gt)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else {
                // No decrease along this direction: restart from steepest descent once, then stop.
                stalls += 1
                if stalls > 1 { break }
                inverseHessian = Self.identity(n)
                continue
            }
            stalls = 0
            let s = zip(next.x, x).map { $0 - $1 }
            let y = zip(next.g, gx).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let previousValue = fx
            x = next.x
            fx = next.f
            gx = next.g
            if sy > 1e-300 {
                if iteration == 1 && !warmStart {
                    // Scale the first inverse-Hessian guess to the observed curvature.
                    let yy = y.reduce(0) { $0 + $1 * $1 }
                    inverseHessian = Self.identity(n).map { $0.map { $0 * sy / yy } }
                }
                let hy = Self.multiply(inverseHessian, y)
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                let rho = 1 / sy
                for i in 0..<n {
                    for j in 0..<n {
                        inverseHessian[i][j] += (1 + yhy * rho) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                    }
                }
            }
            if previousValue - fx <= 1e-16 * max(1, abs(fx)) && (gx.map(abs).max() ?? 0) <= gradientTolerance * 1000 { break }
        }
        let gradientNorm = gx.map(abs).max() ?? 0
        return Result(point: x, value: fx, gradientNorm: gradientNorm, iterations: iteration,
                      converged: gradientNorm <= max(gradientTolerance, acceptedGradient) && fx.isFinite,
                      inverseHessian: inverseHessian)
    }

    private static func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { i == $0 ? 1 : 0 } }
    }

    private static func multiply(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
