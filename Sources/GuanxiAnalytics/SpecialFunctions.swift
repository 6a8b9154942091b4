import RealModule

/// Special functions the customer-value models need: digamma and the Gauss hypergeometric ₂F₁ (ANALYTICS.md §2, §3).
public enum SpecialFunctions {
    /// Digamma ψ(x) = d lnΓ(x)/dx for x > 0 (ANALYTICS.md §3, gradient of the Gamma-Gamma likelihood).
    public static func digamma(_ value: Double) -> Double {
        guard value > 0 else { return .nan }
        var x = value
        var result = 0.0
        // Shift up with ψ(x) = ψ(x+1) − 1/x until the asymptotic series is accurate to double precision.
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let inverseSquare = 1 / (x * x)
        let series = inverseSquare * (1.0 / 12 - inverseSquare * (1.0 / 120 - inverseSquare * (1.0 / 252
            - inverseSquare * (1.0 / 240 - inverseSquare * (1.0 / 132)))))
        return result + Double.log(x) - 0.5 / x - series
    }

    /// Natural logarithm of the Gauss hypergeometric function ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 (ANALYTICS.md §2).
    ///
    /// Sums the series with a running scale so terms can exceed the Double range; for z close to 1,
    /// where the series needs many terms, uses the z → 1 − z connection formula when c − a − b is not
    /// close to an integer.
    public static func logHypergeometric2F1(a: Double, b: Double, c: Double, z: Double) -> Double {
        precondition(z >= 0 && z < 1, "₂F₁ argument must be in [0, 1)")
        if z == 0 { return 0 }
        let gap = c - a - b
        if z > 0.9, abs(gap - gap.rounded()) > 1e-3,
           let value = connectedLog2F1(a: a, b: b, c: c, z: z) {
            return value
        }
        return seriesLog2F1(a: a, b: b, c: c, z: z)
    }

    /// The defining series Σ (a)ₙ(b)ₙ/(c)ₙ zⁿ/n!, summed with rescaling; valid for |z| < 1.
    static func seriesLog2F1(a: Double, b: Double, c: Double, z: Double) -> Double {
        var term = 1.0
        var sum = 1.0
        var logScale = 0.0
        var n = 0.0
        while n < 5_000_000 {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            n += 1
            if sum > 1e250 {
                sum *= 1e-250
                term *= 1e-250
                logScale += 250 * Double.log(10)
            }
            if abs(term) <= abs(sum) * 1e-17 {
                // Stop only once the terms are shrinking, not while they are still climbing to their peak.
                if (a + n) * (b + n) * z < (c + n) * (n + 1) { break }
            }
        }
        return Double.log(sum) + logScale
    }

    /// ₂F₁ through the connection formula to argument 1 − z (Abramowitz & Stegun 15.3.6); nil when the result is not positive.
    static func connectedLog2F1(a: Double, b: Double, c: Double, z: Double) -> Double? {
        let gap = c - a - b
        let w = 1 - z
        // term 1: Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) · F(a, b; a+b−c+1; w)
        // term 2: w^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) · F(c−a, c−b; c−a−b+1; w)
        func signedLogSeries(_ p: Double, _ q: Double, _ r: Double) -> (sign: Double, log: Double) {
            // Parameters can be negative here, so sum directly with signs; w < 0.1 converges fast.
            var term = 1.0, sum = 1.0, n = 0.0
            while n < 10_000 {
                term *= (p + n) * (q + n) / ((r + n) * (n + 1)) * w
                sum += term
                n += 1
                if abs(term) <= abs(sum) * 1e-17 { break }
            }
            return (sum < 0 ? -1 : 1, Double.log(abs(sum)))
        }
        func signedLogGamma(_ x: Double) -> (sign: Double, log: Double)? {
            if x <= 0 && x == x.rounded() { return nil }
            return (Double.signGamma(x) == .minus ? -1 : 1, Double.logGamma(x))
        }
        guard let gc = signedLogGamma(c), let gGap = signedLogGamma(gap), let gca = signedLogGamma(c - a),
              let gcb = signedLogGamma(c - b), let gNegGap = signedLogGamma(-gap), let ga = signedLogGamma(a),
              let gb = signedLogGamma(b) else { return nil }
        let series1 = signedLogSeries(a, b, 1 - gap)
        let series2 = signedLogSeries(c - a, c - b, gap + 1)
        let sign1 = gc.sign * gGap.sign * gca.sign * gcb.sign * series1.sign
        let log1 = gc.log + gGap.log - gca.log - gcb.log + series1.log
        let sign2 = gc.sign * gNegGap.sign * ga.sign * gb.sign * series2.sign
        let log2 = gap * Double.log(w) + gc.log + gNegGap.log - ga.log - gb.log + series2.log
        let top = max(log1, log2)
        let combined = sign1 * Double.exp(log1 - top) + sign2 * Double.exp(log2 - top)
        // Heavy cancellation means the connection formula lost the digits; let the series decide.
        guard combined > 1e-8 else { return nil }
        return top + Double.log(combined)
    }
}
