import Foundation
import GuanxiAnalytics
import Testing

/// Properties of the BG/NBD, Gamma-Gamma and CLV functions that hold for any parameters (ANALYTICS.md §2–§4).
@Suite struct ModelPropertyTests {
    static let model = BGNBDParameters(r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575)

    @Test(arguments: [(0, 0.0, 38.86), (1, 4.86, 38.86), (2, 30.43, 38.86), (29, 37.71, 38.0), (50, 1.0, 60.0), (400, 70.0, 70.0)])
    func probabilityAliveIsAProbability(x: Int, tx: Double, age: Double) {
        let alive = Self.model.probabilityAlive(frequency: x, recency: tx, age: age)
        #expect(alive >= 0 && alive <= 1)
        if x == 0 { #expect(alive == 1) }
    }

    @Test func expectedPurchasesIncreaseWithTheHorizon() {
        for (x, tx, age) in [(0, 0.0, 38.86), (2, 30.43, 38.86), (29, 37.71, 38.0), (300, 50.0, 52.0)] {
            var previous = 0.0
            for t in [0.5, 1, 5, 13, 39, 104, 520, 5200] {
                let value = Self.model.expectedPurchases(in: t, frequency: x, recency: tx, age: age)
                #expect(value.isFinite && value > previous, "E[Y(\(t))] for x=\(x)")
                previous = value
            }
        }
    }

    @Test func clvIsNonNegative() {
        let spend = GammaGammaParameters(p: 6.2488, q: 3.74459, v: 15.4477)
        for (x, tx, age, m) in [(0, 0.0, 38.86, 0.0), (1, 4.86, 38.86, 9.99), (29, 37.71, 38.0, 26.26), (3, 1.0, 70.0, 0.5)] {
            let expected = spend.expectedAverageSpend(frequency: x, monetaryValue: m)
            let clv = CustomerLifetimeValue().value(model: Self.model, expectedSpend: expected, frequency: x, recency: tx, age: age)
            #expect(clv >= 0 && clv.isFinite)
        }
    }

    @Test func hypergeometricMatchesClosedForms() {
        // ₂F₁(1,1;2;z) = −ln(1−z)/z; ₂F₁(a,b;b;z) = (1−z)^(−a); ₂F₁(½,½;3/2;z²) = arcsin(z)/z.
        for z in [0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 0.99999] {
            let log1 = SpecialFunctions.logHypergeometric2F1(a: 1, b: 1, c: 2, z: z)
            #expect(relativeError(log1, Foundation.log(-Foundation.log(1 - z) / z)) < 1e-10 || abs(log1 - Foundation.log(-Foundation.log(1 - z) / z)) < 1e-12)
            let log2 = SpecialFunctions.logHypergeometric2F1(a: 0.7, b: 2.3, c: 2.3, z: z)
            #expect(abs(log2 - -0.7 * Foundation.log(1 - z)) < 1e-10)
            let root = z.squareRoot()
            let log3 = SpecialFunctions.logHypergeometric2F1(a: 0.5, b: 0.5, c: 1.5, z: z)
            #expect(abs(log3 - Foundation.log(asin(root) / root)) < 1e-10)
        }
        // Non-integer c − a − b near 1 takes the connection formula: ₂F₁(a,b;c;z) with c−a−b = 0.45 at z = 0.999.
        // Check against the series, which still converges there (slowly).
        let connected = SpecialFunctions.logHypergeometric2F1(a: 1.25, b: 3.3, c: 5.0, z: 0.999)
        let reference = SpecialFunctions.logHypergeometric2F1(a: 1.25, b: 3.3, c: 5.0, z: 0.8999999)
        #expect(connected.isFinite && connected > reference)
    }

    @Test func digammaMatchesKnownValues() {
        // ψ(1) = −γ; ψ(1/2) = −γ − 2 ln 2; ψ(10) = H₉ − γ.
        let eulerGamma = 0.5772156649015329
        #expect(abs(SpecialFunctions.digamma(1) + eulerGamma) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) - (-eulerGamma - 2 * Foundation.log(2.0))) < 1e-13)
        let harmonic9 = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(SpecialFunctions.digamma(10) - (harmonic9 - eulerGamma)) < 1e-13)
    }

    @Test func fitRecoversSimulatedParameters() throws {
        let truth = BGNBDParameters(r: 0.5, alpha: 6, a: 0.8, b: 2.5)
        let spendTruth = GammaGammaParameters(p: 6, q: 4, v: 15)
        var generator = SplitMix64(seed: 20_240_605)
        let ages = (0..<40_000).map { 20 + Double($0 % 300) / 10 }  // T spread over 20–50 weeks
        let history = CustomerBaseSimulator(purchases: truth, spend: spendTruth).simulate(ages: ages, using: &generator)
        let fit = try BGNBDFitter().fit(history)
        #expect(fit.converged)
        // Sampling error with 40,000 customers: r and α are tight, a and b (dropout) looser.
        #expect(relativeError(fit.parameters.r, truth.r) < 0.05)
        #expect(relativeError(fit.parameters.alpha, truth.alpha) < 0.08)
        #expect(relativeError(fit.parameters.a, truth.a) < 0.2)
        #expect(relativeError(fit.parameters.b, truth.b) < 0.25)
        let spendFit = try GammaGammaFitter().fit(history)
        #expect(relativeError(spendFit.parameters.p, spendTruth.p) < 0.1)
        #expect(relativeError(spendFit.parameters.q, spendTruth.q) < 0.15)
        #expect(relativeError(spendFit.parameters.v, spendTruth.v) < 0.2)
    }
}

