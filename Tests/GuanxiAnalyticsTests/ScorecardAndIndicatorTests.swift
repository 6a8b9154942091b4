import GuanxiAnalytics
import Testing

/// AHP, fuzzy evaluation, scorecard normalisation and the service indicators, on reference and hand-computed examples (ANALYTICS.md §8, §9).
@Suite struct ScorecardAndIndicatorTests {
    @Test func ahpReferenceExample() throws {
        let ahp = try AHPWeights(pairwise: [[1, 3, 5], [1.0 / 3, 1, 3], [1.0 / 5, 1.0 / 3, 1]])
        let expected = [0.636986, 0.258285, 0.104729]
        for (weight, reference) in zip(ahp.weights, expected) { #expect(abs(weight - reference) < 1e-6) }
        #expect(abs(ahp.lambdaMax - 3.038511) < 1e-6)
        #expect(abs(ahp.consistencyRatio - 0.033199) < 1e-6)
        #expect(abs(ahp.consistencyIndex - 0.033199 * 0.58) < 1e-6)
    }

    @Test func ahpRefusesInconsistentJudgementsWithTheRatio() {
        // A > B, B > C but C ≫ A: far from consistent.
        do {
            _ = try AHPWeights(pairwise: [[1, 5, 1.0 / 7], [1.0 / 5, 1, 5], [7, 1.0 / 5, 1]])
            Issue.record("an inconsistent matrix was accepted")
        } catch let failure as AHPWeights.Failure {
            guard case .inconsistent(let cr) = failure else { Issue.record("wrong failure \(failure)"); return }
            #expect(cr >= 0.1)
            #expect(failure.description.contains("CR = \(cr)"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func fuzzyReferenceExample() throws {
        let evaluation = try FuzzyEvaluation(weights: [0.5, 0.3, 0.2],
                                             membership: [[0.3, 0.5, 0.2, 0], [0.4, 0.4, 0.1, 0.1], [0.2, 0.3, 0.4, 0.1]])
        for (value, reference) in zip(evaluation.membership, [0.31, 0.43, 0.21, 0.05]) { #expect(abs(value - reference) < 1e-9) }
        // 0.31·95 + 0.43·80 + 0.21·65 + 0.05·40 = 29.45 + 34.4 + 13.65 + 2 = 79.5
        #expect(abs(evaluation.score - 79.5) < 1e-9)
    }

    @Test func normalisationHigherAndLowerIsBetter() {
        let higher = ScorecardIndicator(target: 90, redThreshold: 70)
        #expect(higher.score(95) == 100)
        #expect(higher.score(90) == 100)
        #expect(higher.score(80) == 80)  // 60 + 40·(80−70)/(90−70)
        #expect(higher.score(70) == 60)
        #expect(higher.score(60) == 30)  // floor 70 − 20 = 50; 60·(60−50)/(70−50)
        #expect(higher.score(40) == 0)
        #expect(higher.light(90) == .green && higher.light(75) == .amber && higher.light(69) == .red)
        let lower = ScorecardIndicator(target: 2, redThreshold: 4, higherIsBetter: false)  // e.g. hours to answer
        #expect(lower.score(1) == 100)
        #expect(lower.score(3) == 80)
        #expect(lower.score(5) == 30)
        #expect(lower.score(7) == 0)
        #expect(lower.light(3) == .amber && lower.light(4.5) == .red)
    }

    @Test func aggregationSkipsMissingValues() {
        // (2·80 + 1·50) / (2 + 1) = 70; the child without a value is reported, not counted as 0.
        let result = ScorecardIndicator.aggregate([(2, 80), (1, 50), (3, nil)])
        #expect(result.score == 70)
        #expect(result.missing == [2])
        #expect(ScorecardIndicator.aggregate([(1, nil)]).score == nil)
    }

    @Test func npsAndCsat() {
        // 10 answers: promoters 9, 10, 10 (3); detractors 0, 5, 6 (3); passives 7, 8, 8, 7 → NPS = 30 − 30 = 0.
        #expect(SurveyIndicators.netPromoterScore([9, 10, 10, 0, 5, 6, 7, 8, 8, 7]) == 0)
        // 4 answers: promoters 2, detractors 1 → 50 − 25 = 25
        #expect(SurveyIndicators.netPromoterScore([10, 9, 3, 8]) == 25)
        // CSAT: 4, 5, 5 of 1, 2, 3, 4, 5, 5 → 3/6 = 50 %
        #expect(SurveyIndicators.customerSatisfaction([1, 2, 3, 4, 5, 5]) == 50)
        #expect(SurveyIndicators.netPromoterScore([]) == nil)
    }

    @Test func servqualGaps() throws {
        // Expectations all 6. Perceptions: tangibles 5 (gap −1), reliability 7 (+1), responsiveness 6 (0),
        // assurance 4 (−2), empathy 6.5 (+0.5). Importance 20, 30, 20, 15, 15:
        // overall = 0.2·−1 + 0.3·1 + 0.2·0 + 0.15·−2 + 0.15·0.5 = −0.2 + 0.3 − 0.3 + 0.075 = −0.125
        let perception = Array(repeating: 5.0, count: 4) + Array(repeating: 7.0, count: 5) + Array(repeating: 6.0, count: 4)
            + Array(repeating: 4.0, count: 4) + Array(repeating: 6.5, count: 5)
        let gaps = try #require(SurveyIndicators.servqualGaps(perception: perception, expectation: Array(repeating: 6, count: 22),
                                                               importance: [20, 30, 20, 15, 15]))
        #expect(gaps.dimensions == [-1, 1, 0, -2, 0.5])
        #expect(abs(gaps.overall - -0.125) < 1e-12)
    }

    @Test func retentionChurnAcquisitionWalletCrossSell() throws {
        // S = 200, E = 210, N = 30: retention (210 − 30)/200 = 0.9, churn 0.1, acquisition 30/200 = 0.15
        let figures = try #require(RelationshipIndicators.retention(atStart: 200, atEnd: 210, new: 30))
        #expect(abs(figures.retention - 0.9) < 1e-12 && abs(figures.churn - 0.1) < 1e-12 && abs(figures.acquisition - 0.15) < 1e-12)
        #expect(RelationshipIndicators.retention(atStart: 0, atEnd: 5, new: 5) == nil)
        #expect(RelationshipIndicators.shareOfWallet(spendWithUs: 300, estimatedCategorySpend: 1200) == 0.25)
        // categories {a, b}, {a}, {a, b, c} → (2 + 1 + 3)/3 = 2
        #expect(RelationshipIndicators.crossSellRatio(categoriesByCustomer: [["a", "b", "a"], ["a"], ["a", "b", "c"]]) == 2)
    }

    @Test func callCenterAndTickets() {
        // answered waits 10, 20, 60 → ASA 30 s; 1 abandoned of 4 → 25 %
        let calls = [(10.0, true), (20, true), (60, true), (300, false)].map { RelationshipIndicators.Call(waitSeconds: $0.0, answered: $0.1) }
        let center = RelationshipIndicators.callCenter(calls)
        #expect(center.averageSpeedOfAnswer == 30 && center.abandonmentRate == 0.25)
        // responses 1, 2, 6 h → mean 3, median 2; resolutions 4, 10 h (one open) → mean 7, median 7;
        // SLA met 2 of 3 → 66.67 %; FCR: resolved 2, of which 1 without reopen and one interaction → 50 %
        let tickets = [
            RelationshipIndicators.Ticket(firstResponseHours: 1, resolutionHours: 4, slaMet: true, reopened: false, interactions: 1),
            RelationshipIndicators.Ticket(firstResponseHours: 2, resolutionHours: 10, slaMet: true, reopened: true, interactions: 1),
            RelationshipIndicators.Ticket(firstResponseHours: 6, resolutionHours: nil, slaMet: false, reopened: false, interactions: 3),
        ]
        let figures = RelationshipIndicators.tickets(tickets)
        #expect(figures.meanFirstResponse == 3 && figures.medianFirstResponse == 2)
        #expect(figures.meanResolution == 7 && figures.medianResolution == 7)
        #expect(abs((figures.slaMetPercent ?? 0) - 200.0 / 3) < 1e-9)
        #expect(figures.firstContactResolutionPercent == 50)
    }
}
