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
        /// Number of starts tried (they stop once two agree).
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
    /// `distinct`, when given, must be `DistinctHistories(history)` (callers that also predict build it once).
    public func fit(_ history: PurchaseHistory, distinct: DistinctHistories? = nil) throws -> Fit {
        guard history.count > 0 else { throw Failure.noCustomers }
        let meanAge = history.age.reduce(0, +) / Double(history.count)
        let scale = Swift.max(meanAge, 1e-3)
        let starts: [[Double]] = [
            [1, scale / 8, 1, 1],
            [0.3, scale / 2, 0.5, 3],
            [3, scale * 2, 3, 0.5],
        ].map { $0.map { Double.log($0) } }
        // On large histories the starts run on a subsample and the best optimum is polished on all customers,
        // starting from the subsample's inverse Hessian (the objective is a mean, so its curvature carries over).
        if history.count >= Self.subsampleThreshold {
            let sample = Self.runStarts(starts, minimizer: Self.looser(minimizer, 1e-7), likelihood: Likelihood(history.everyCustomer(stride: Self.subsampleStride)))
            if let seed = sample.filter({ $0.value.isFinite && $0.converged }).min(by: { $0.value < $1.value }) {
                let likelihood = Likelihood(history, distinct: distinct)
                let polished = BGNBDFitter.looser(minimizer, 1e-8).minimize(from: seed.point, inverseHessian: seed.inverseHessian) {
                    likelihood.negativeMeanAndGradient(logParameters: $0)
                }
                if polished.value.isFinite && polished.converged {
                    let agreeing = sample.filter { abs($0.value - seed.value) <= 1e-6 }.count
                    return Fit(parameters: Self.parameters(fromLog: polished.point), logLikelihood: -polished.value * Double(history.count),
                               converged: true, iterations: sample.reduce(polished.iterations) { $0 + $1.iterations },
                               agreeingStarts: agreeing, starts: sample.count)
                }
            }
        }
        let likelihood = Likelihood(history, distinct: distinct)
        let results = Self.runStarts(starts, minimizer: minimizer, likelihood: likelihood)
        guard let best = results.filter({ $0.value.isFinite }).min(by: { $0.value < $1.value }) else {
            throw Failure.noConvergence("no start reached a finite likelihood")
        }
        let parameters = Self.parameters(fromLog: best.point)
        let total = -best.value * Double(history.count)
        let agreeing = results.filter { abs($0.value - best.value) <= 1e-6 }.count
        return Fit(parameters: parameters, logLikelihood: total, converged: best.converged,
                   iterations: results.reduce(0) { $0 + $1.iterations }, agreeingStarts: agreeing, starts: results.count)
    }

    /// The minimiser with its gradient tolerance raised to `tolerance`: on large samples the mean objective is only
    /// accurate to rounding noise, and the last iterations towards 1e-10 move the parameters by about 1e-9 relative.
    static func looser(_ minimizer: BFGSMinimizer, _ tolerance: Double) -> BFGSMinimizer {
        var loose = minimizer
        loose.gradientTolerance = Swift.max(minimizer.gradientTolerance, tolerance)
        return loose
    }

    /// From this many customers on, the starts run on a subsample first.
    static let subsampleThreshold = 200_000
    /// The subsample: every this-many-th customer.
    static let subsampleStride = 8

    /// Starts run in turn until two of them reach the same optimum (the third only runs when the first two disagree).
    static func runStarts(_ starts: [[Double]], minimizer: BFGSMinimizer, likelihood: Likelihood) -> [BFGSMinimizer.Result] {
        var results: [BFGSMinimizer.Result] = []
        for start in starts {
            results.append(minimizer.minimize(from: start) { likelihood.negativeMeanAndGradient(logParameters: $0) })
            if twoAgree(results) { break }
        }
        return results
    }

    /// Whether two finite, converged runs reached the same optimum (1e-6 in mean log-likelihood).
    static func twoAgree(_ results: [BFGSMinimizer.Result]) -> Bool {
        let finished = results.filter { $0.value.isFinite && $0.converged }
        for i in finished.indices {
            for j in finished.indices where j > i && abs(finished[i].value - finished[j].value) <= 1e-6 { return true }
        }
        return false
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

    /// The summed likelihood; terms that depend only on x come from per-x tables, logs of α + T and α + t_x from per-value
    /// tables (day-resolution logs have a few hundred distinct T and t_x), the rest from a parallel pass over distinct triples.
    struct Likelihood: Sendable {
        let frequency: [Int32]
        let weight: [Double]
        /// Index of each triple's T in `ageValues` and t_x in `recencyValues`.
        let ageIndex: [Int32]
        let recencyIndex: [Int32]
        let ageValues: [Double]
        let recencyValues: [Double]
        let customers: Double
        let customersByFrequency: [Double]

        init(_ history: PurchaseHistory, distinct known: DistinctHistories? = nil) {
            let distinct = known ?? DistinctHistories(history)
            frequency = distinct.frequency
            weight = distinct.weight
            func index(_ column: [Double]) -> (values: [Double], index: [Int32]) {
                var position: [UInt64: Int32] = [:]
                var values: [Double] = []
                let index = column.map { value -> Int32 in
                    if let known = position[value.bitPattern] { return known }
                    let next = Int32(values.count)
                    position[value.bitPattern] = next
                    values.append(value)
                    return next
                }
                return (values, index)
            }
            (ageValues, ageIndex) = index(distinct.age)
            (recencyValues, recencyIndex) = index(distinct.recency)
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
            let logAlphaT = ageValues.map { Double.log(alpha + $0) }, inverseAlphaT = ageValues.map { 1 / (alpha + $0) }
            let logAlphaTx = recencyValues.map { Double.log(alpha + $0) }, inverseAlphaTx = recencyValues.map { 1 / (alpha + $0) }
            let frequency = self.frequency, weight = self.weight, ageIndex = self.ageIndex, recencyIndex = self.recencyIndex
            let logA = Double.log(a)
            let tables = logBPlusXMinus1
            let inverseBPlusXMinus1 = (0...maxFrequency).map { $0 == 0 ? 0 : 1 / (b + Double($0) - 1) }
            let partials = ParallelChunks.map(count: frequency.count) { range -> (Double, Double, Double, Double, Double) in
                var value = 0.0, dr = 0.0, dAlpha = 0.0, da = 0.0, db = 0.0
                for i in range {
                    let x = Int(frequency[i])
                    let rx = r + Double(x)
                    let w = weight[i]
                    let t = Int(ageIndex[i])
                    let a3 = -rx * logAlphaT[t]
                    if x == 0 {
                        value += w * a3
                        dr -= w * logAlphaT[t]
                        dAlpha -= w * rx * inverseAlphaT[t]
                        continue
                    }
                    let tx = Int(recencyIndex[i])
                    let a4 = logA - tables[x] - rx * logAlphaTx[tx]
                    // log(e^a3 + e^a4) = max + log1p(e^(min − max)); w3, w4 = the two terms' shares of the sum.
                    let w3: Double, w4: Double
                    if a3 <= a4 {
                        let e = Double.exp(a3 - a4)
                        value += w * (a4 + Double.log(onePlus: e))
                        w4 = w / (1 + e)
                        w3 = w4 * e
                    } else {
                        let e = Double.exp(a4 - a3)
                        value += w * (a3 + Double.log(onePlus: e))
                        w3 = w / (1 + e)
                        w4 = w3 * e
                    }
                    dr -= w3 * logAlphaT[t] + w4 * logAlphaTx[tx]
                    dAlpha -= rx * (w3 * inverseAlphaT[t] + w4 * inverseAlphaTx[tx])
                    da += w4
                    db -= w4 * inverseBPlusXMinus1[x]
                }
                return (value, dr, dAlpha, da / a, db)
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
