import RealModule

/// Gamma-Gamma spend-model parameters p, q, v with the likelihood and expected spend (ANALYTICS.md §3).
public struct GammaGammaParameters: Sendable, Equatable {
    public var p: Double
    public var q: Double
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }

    /// Gamma-Gamma log-likelihood of one repeat buyer with x repeat purchases of mean m̄ (ANALYTICS.md §3).
    public func logLikelihood(frequency x: Int, monetaryValue m: Double) -> Double {
        let px = p * Double(x)
        return Double.logGamma(px + q) - Double.logGamma(px) - Double.logGamma(q) + q * Double.log(v)
            + (px - 1) * Double.log(m) + px * Double.log(Double(x)) - (px + q) * Double.log(v + Double(x) * m)
    }

    /// Gamma-Gamma expected mean spend E[M | x, m̄]; the population mean p·v/(q−1) when x = 0 (ANALYTICS.md §3).
    public func expectedAverageSpend(frequency x: Int, monetaryValue m: Double) -> Double {
        let xd = Double(x)
        return p * (v + xd * (x > 0 ? m : 0)) / (p * xd + q - 1)
    }

    /// Population mean spend p·v/(q−1) (ANALYTICS.md §3).
    public var populationMeanSpend: Double { p * v / (q - 1) }
}
