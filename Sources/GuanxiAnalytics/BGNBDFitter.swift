import RealModule

/// Maximum-likelihood BG/NBD fit over a purchase history, in log-parameter space with analytic gradients and several starts (ANALYTICS.md §2).
public struct BGNBDFitter: Sendable {
    /// The fitted model and how the fit went.
    public struct Fit: Sendable {
        /// The parameters with the highest likelihood found.
        public var parameters: BGNBDParameters
        /// Σ over customers of the per-customer log-likelihood at `parameters`.
        public var logLikelihood: Double
        /// Whether the best start reached a stationary point (gradient below tolerance).
        public var converged: Bool
        /// BFGS iterations summed over the starts.
        public var iterations: Int
        /// Starts whose optimum agrees with the best one to 1e-6 in log-likelihood per customer.
        public var agreeingStarts: Int
        /// Number of starts tried.
        public var starts: Int
    }

    /// The failures that stop a fit.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noCustomers
        case noConvergence(String)

        public var description: String {
            switch self {
            case .noCustomers: return "BG/NBD needs at least one customer"
            case .noConvergence(let detail): return "BG/NBD fit did not converge: \(detail)"
            }
        }
    }

    public var minimizer: BFGSMinimizer

    public init(minimizer: BFGSMinimizer = BFGSMinimizer(gradientTolerance: 1e-10, maxIterations: 400)) {
        self.minimizer = minimizer
    }

    /// Fits BG/NBD to all customers of `history` (ANALYTICS.md §2); throws only when no finite optimum exists.
    public func fit(_ history: PurchaseHistory) throws -> Fit {
        guard history.count > 0 else { throw Failure.noCustomers }
        let likelihood = Likelihood(history)
        let meanAge = history.age.reduce(0, +) / Double(history.count)
        let scale = Swift.max(meanAge, 1e-3)
        let starts: [[Double]] = [
            [1, scale / 8, 1, 1],
            [0.3, scale / 2, 0.5, 3],
            [3, scale * 2, 3, 0.5],
        ].map { $0.map { Double.log($0) } }
        var results: [BFGSMinimizer.Result] = []
        for start in starts {
            results.append(minimizer.minimize(from: start) { likelihood.negativeMeanAndGradient(logParameters: $0) })
        }
        guard let best = results.filter({ $0.value.isFinite }).min(by: { $0.value < $1.value }) else {
            throw Failure.noConvergence("no start reached a finite likelihood")
        }
        let parameters = Self.parameters(fromLog: best.point)
        let total = -best.value * Double(history.count)
        let agreeing = results.filter { abs($0.value - best.value) <= 1e-6 }.count
        return Fit(parameters: parameters, logLikelihood: total, converged: best.converged,
                   iterations: results.reduce(0) { $0 + $1.iterations }, agreeingStarts: agreeing, starts: starts.count)
    }

    /// Σ over customers of the BG/NBD log-likelihood (ANALYTICS.md §2), computed in parallel.
    public static func totalLogLikelihood(_ parameters: BGNBDParameters, history: PurchaseHistory) -> Double {
        let likelihood = Likelihood(history)
        let point = [parameters.r, parameters.alpha, parameters.a, parameters.b].map { Double.log($0) }
        return -likelihood.negativeMeanAndGradient(logParameters: point).value * Double(history.count)
    }

    static func parameters(fromLog point: [Double]) -> BGNBDParameters {
        BGNBDParameters(r: Double.exp(point[0]), alpha: Double.exp(point[1]), a: Double.exp(point[2]), b: Double.exp(point[3]))
    }

    /// The summed likelihood; terms that depend only on x come from per-x tables, the rest from a parallel pass.
    struct Likelihood: Sendable {
        let frequency: [Int32]
        let recency: [Double]
        let age: [Double]
        let weight: [Double]
        let customers: Double
        let customersByFrequency: [Double]

        init(_ history: PurchaseHistory) {
            let distinct = DistinctHistories(history)
            frequency = distinct.frequency
            recency = distinct.recency
            age = distinct.age
            weight = distinct.weight
            customers = Double(history.count)
            let maxFrequency = Int(history.frequency.max() ?? 0)
            var counts = [Double](repeating: 0, count: maxFrequency + 1)
            for x in history.frequency { counts[Int(x)] += 1 }
            customersByFrequency = counts
        }

        func negativeMeanAndGradient(logParameters: [Double]) -> (value: Double, gradient: [Double]) {
            let p = BGNBDFitter.parameters(fromLog: logParameters)
            let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b)
            // x-only terms: lnΓ(r+x)−lnΓ(r) = Σ_{i<x} ln(r+i), and the same telescoping for A2 and the digammas.
            var value = 0.0, dr = 0.0, da = 0.0, db = 0.0
            var logGammaRatioR = 0.0, digammaGapR = 0.0
            var logA2 = 0.0, digammaA2a = 0.0, digammaA2b = 0.0
            let maxFrequency = customersByFrequency.count - 1
            var logBPlusXMinus1 = [Double](repeating: 0, count: maxFrequency + 1)
            for x in 0...maxFrequency {
                let count = customersByFrequency[x]
                if count > 0 {
                    value += count * (logGammaRatioR + r * Double.log(alpha) + logA2)
                    dr += count * (digammaGapR + Double.log(alpha))
                    da += count * digammaA2a
                    db += count * digammaA2b
                }
                if x > 0 { logBPlusXMinus1[x] = Double.log(b + Double(x) - 1) }
                let xd = Double(x)
                logGammaRatioR += Double.log(r + xd)
                digammaGapR += 1 / (r + xd)
                logA2 += Double.log(b + xd) - Double.log(a + b + xd)
                digammaA2a -= 1 / (a + b + xd)
                digammaA2b += 1 / (b + xd) - 1 / (a + b + xd)
            }
            let frequency = self.frequency, recency = self.recency, age = self.age, weight = self.weight
            let logA = Double.log(a)
            let tables = logBPlusXMinus1
            let partials = ParallelChunks.map(count: frequency.count) { range -> (Double, Double, Double, Double, Double) in
                var value = 0.0, dr = 0.0, dAlpha = 0.0, da = 0.0, db = 0.0
                for i in range {
                    let x = Int(frequency[i])
                    let xd = Double(x)
                    let w = weight[i]
                    let logAlphaT = Double.log(alpha + age[i])
                    let a3 = -(r + xd) * logAlphaT
                    if x == 0 {
                        value += w * a3
                        dr -= w * logAlphaT
                        dAlpha -= w * (r + xd) / (alpha + age[i])
                        continue
                    }
                    let logAlphaTx = Double.log(alpha + recency[i])
                    let a4 = logA - tables[x] - (r + xd) * logAlphaTx
                    let top = Swift.max(a3, a4)
                    let e3 = Double.exp(a3 - top), e4 = Double.exp(a4 - top)
                    let sum = e3 + e4
                    value += w * (top + Double.log(sum))
                    let w3 = w * e3 / sum, w4 = w * e4 / sum
                    dr -= w3 * logAlphaT + w4 * logAlphaTx
                    dAlpha -= (r + xd) * (w3 / (alpha + age[i]) + w4 / (alpha + recency[i]))
                    da += w4 / a
                    db -= w4 / (b + xd - 1)
                }
                return (value, dr, dAlpha, da, db)
            }
            var dAlpha = customers * r / alpha
            for part in partials {
                value += part.0
                dr += part.1
                dAlpha += part.2
                da += part.3
                db += part.4
            }
            let n = customers
            // Chain rule to log parameters, and the sign and scale of the minimised objective.
            return (-value / n, [-dr * r / n, -dAlpha * alpha / n, -da * a / n, -db * b / n])
        }
    }
}
