/// The `guanxi analytics clv` computation: BG/NBD + Gamma-Gamma fits and per-customer predictions and CLV (ANALYTICS.md §1–§4).
public struct CLVPipeline: Sendable {
    /// The user's choices.
    public struct Options: Sendable {
        /// Prediction horizon for `expected_purchases`, in time units.
        public var horizon: Double = 39
        public var unit: TimeUnit = .week
        public var clvMonths: Int = 12
        public var monthlyDiscount: Double = 0.01
        public init() {}
    }

    /// Everything the command reports.
    public struct Result: Sendable {
        public var history: PurchaseHistory
        public var bgnbd: BGNBDFitter.Fit
        /// nil when Gamma-Gamma could not be fitted; `gammaGammaProblem` says why.
        public var gammaGamma: GammaGammaFitter.Fit?
        public var gammaGammaProblem: String?
        public var probabilityAlive: [Double]
        public var expectedPurchases: [Double]
        /// Gamma-Gamma E[M] per customer; empty when Gamma-Gamma could not be fitted.
        public var expectedSpend: [Double]
        /// CLV per customer; empty when Gamma-Gamma could not be fitted.
        public var clv: [Double]
        /// Σ CLV; nil without Gamma-Gamma.
        public var customerEquity: Double?
        /// Wall-clock seconds of each phase (BG/NBD fit, Gamma-Gamma fit, predictions), for `--verbose`.
        public var phaseSeconds: [(phase: String, seconds: Double)] = []
    }

    /// Failures with a message for the user.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noCustomers
        case nonFinitePredictions(String)

        public var description: String {
            switch self {
            case .noCustomers: return "no customers with a purchase on or before the observation end"
            case .nonFinitePredictions(let detail): return "predictions are not finite (\(detail)); the fit is unusable for these data"
            }
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Runs fits and predictions on a summary (ANALYTICS.md §2–§4).
    public func run(_ history: PurchaseHistory) throws -> Result {
        guard history.count > 0 else { throw Failure.noCustomers }
        let clock = ContinuousClock()
        var phaseStart = clock.now
        var phases: [(phase: String, seconds: Double)] = []
        func endPhase(_ name: String) {
            let now = clock.now
            let elapsed = (now - phaseStart).components
            phases.append((name, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18))
            phaseStart = now
        }
        // BG/NBD fit and predictions depend on (x, t_x, T) only: group the customers once for both.
        let distinct = DistinctHistories(history)
        let bgnbd = try BGNBDFitter().fit(history, distinct: distinct)
        endPhase("BG/NBD fit")
        var gammaGamma: GammaGammaFitter.Fit?
        var problem: String?
        do {
            let fit = try GammaGammaFitter().fit(history)
            if fit.parameters.q <= 1 {
                problem = GammaGammaFitter.Failure.infiniteMeanSpend(q: fit.parameters.q).description
            } else {
                gammaGamma = fit
            }
        } catch let failure as GammaGammaFitter.Failure {
            problem = failure.description
        }
        endPhase("Gamma-Gamma fit")
        let model = bgnbd.parameters
        let spendModel = gammaGamma?.parameters
        let horizon = options.horizon
        let clvRule = CustomerLifetimeValue(months: options.clvMonths, monthlyDiscount: options.monthlyDiscount, unit: options.unit)
        // BG/NBD predictions depend on (x, t_x, T) only, and their t_x-free numerators on (x, T) only:
        // compute the numerators (the ₂F₁ series) once per distinct (x, T) and the rest once per distinct triple.
        struct PairKey: Hashable { let x: Int32; let age: UInt64 }
        var pairOf: [PairKey: Int32] = [:]
        var pairFrequencies: [Int32] = [], pairAges: [Double] = []
        let pairOfTriple = (0..<distinct.count).map { i -> Int32 in
            let key = PairKey(x: distinct.frequency[i], age: distinct.age[i].bitPattern)
            if let known = pairOf[key] { return known }
            let next = Int32(pairFrequencies.count)
            pairOf[key] = next
            pairFrequencies.append(distinct.frequency[i])
            pairAges.append(distinct.age[i])
            return next
        }
        let pairFrequency = pairFrequencies, pairAge = pairAges
        let perPair = ParallelChunks.map(count: pairFrequency.count) { range -> [[Double]] in
            var purchases = [Double](), discounted = [Double]()
            for i in range {
                let x = Int(pairFrequency[i]), age = pairAge[i]
                purchases.append(model.expectedPurchasesNumerator(in: horizon, frequency: x, age: age))
                // CLV is linear in E[M]: the discounted purchases at unit spend, times E[M] later.
                discounted.append(clvRule.discountedPurchaseNumerator(model: model, frequency: x, age: age))
            }
            return [purchases, discounted]
        }
        let pairPurchases = perPair.flatMap { $0[0] }, pairDiscounted = perPair.flatMap { $0[1] }
        let perTriple = ParallelChunks.map(count: distinct.count) { range -> [[Double]] in
            var alive = [Double](), purchases = [Double](), discountedPurchases = [Double]()
            for i in range {
                let denominator = model.aliveDenominator(frequency: Int(distinct.frequency[i]), recency: distinct.recency[i], age: distinct.age[i])
                let pair = Int(pairOfTriple[i])
                alive.append(1 / denominator)
                purchases.append(pairPurchases[pair] / denominator)
                discountedPurchases.append(pairDiscounted[pair] / denominator)
            }
            return [alive, purchases, discountedPurchases]
        }
        let tripleAlive = perTriple.flatMap { $0[0] }, triplePurchases = perTriple.flatMap { $0[1] }
        let tripleDiscounted = perTriple.flatMap { $0[2] }
        let chunks = ParallelChunks.map(count: history.count) { range -> [[Double]] in
            var alive = [Double](), purchases = [Double](), spend = [Double](), clv = [Double]()
            alive.reserveCapacity(range.count)
            purchases.reserveCapacity(range.count)
            for i in range {
                let triple = Int(distinct.tripleOfCustomer[i])
                alive.append(tripleAlive[triple])
                purchases.append(triplePurchases[triple])
                if let spendModel {
                    let expected = spendModel.expectedAverageSpend(frequency: Int(history.frequency[i]), monetaryValue: history.monetaryValue[i])
                    spend.append(expected)
                    clv.append(expected * tripleDiscounted[triple])
                }
            }
            return [alive, purchases, spend, clv]
        }
        let alive = chunks.flatMap { $0[0] }, purchases = chunks.flatMap { $0[1] }
        let spend = chunks.flatMap { $0[2] }, clv = chunks.flatMap { $0[3] }
        for (name, column) in [("p_alive", alive), ("expected_purchases", purchases), ("expected_avg_spend", spend), ("clv", clv)] {
            if let bad = column.firstIndex(where: { !$0.isFinite }) {
                throw Failure.nonFinitePredictions("\(name) of customer \(history.customerIDs[bad]); BG/NBD converged: \(bgnbd.converged)")
            }
        }
        endPhase("predictions")
        return Result(history: history, bgnbd: bgnbd, gammaGamma: gammaGamma, gammaGammaProblem: problem,
                      probabilityAlive: alive, expectedPurchases: purchases, expectedSpend: spend, clv: clv,
                      customerEquity: gammaGamma == nil ? nil : clv.reduce(0, +), phaseSeconds: phases)
    }
}

extension CLVPipeline.Result {
    /// The header of the per-customer CSV.
    public static let csvHeader = "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_avg_spend,clv"

