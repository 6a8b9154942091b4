import RealModule

/// Simulates purchase histories from the BG/NBD and Gamma-Gamma processes with an injected generator (ANALYTICS.md §2, §3).
public struct CustomerBaseSimulator: Sendable {
    public var purchases: BGNBDParameters
    public var spend: GammaGammaParameters

    public init(purchases: BGNBDParameters, spend: GammaGammaParameters) {
        self.purchases = purchases
        self.spend = spend
    }

    /// One customer per entry of `ages` (T), with BG/NBD purchases and Gamma-Gamma repeat spend (ANALYTICS.md §2, §3).
    public func simulate(ages: [Double], using generator: inout some RandomNumberGenerator) -> PurchaseHistory {
        var frequency: [Int32] = [], recency: [Double] = [], monetary: [Double] = []
        for age in ages {
            let rate = Self.gamma(shape: purchases.r, using: &generator) / purchases.alpha
            let dropout = Self.beta(purchases.a, purchases.b, using: &generator)
            var time = 0.0, x = 0, lastPurchase = 0.0
            // The first purchase is at time 0; after each repeat purchase the customer may drop out.
            while true {
                time += -Double.log(1 - Double.random(in: 0..<1, using: &generator)) / rate
                if time > age { break }
                x += 1
                lastPurchase = time
                if Double.random(in: 0..<1, using: &generator) < dropout { break }
            }
            frequency.append(Int32(x))
            recency.append(lastPurchase)
            var mean = 0.0
            if x > 0 {
                let customerScale = Self.gamma(shape: spend.q, using: &generator) / spend.v
                for _ in 0..<x { mean += Self.gamma(shape: spend.p, using: &generator) / customerScale }
                mean /= Double(x)
            }
            monetary.append(mean)
        }
        return PurchaseHistory(customerIDs: ages.indices.map { String($0 + 1) }, frequency: frequency,
                               recency: recency, age: ages, monetaryValue: monetary)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang, boosted for shape < 1.
    static func gamma(shape: Double, using generator: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let boost = Double.pow(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator), 1 / shape)
            return gamma(shape: shape + 1, using: &generator) * boost
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal(using: &generator)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = Double.random(in: 0..<1, using: &generator)
            if u < 1 - 0.0331 * x * x * x * x || Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
        }
    }

    static func beta(_ a: Double, _ b: Double, using generator: inout some RandomNumberGenerator) -> Double {
        let x = gamma(shape: a, using: &generator), y = gamma(shape: b, using: &generator)
        return x / (x + y)
    }

    static func normal(using generator: inout some RandomNumberGenerator) -> Double {
        let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * .pi * v)
    }
}
