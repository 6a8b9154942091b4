import GuanxiAnalytics
import Testing

/// Relative difference, for comparisons with published figures.
func relativeError(_ value: Double, _ reference: Double) -> Double {
    abs(value - reference) / abs(reference)
}

/// One published per-customer row: P(alive), E[Y(39)], E[M], CLV (12 months, 1 %/month).
struct ReferenceRow: Sendable {
    let id: String
    let x: Int
    let pAlive: Double, expectedPurchases: Double, expectedSpend: Double, clv: Double
}

/// Checks a pipeline result against published per-customer rows to 1e-5 relative.
func expectRows(_ result: CLVPipeline.Result, _ rows: [ReferenceRow]) throws {
    for row in rows {
        let i = try #require(result.history.customerIDs.firstIndex(of: row.id))
        #expect(Int(result.history.frequency[i]) == row.x)
        #expect(relativeError(result.probabilityAlive[i], row.pAlive) < 1e-5, "P(alive) of \(row.id)")
        #expect(relativeError(result.expectedPurchases[i], row.expectedPurchases) < 1e-5, "E[Y(39)] of \(row.id)")
        #expect(relativeError(result.expectedSpend[i], row.expectedSpend) < 1e-5, "E[M] of \(row.id)")
        #expect(relativeError(result.clv[i], row.clv) < 1e-5, "CLV of \(row.id)")
    }
}

/// CDNOW case A (ANALYTICS.md §5, data README): the published 2,357-customer calibration summary.
@Suite struct CDNOWSummaryTests {
    static let referenceBGNBD = BGNBDParameters(r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575)
    static let referenceGammaGamma = GammaGammaParameters(p: 6.24880, q: 3.74459, v: 15.4477)
    static let rows = [
        ReferenceRow(id: "1", x: 2, pAlive: 0.726609, expectedPurchases: 1.22591, expectedSpend: 24.6586, clv: 36.2785),
        ReferenceRow(id: "18", x: 1, pAlive: 0.310915, expectedPurchases: 0.297764, expectedSpend: 17.6747, clv: 6.34962),
        ReferenceRow(id: "157", x: 29, pAlive: 0.969134, expectedPurchases: 20.0537, expectedSpend: 26.3929, clv: 625.350),
        ReferenceRow(id: "1516", x: 26, pAlive: 0.968920, expectedPurchases: 20.7506, expectedSpend: 39.8903, clv: 972.126),
        ReferenceRow(id: "3", x: 0, pAlive: 1, expectedPurchases: 0.194781, expectedSpend: 35.1710, clv: 8.34409),
    ]

    @Test func bgnbdFitMatchesPublishedParameters() throws {
        let fit = try BGNBDFitter().fit(try FixtureLoader.publishedSummary())
        let p = fit.parameters, reference = Self.referenceBGNBD
        #expect(fit.converged)
        #expect(fit.agreeingStarts == fit.starts)
        #expect(relativeError(p.r, reference.r) < 1e-4)
        #expect(relativeError(p.alpha, reference.alpha) < 1e-4)
        #expect(relativeError(p.a, reference.a) < 1e-4)
        #expect(relativeError(p.b, reference.b) < 1e-4)
        #expect(abs(fit.logLikelihood - -9582.4256) < 1e-3)
    }

    @Test func gammaGammaFitMatchesPublishedParameters() throws {
        let fit = try GammaGammaFitter().fit(try FixtureLoader.publishedSummary())
        #expect(fit.customers == 946)
        #expect(fit.converged)
        #expect(relativeError(fit.parameters.p, Self.referenceGammaGamma.p) < 1e-4)
        #expect(relativeError(fit.parameters.q, Self.referenceGammaGamma.q) < 1e-4)
        #expect(relativeError(fit.parameters.v, Self.referenceGammaGamma.v) < 1e-4)
        #expect(relativeError(fit.parameters.populationMeanSpend, 35.1710) < 1e-5)
    }

    @Test func pipelineReproducesPublishedPredictionsAtFittedParameters() throws {
        let result = try CLVPipeline().run(try FixtureLoader.publishedSummary())
        try expectRows(result, Self.rows)
        #expect(relativeError(result.expectedPurchases.reduce(0, +), 1653.42) < 1e-5)
        #expect(relativeError(try #require(result.customerEquity), 71509.9) < 1e-5)
        #expect(relativeError(result.bgnbd.parameters.expectedPurchasesNewCustomer(in: 39), 1.19502) < 1e-5)
    }

