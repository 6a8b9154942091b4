import RealModule

/// Maximum-likelihood Gamma-Gamma fit on repeat buyers with positive spend, in log-parameter space with analytic gradients (ANALYTICS.md §3).
public struct GammaGammaFitter: Sendable {
    /// The fitted model and how the fit went.
    public struct Fit: Sendable {
        public var parameters: GammaGammaParameters
        /// Σ of the per-customer log-likelihood over the customers used.
        public var logLikelihood: Double
        public var converged: Bool
        /// Customers used: x > 0 and m̄ > 0.
        public var customers: Int
        /// BFGS iterations summed over the starts.
        public var iterations: Int = 0
        /// Starts tried (they stop once two agree).
        public var starts: Int = 0
    }

    /// The failures that stop a fit, each with a message for the user.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noRepeatBuyers
        case noConvergence(String)
        case infiniteMeanSpend(q: Double)

        public var description: String {
            switch self {
            case .noRepeatBuyers:
                return "Gamma-Gamma needs repeat buyers with positive spend; there are none, so spend and CLV cannot be estimated"
            case .noConvergence(let detail): return "Gamma-Gamma fit did not converge: \(detail)"
            case .infiniteMeanSpend(let q): return "Gamma-Gamma fit gives q = \(q) ≤ 1: the population mean spend is infinite"
            }
        }
    }

    public var minimizer: BFGSMinimizer

    public init(minimizer: BFGSMinimizer = BFGSMinimizer(gradientTolerance: 1e-10, maxIterations: 400)) {
        self.minimizer = minimizer
    }

    /// Fits Gamma-Gamma to the customers of `history` with x > 0 and m̄ > 0 (ANALYTICS.md §3).
    public func fit(_ history: PurchaseHistory) throws -> Fit {
        let likelihood = Likelihood(history)
        guard likelihood.customers > 0 else { throw Failure.noRepeatBuyers }
        let meanSpend = likelihood.meanSpend
        let starts: [[Double]] = [[1, 2, meanSpend], [5, 4, meanSpend * 0.5], [0.5, 1.5, meanSpend * 2]]
            .map { $0.map { Double.log($0) } }
        // On large histories the starts run on a subsample and the best optimum is polished on all repeat buyers (as BG/NBD).
        if likelihood.customers >= BGNBDFitter.subsampleThreshold / 2 {
            let sampleLikelihood = Likelihood(history.everyCustomer(stride: BGNBDFitter.subsampleStride))
            if sampleLikelihood.customers > 0 {
                let sample = runStarts(starts, minimizer: BGNBDFitter.looser(minimizer, 1e-7), likelihood: sampleLikelihood)
                if let seed = sample.filter({ $0.value.isFinite && $0.converged }).min(by: { $0.value < $1.value }) {
                    let polished = BGNBDFitter.looser(minimizer, 1e-8).minimize(from: seed.point, inverseHessian: seed.inverseHessian) {
                        likelihood.negativeMeanAndGradient(logParameters: $0)
                    }
                    if polished.value.isFinite && polished.converged {
                        return Fit(parameters: Self.parameters(fromLog: polished.point), logLikelihood: -polished.value * Double(likelihood.customers),
                                   converged: true, customers: likelihood.customers,
                                   iterations: sample.reduce(polished.iterations) { $0 + $1.iterations }, starts: sample.count)
                    }
                }
            }
        }
        let results = runStarts(starts, likelihood: likelihood)
        guard let best = results.filter({ $0.value.isFinite }).min(by: { $0.value < $1.value }) else {
            throw Failure.noConvergence("no start reached a finite likelihood")
        }
        return Fit(parameters: Self.parameters(fromLog: best.point), logLikelihood: -best.value * Double(likelihood.customers),
                   converged: best.converged, customers: likelihood.customers,
                   iterations: results.reduce(0) { $0 + $1.iterations }, starts: results.count)
    }

    static func parameters(fromLog point: [Double]) -> GammaGammaParameters {
        GammaGammaParameters(p: Double.exp(point[0]), q: Double.exp(point[1]), v: Double.exp(point[2]))
    }

    /// Starts run in turn until two of them reach the same optimum.
    private func runStarts(_ starts: [[Double]], minimizer: BFGSMinimizer? = nil, likelihood: Likelihood) -> [BFGSMinimizer.Result] {
        let minimizer = minimizer ?? self.minimizer
        var results: [BFGSMinimizer.Result] = []
        for start in starts {
            results.append(minimizer.minimize(from: start) { likelihood.negativeMeanAndGradient(logParameters: $0) })
            if BGNBDFitter.twoAgree(results) { break }
        }
        return results
    }

    /// Per-x tables for the lnΓ and ψ terms; only ln(v + x·m̄) is computed per customer.
    struct Likelihood: Sendable {
        let frequency: [Double]
        let spend: [Double]
        let customersByFrequency: [(x: Int, count: Double)]
        let sumXLogM: Double, sumLogM: Double, sumXLogX: Double
        var customers: Int { frequency.count }
        var meanSpend: Double { spend.reduce(0, +) / Double(Swift.max(1, spend.count)) }

        init(_ history: PurchaseHistory) {
            var frequency: [Double] = [], spend: [Double] = []
            var counts: [Int: Double] = [:]
            var sumXLogM = 0.0, sumLogM = 0.0, sumXLogX = 0.0
            for i in 0..<history.count where history.frequency[i] > 0 && history.monetaryValue[i] > 0 {
                let x = Double(history.frequency[i]), m = history.monetaryValue[i]
                frequency.append(x)
                spend.append(m)
                counts[Int(x), default: 0] += 1
                sumXLogM += x * Double.log(m)
                sumLogM += Double.log(m)
                sumXLogX += x * Double.log(x)
            }
            self.frequency = frequency
            self.spend = spend
            // Sorted, so sums run in the same order in every process (Dictionary order is seeded per process).
            customersByFrequency = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            self.sumXLogM = sumXLogM
            self.sumLogM = sumLogM
            self.sumXLogX = sumXLogX
        }

        func negativeMeanAndGradient(logParameters: [Double]) -> (value: Double, gradient: [Double]) {
            let p = Double.exp(logParameters[0]), q = Double.exp(logParameters[1]), v = Double.exp(logParameters[2])
            let n = Double(customers)
            var value = -n * Double.logGamma(q) + n * q * Double.log(v) + p * sumXLogM - sumLogM + p * sumXLogX
            var dp = sumXLogM + sumXLogX
            var dq = -n * SpecialFunctions.digamma(q) + n * Double.log(v)
            var dv = n * q / v
            for (x, count) in customersByFrequency {
                let px = p * Double(x)
                value += count * (Double.logGamma(px + q) - Double.logGamma(px))
                let digammaSum = SpecialFunctions.digamma(px + q)
                dp += count * Double(x) * (digammaSum - SpecialFunctions.digamma(px))
                dq += count * digammaSum
            }
            let frequency = self.frequency, spend = self.spend
            let partials = ParallelChunks.map(count: customers) { range -> (Double, Double, Double, Double) in
                var value = 0.0, dp = 0.0, dq = 0.0, dv = 0.0
                for i in range {
                    let x = frequency[i]
                    let denominator = v + x * spend[i]
                    let logDenominator = Double.log(denominator)
                    value -= (p * x + q) * logDenominator
                    dp -= x * logDenominator
                    dq -= logDenominator
                    dv -= (p * x + q) / denominator
                }
                return (value, dp, dq, dv)
            }
            for part in partials {
                value += part.0
                dp += part.1
                dq += part.2
                dv += part.3
            }
            return (-value / n, [-dp * p / n, -dq * q / n, -dv * v / n])
        }
    }
}
