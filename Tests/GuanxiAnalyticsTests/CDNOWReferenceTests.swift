import GuanxiAnalytics
import Testing

/// Relative difference, for comparisons with published figures.
func relativeError(_ value: Double, _ reference: Double) -> Double {
    abs(value - reference) / abs(reference)
}

/// CDNOW figures of ANALYTICS.md §5 and the data README, case A: the published 2,357-customer summary.
@Suite struct CDNOWSummaryTests {
    static let referenceBGNBD = BGNBDParameters(r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575)
    static let referenceGammaGamma = GammaGammaParameters(p: 6.24880, q: 3.74459, v: 15.4477)

    @Test func bgnbdFitMatchesPublishedParameters() throws {
        let history = try FixtureLoader.publishedSummary()
        #expect(history.count == 2357)
        let fit = try BGNBDFitter().fit(history)
        let p = fit.parameters
        let reference = Self.referenceBGNBD
        #expect(fit.converged)
        // Reference figures have 6 significant digits, so 1e-4 relative is well above their rounding.
        #expect(relativeError(p.r, reference.r) < 1e-4)
        #expect(relativeError(p.alpha, reference.alpha) < 1e-4)
        #expect(relativeError(p.a, reference.a) < 1e-4)
        #expect(relativeError(p.b, reference.b) < 1e-4)
        #expect(abs(fit.logLikelihood - -9582.4256) < 1e-3)
        print("A bgnbd", p, fit.logLikelihood, fit.iterations, fit.agreeingStarts)
    }

    @Test func gammaGammaFitMatchesPublishedParameters() throws {
        let history = try FixtureLoader.publishedSummary()
        let fit = try GammaGammaFitter().fit(history)
        #expect(fit.customers == 946)
        #expect(fit.converged)
        #expect(relativeError(fit.parameters.p, Self.referenceGammaGamma.p) < 1e-4)
        #expect(relativeError(fit.parameters.q, Self.referenceGammaGamma.q) < 1e-4)
        #expect(relativeError(fit.parameters.v, Self.referenceGammaGamma.v) < 1e-4)
        #expect(relativeError(fit.parameters.populationMeanSpend, 35.1710) < 1e-5)
        print("A gg", fit.parameters)
    }
}