    @Test func predictionFunctionsMatchAtReferenceParameters() throws {
        let model = Self.referenceBGNBD, spend = Self.referenceGammaGamma
        let clv = CustomerLifetimeValue()
        // (x, t_x, T, m̄) of IDs 1, 18, 157, 1516, 3 in the published summary.
        let inputs: [(Int, Double, Double, Double)] = [(2, 30.43, 38.86, 22.35), (1, 4.86, 38.86, 9.99),
                                                       (29, 37.71, 38.00, 26.26), (26, 30.86, 31.00, 39.97), (0, 0, 38.86, 0)]
        for (row, input) in zip(Self.rows, inputs) {
            let (x, tx, age, m) = input
            let expectedSpend = spend.expectedAverageSpend(frequency: x, monetaryValue: m)
            #expect(relativeError(model.probabilityAlive(frequency: x, recency: tx, age: age), row.pAlive) < 1e-5)
            #expect(relativeError(model.expectedPurchases(in: 39, frequency: x, recency: tx, age: age), row.expectedPurchases) < 1e-5)
            #expect(relativeError(expectedSpend, row.expectedSpend) < 1e-5)
            #expect(relativeError(clv.value(model: model, expectedSpend: expectedSpend, frequency: x, recency: tx, age: age), row.clv) < 1e-5)
        }
        #expect(relativeError(model.expectedPurchasesNewCustomer(in: 39), 1.19502) < 1e-5)
        let history = try FixtureLoader.publishedSummary()
        #expect(abs(BGNBDFitter.totalLogLikelihood(model, history: history) - -9582.4256) < 0.01)
    }
}

/// CDNOW cases B and C (data README): raw transactions, calibration end 1997-09-30, holdout to 1998-06-30.
@Suite struct CDNOWTransactionTests {
    @Test func sampleTransactionsReproduceCaseB() throws {
        let log = try FixtureLoader.ledger("cdnow_sample_transactions.csv", calibrationEnd: "1997-09-30")
        let history = PurchaseHistory(ledger: log.ledger, customerIDs: log.ids, observationEnd: Int32(CivilDay.parse("1997-09-30")!), unit: .week)
        #expect(history.count == 2357)
        #expect(history.holdoutFrequency.reduce(0) { $0 + Int($1) } == 1882)
        let result = try CLVPipeline().run(history)
        let p = result.bgnbd.parameters
        #expect(relativeError(p.r, 0.242595) < 1e-4)
        #expect(relativeError(p.alpha, 4.41360) < 1e-4)
        #expect(relativeError(p.a, 0.792922) < 1e-4)
        #expect(relativeError(p.b, 2.42591) < 1e-4)
        #expect(abs(result.bgnbd.logLikelihood - -9582.4292) < 1e-3)
        let g = try #require(result.gammaGamma)
        #expect(g.customers == 946)
        #expect(relativeError(g.parameters.p, 6.24957) < 1e-4)
        #expect(relativeError(g.parameters.q, 3.74422) < 1e-4)
        #expect(relativeError(g.parameters.v, 15.4435) < 1e-4)
        #expect(relativeError(result.expectedPurchases.reduce(0, +), 1653.41) < 1e-5)
        #expect(relativeError(try #require(result.customerEquity), 71508.0) < 1e-5)
        try expectRows(result, [ReferenceRow(id: "1", x: 2, pAlive: 0.726620, expectedPurchases: 1.22599, expectedSpend: 24.6539, clv: 36.2740)])
        let first = try #require(history.customerIDs.firstIndex(of: "1"))
        #expect(abs(history.recency[first] - 30.428571) < 1e-6)
        #expect(abs(history.age[first] - 38.857143) < 1e-6)
        #expect(abs(history.monetaryValue[first] - 22.345) < 1e-9)
    }

    @Test func masterTransactionsReproduceCaseC() throws {
        let log = try FixtureLoader.ledger("cdnow_transactions.csv", calibrationEnd: "1997-09-30")
        let history = PurchaseHistory(ledger: log.ledger, customerIDs: log.ids, observationEnd: Int32(CivilDay.parse("1997-09-30")!), unit: .week)
        #expect(history.count == 23570)
        #expect(history.holdoutFrequency.reduce(0) { $0 + Int($1) } == 19684)
        let result = try CLVPipeline().run(history)
        let p = result.bgnbd.parameters
        #expect(relativeError(p.r, 0.251624) < 1e-4)
        #expect(relativeError(p.alpha, 4.78895) < 1e-4)
        #expect(relativeError(p.a, 0.723433) < 1e-4)
        #expect(relativeError(p.b, 2.16109) < 1e-4)
        #expect(abs(result.bgnbd.logLikelihood - -95368.4439) < 1e-3)
        let g = try #require(result.gammaGamma)
        // One repeat buyer spent 0 and is left out of the Gamma-Gamma fit.
        #expect(g.customers == 9450)
        #expect(relativeError(g.parameters.p, 6.27536) < 1e-4)
        #expect(relativeError(g.parameters.q, 3.62445) < 1e-4)
        #expect(relativeError(g.parameters.v, 14.9837) < 1e-4)
        #expect(relativeError(result.expectedPurchases.reduce(0, +), 16873.7) < 1e-5)
        #expect(relativeError(try #require(result.customerEquity), 768045) < 1e-5)
        try expectRows(result, [
            ReferenceRow(id: "4", x: 2, pAlive: 0.729390, expectedPurchases: 1.23288, expectedSpend: 24.6767, clv: 36.5759),
            ReferenceRow(id: "1", x: 0, pAlive: 1, expectedPurchases: 0.200090, expectedSpend: 35.8277, clv: 8.73119),
        ])
    }
}