    /// Writes the per-customer CSV in blocks, formatted in parallel; monetary_value, expected_avg_spend and clv are rounded
    /// to cents (`MoneyFormat`), and the spend and CLV cells are empty without Gamma-Gamma.
    public func writeCSV(blockSize: Int = 65_536, _ emit: ([UInt8]) throws -> Void) rethrows {
        try emit(Array((Self.csvHeader + "\n").utf8))
        var start = 0
        while start < history.count {
            let end = min(history.count, start + blockSize)
            let blockStart = start
            let parts = ParallelChunks.map(count: end - start) { range -> [UInt8] in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(range.count * 110)
                let comma = UInt8(ascii: ",")
                for offset in range {
                    let i = blockStart + offset
                    bytes.append(contentsOf: history.customerIDs[i].utf8)
                    bytes.append(comma)
                    MoneyFormat.appendSigned(Int64(history.frequency[i]), to: &bytes)
                    bytes.append(comma)
                    bytes.append(contentsOf: history.recency[i].description.utf8)
                    bytes.append(comma)
                    bytes.append(contentsOf: history.age[i].description.utf8)
                    bytes.append(comma)
                    MoneyFormat.append(history.monetaryValue[i], to: &bytes)
                    bytes.append(comma)
                    bytes.append(contentsOf: probabilityAlive[i].description.utf8)
                    bytes.append(comma)
                    bytes.append(contentsOf: expectedPurchases[i].description.utf8)
                    bytes.append(comma)
                    if !expectedSpend.isEmpty { MoneyFormat.append(expectedSpend[i], to: &bytes) }
                    bytes.append(comma)
                    if !clv.isEmpty { MoneyFormat.append(clv[i], to: &bytes) }
                    bytes.append(UInt8(ascii: "\n"))
                }
                return bytes
            }
            for part in parts { try emit(part) }
            start = end
        }
    }

    /// The fitted parameters as JSON: `{"bgnbd": {r, alpha, a, b, log_likelihood, converged}, "gamma_gamma": {p, q, v} or null, "customers": N}`.
    public func parametersJSON() -> String {
        let p = bgnbd.parameters
        var json = "{\n  \"bgnbd\": {\"r\": \(p.r), \"alpha\": \(p.alpha), \"a\": \(p.a), \"b\": \(p.b), "
        json += "\"log_likelihood\": \(bgnbd.logLikelihood), \"converged\": \(bgnbd.converged)},\n"
        if let gammaGamma {
            let g = gammaGamma.parameters
            json += "  \"gamma_gamma\": {\"p\": \(g.p), \"q\": \(g.q), \"v\": \(g.v), \"log_likelihood\": \(gammaGamma.logLikelihood), "
            json += "\"customers\": \(gammaGamma.customers), \"converged\": \(gammaGamma.converged)},\n"
        } else {
            json += "  \"gamma_gamma\": null,\n"
        }
        if let customerEquity { json += "  \"customer_equity\": \(customerEquity),\n" }
        json += "  \"customers\": \(history.count)\n}\n"
        return json
    }
}
