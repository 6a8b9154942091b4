import RealModule

/// BG/NBD parameters r, α, a, b with the model's likelihood and predictions (ANALYTICS.md §2).
public struct BGNBDParameters: Sendable, Equatable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// BG/NBD log-likelihood of one customer (ANALYTICS.md §2).
    public func logLikelihood(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        let a1 = Double.logGamma(r + xd) - Double.logGamma(r) + r * Double.log(alpha)
        let a2 = Double.logGamma(a + b) + Double.logGamma(b + xd) - Double.logGamma(b) - Double.logGamma(a + b + xd)
        let a3 = -(r + xd) * Double.log(alpha + T)
        guard x > 0 else { return a1 + a2 + a3 }
        let a4 = Double.log(a) - Double.log(b + xd - 1) - (r + xd) * Double.log(alpha + tx)
        return a1 + a2 + Self.logSumExp(a3, a4)
    }

    /// BG/NBD probability that a customer is still alive, P(alive | x, t_x, T) (ANALYTICS.md §2).
    public func probabilityAlive(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        guard x > 0 else { return 1 }
        return 1 / (1 + deathOdds(frequency: x, recency: tx, age: T))
    }

    /// BG/NBD expected repeat purchases in the next t periods, E[Y(t) | x, t_x, T] (ANALYTICS.md §2).
    public func expectedPurchases(in t: Double, frequency x: Int, recency tx: Double, age T: Double) -> Double {
        expectedPurchasesNumerator(in: t, frequency: x, age: T) / aliveDenominator(frequency: x, recency: tx, age: T)
    }

    /// The part of E[Y(t) | x, t_x, T] that does not depend on t_x: (a+b+x−1)/(a−1) · (1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(…; t/(α+T+t))).
    func expectedPurchasesNumerator(in t: Double, frequency x: Int, age T: Double) -> Double {
        guard t > 0 else { return 0 }
        let xd = Double(x)
        let z = t / (alpha + T + t)
        let logPower = (r + xd) * Double.log((alpha + T) / (alpha + T + t))
        let logF = SpecialFunctions.logHypergeometric2F1(a: r + xd, b: b + xd, c: a + b + xd - 1, z: z)
        let bracket = -Double.expMinusOne(logPower + logF)
        return (a + b + xd - 1) / (a - 1) * bracket
    }

    /// 1 + the death odds for repeat buyers, 1 for x = 0: E[Y(t)] = numerator / this, P(alive) = 1 / this.
    func aliveDenominator(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        1 + (x > 0 ? deathOdds(frequency: x, recency: tx, age: T) : 0)
    }

    /// BG/NBD expected purchases of a new customer in t periods, E[X(t)] (ANALYTICS.md §2).
    public func expectedPurchasesNewCustomer(in t: Double) -> Double {
        guard t > 0 else { return 0 }
        let logPower = r * Double.log(alpha / (alpha + t))
        let logF = SpecialFunctions.logHypergeometric2F1(a: r, b: b, c: a + b - 1, z: t / (alpha + t))
        return (a + b - 1) / (a - 1) * -Double.expMinusOne(logPower + logF)
    }

    /// a/(b+x−1) · ((α+T)/(α+t_x))^(r+x): the odds that a repeat buyer has dropped out (ANALYTICS.md §2).
    func deathOdds(frequency x: Int, recency tx: Double, age T: Double) -> Double {
        let xd = Double(x)
        return a / (b + xd - 1) * Double.exp((r + xd) * (Double.log(alpha + T) - Double.log(alpha + tx)))
    }

    static func logSumExp(_ u: Double, _ v: Double) -> Double {
        let top = Swift.max(u, v)
        return top + Double.log(1 + Double.exp(Swift.min(u, v) - top))
    }
}
