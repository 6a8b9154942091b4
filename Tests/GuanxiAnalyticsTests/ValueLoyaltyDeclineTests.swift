import GuanxiAnalytics
import Testing

/// Profitability tiers, Pareto/ABC, the loyalty matrix, decline warnings, cohorts and product affinity on hand-computed examples (ANALYTICS.md §7).
@Suite struct ValueLoyaltyDeclineTests {
    // MARK: Profit per customer and tiers

    @Test func profitPerCustomerAndTiers() {
        // Unit costs: ticket 10, phone 5, email 1; "chat" has no unit cost, so it costs 0.
        //   c0: margin 310 − (2·10 + 4·5 = 40)          = 270
        //   c1: margin 200 − (10·1 = 10; chat 0)         = 190
        //   c2: margin 100 − (1·10 + 2·5 = 20)           =  80
        //   c3: margin  50 − (2·10 + 4·5 = 40)           =  10
        //   c4: margin  30 − (3·10 + 2·5 + 5·1 = 45)     = −15  (45 ≤ 2·30: unprofitable, not draining)
        //   c5: margin  10 − (6·10 + 2·5 = 70)           = −60  (70 > 2·10: resource-draining)
        //   c6: margin  20 − (1·10 + 2·5 = 20)           =   0  (break-even)
        // Mean revenue = 2300 / 7 = 328.57, so break-even is |profit| ≤ 6.57 (c3's 10 is profitable).
        // Total profit = 270 + 190 + 80 + 10 − 15 − 60 + 0 = 475; half = 237.5, crossed by c0 alone (270) → most valuable = {c0}.
        let customers = [
            CustomerProfitability.Customer(revenue: 1000, grossMargin: 310, serviceTickets: 2, interactions: ["phone": 4]),
            CustomerProfitability.Customer(revenue: 500, grossMargin: 200, serviceTickets: 0, interactions: ["email": 10, "chat": 3]),
            CustomerProfitability.Customer(revenue: 300, grossMargin: 100, serviceTickets: 1, interactions: ["phone": 2]),
            CustomerProfitability.Customer(revenue: 200, grossMargin: 50, serviceTickets: 2, interactions: ["phone": 4]),
            CustomerProfitability.Customer(revenue: 100, grossMargin: 30, serviceTickets: 3, interactions: ["phone": 2, "email": 5]),
            CustomerProfitability.Customer(revenue: 100, grossMargin: 10, serviceTickets: 6, interactions: ["phone": 2]),
            CustomerProfitability.Customer(revenue: 100, grossMargin: 20, serviceTickets: 1, interactions: ["phone": 2]),
        ]
        let result = CustomerProfitability(customers: customers,
                                           settings: .init(costPerTicket: 10, costPerInteraction: ["phone": 5, "email": 1]))
        #expect(result.costToServe == [40, 10, 20, 40, 45, 70, 20])
        #expect(result.profit == [270, 190, 80, 10, -15, -60, 0])
        #expect(result.tiers == [.mostValuable, .profitable, .profitable, .profitable, .unprofitable, .resourceDraining, .breakEven])
    }

    @Test func mostValuableUsesNetTotalProfitAndNeedsAPositiveTotal() {
        // Profits 100, 100, 100, −250: total profit 50, half 25 → only the first (crossing) customer is most valuable.
        let settings = CustomerProfitability.Settings(costPerTicket: 250, costPerInteraction: [:])
        let profitable = CustomerProfitability.Customer(revenue: 400, grossMargin: 100, serviceTickets: 0, interactions: [:])
        let loss = CustomerProfitability.Customer(revenue: 400, grossMargin: 0, serviceTickets: 1, interactions: [:])
        let some = CustomerProfitability(customers: [profitable, profitable, profitable, loss], settings: settings)
        #expect(some.tiers == [.mostValuable, .profitable, .profitable, .resourceDraining])
        // Profits 100, −250: total −150 → no share of profit to make, nobody is most valuable.
        let none = CustomerProfitability(customers: [profitable, loss], settings: settings)
        #expect(none.tiers == [.profitable, .resourceDraining])
    }

    // MARK: Pareto / ABC

    @Test func paretoClassesIncludeTheCustomerCrossingEachBoundary() {
        // Revenues sum to 100. Sorted: c1 50 (share before 0 %), c3 25 (50 %), c0 10 (75 %, crosses 80 % → still A),
        // c5 7 (85 % → B), c7 4 (92 %, crosses 95 % → still B), c2 3 (96 % → C), c4 1, c6 0 → C.
        let abc = ParetoABC(revenues: [10, 50, 3, 25, 1, 7, 0, 4])
        #expect(abc.classes == [.a, .a, .c, .a, .c, .b, .c, .b])
        // 3 of 8 customers make the first 80 %.
        #expect(abc.shareOfCustomersInA == 0.375)
    }

    @Test func paretoCustomerStartingExactlyAtTheBoundaryIsNotA() {
        // 80 + 20: the first customer makes exactly 80 %, so the second starts at 80 % and is B (it ends at 100 %).
        let abc = ParetoABC(revenues: [20, 80])
        #expect(abc.classes == [.b, .a])
        #expect(abc.shareOfCustomersInA == 0.5)
        #expect(ParetoABC(revenues: []).shareOfCustomersInA == 0)
    }

    // MARK: Loyalty matrix

    @Test func loyaltyCellsFromAttitudeAndRepeatBehaviour() {
        // Median frequency of the base: 3.
        func cell(_ survey: LoyaltyMatrix.Survey?, alive: Double, frequency: Double) -> LoyaltyMatrix {
            LoyaltyMatrix.cell(latestSurvey: survey, probabilityAlive: alive, frequency: frequency, medianFrequency: 3)
        }
        // Promoter, P(alive) 0.9, frequency 4 ≥ 3 → true loyalty.
        #expect(cell(.init(nps: 10), alive: 0.9, frequency: 4) == .trueLoyalty)
        // Satisfied (CSAT 4) but P(alive) 0.3 < 0.5 → latent.
        #expect(cell(.init(csat: 4), alive: 0.3, frequency: 5) == .latent)
        // Satisfied but buys less than the median (2 < 3) → latent.
        #expect(cell(.init(nps: 9), alive: 0.95, frequency: 2) == .latent)
        // Detractor (NPS 6) and CSAT 3, yet P(alive) exactly 0.5 and frequency at the median → spurious.
        #expect(cell(.init(nps: 6, csat: 3), alive: 0.5, frequency: 3) == .spurious)
        // SERVQUAL gap −0.4 (expectations not met), P(alive) 0.6 but frequency 2 → none.
        #expect(cell(.init(servqualOverallGap: -0.4), alive: 0.6, frequency: 2) == .none)
        // A gap of exactly 0 meets expectations → attitude high.
        #expect(cell(.init(servqualOverallGap: 0), alive: 0.6, frequency: 3) == .trueLoyalty)
        // Any one of the three measures is enough: NPS 3 but CSAT 5 → high.
        #expect(cell(.init(nps: 3, csat: 5), alive: 0.6, frequency: 3) == .trueLoyalty)
        // No survey (or an answer without any of the three measures): unknown, whatever the behaviour.
        #expect(cell(nil, alive: 0.99, frequency: 10) == .unknownAttitude)
        #expect(cell(.init(), alive: 0.99, frequency: 10) == .unknownAttitude)
        #expect(LoyaltyMatrix.unknownAttitude.rawValue == "unknown")
    }

    // MARK: Decline detector

    @Test func spendDropAgainstTheMeanOfThePreviousFourWindows() throws {
        let detector = DeclineDetector(minimumBaseline: 100)
        func check(_ spend: [Double]) -> DeclineDetector.Warning? {
            detector.evaluate(windowSpend: spend, probabilityAlive: nil, previousProbabilityAlive: nil, hasOpenWarning: false)
        }
        // Baseline = (400 + 300 + 500 + 400) / 4 = 400.
        // Latest 200 = exactly 50 % → warning, drop 1 − 200/400 = 0.5 → low.
        let half = try #require(check([400, 300, 500, 400, 200]))
        #expect(half.spendDrop == 0.5)
        #expect(half.severity == .low)
        #expect(!half.probabilityAliveDropped)
        // Latest 201 > 200 → no warning.
        #expect(check([400, 300, 500, 400, 201]) == nil)
        // Latest 100 → drop 0.75 → medium; latest 20 → drop 0.95 → high.
        #expect(check([400, 300, 500, 400, 100])?.severity == .medium)
        #expect(check([400, 300, 500, 400, 20])?.severity == .high)
        // Only the previous 4 windows count: the older 10,000 does not raise the baseline.
        #expect(check([10_000, 400, 300, 500, 400, 200])?.spendDrop == 0.5)
        // Baseline (40 + 60 + 50 + 50) / 4 = 50 < minimum 100 → no warning even for a drop to 0.
        #expect(check([40, 60, 50, 50, 0]) == nil)
        // Fewer than 4 previous windows → no baseline.
        #expect(check([400, 400, 400, 0]) == nil)
    }

    @Test func probabilityAliveFallAndOneOpenWarning() throws {
        let detector = DeclineDetector(minimumBaseline: 100)
        // P(alive) 0.85 at the previous run, 0.4 now → warning (medium), no spend drop.
        let fall = try #require(detector.evaluate(windowSpend: [], probabilityAlive: 0.4, previousProbabilityAlive: 0.85, hasOpenWarning: false))
        #expect(fall.probabilityAliveDropped && fall.spendDrop == nil && fall.severity == .medium)
        // Previous 0.79 (never ≥ 0.8), or now exactly 0.5 (not below), or no previous run → no warning.
        #expect(detector.evaluate(windowSpend: [], probabilityAlive: 0.4, previousProbabilityAlive: 0.79, hasOpenWarning: false) == nil)
        #expect(detector.evaluate(windowSpend: [], probabilityAlive: 0.5, previousProbabilityAlive: 0.9, hasOpenWarning: false) == nil)
        #expect(detector.evaluate(windowSpend: [], probabilityAlive: 0.4, previousProbabilityAlive: nil, hasOpenWarning: false) == nil)
        // Both reasons: a 95 % drop keeps severity high.
        let both = try #require(detector.evaluate(windowSpend: [400, 300, 500, 400, 20], probabilityAlive: 0.4,
                                                  previousProbabilityAlive: 0.8, hasOpenWarning: false))
        #expect(both.severity == .high && both.probabilityAliveDropped)
        // A customer with an open warning gets no second one.
        #expect(detector.evaluate(windowSpend: [400, 300, 500, 400, 20], probabilityAlive: 0.4,
                                  previousProbabilityAlive: 0.8, hasOpenWarning: true) == nil)
    }

    // MARK: Cohort retention

    @Test func cohortsByMonthOfFirstOrder() throws {
        func day(_ text: String) throws -> Int { try #require(CivilDay.parse(text)) }
        // frank: Dec 2023 cohort, orders in Dec and Jan            → months 0, 1
        // alice: Jan 2024, orders Jan, Feb, Apr                      → months 0, 1, 3
        // bob:   Jan 2024, orders Jan (twice), Mar                   → months 0, 2
        // erin:  Jan 2024, orders Jan, Feb, Mar                      → months 0, 1, 2
        // carol: Feb 2024, orders Feb (twice), Mar                   → months 0, 1
        // dan:   Feb 2024, one order (29 Feb)                        → month 0
        // Last month with an order: Apr 2024.
        let orders: [(customer: String, day: Int)] = try [
            ("alice", day("2024-04-20")), ("frank", day("2024-01-01")), ("alice", day("2024-01-15")), ("bob", day("2024-01-31")),
            ("alice", day("2024-02-03")), ("bob", day("2024-01-02")), ("bob", day("2024-03-01")), ("erin", day("2024-01-05")),
            ("erin", day("2024-02-01")), ("erin", day("2024-03-31")), ("carol", day("2024-02-10")), ("carol", day("2024-02-28")),
            ("carol", day("2024-03-05")), ("dan", day("2024-02-29")), ("frank", day("2023-12-31")),
        ]
        let table = CohortRetention(orders: orders)
        #expect(table.cohorts == [2023 * 12 + 11, 2024 * 12 + 0, 2024 * 12 + 1])
        #expect(table.sizes == [1, 3, 2])
        // Dec 2023 (frank): Dec 1, Jan 1, Feb–Apr 0.
        #expect(table.shares[0] == [1, 1, 0, 0, 0])
        // Jan 2024 (alice, bob, erin): Feb alice+erin 2/3, Mar bob+erin 2/3, Apr alice 1/3.
        let third: Double = 1.0 / 3
        #expect(table.shares[1] == [1, 2 * third, 2 * third, third])
        // Feb 2024 (carol, dan): Mar carol 1/2, Apr nobody.
        #expect(table.shares[2] == [1, 0.5, 0])
    }

    // MARK: Product affinity

    @Test func supportConfidenceAndLift() throws {
        // 5 orders; the repeated bread in the last one counts once.
        // bread 4/5 = 0.8, butter 3/5 = 0.6, milk 2/5 = 0.4, jam 1/5 = 0.2.
        let affinity = ProductAffinity(orders: [
            ["bread", "butter", "milk"], ["bread", "butter"], ["bread", "jam"], ["milk"], ["butter", "bread", "bread"],
        ])
        func rule(_ a: String, _ b: String) throws -> ProductAffinity.Rule {
            try #require(affinity.rules.first { $0.antecedent == a && $0.consequent == b })
        }
        // bread ∧ butter in 3 orders: support 0.6; bread → butter 0.6/0.8 = 0.75, butter → bread 0.6/0.6 = 1;
        // lift 0.75/0.6 = 1/0.8 = 1.25 both ways.
        let breadButter = try rule("bread", "butter"), butterBread = try rule("butter", "bread")
        #expect(abs(breadButter.support - 0.6) < 1e-12)
        #expect(abs(breadButter.confidence - 0.75) < 1e-12)
        #expect(abs(butterBread.confidence - 1) < 1e-12)
        #expect(abs(breadButter.lift - 1.25) < 1e-12 && breadButter.lift == butterBread.lift)
        // butter ∧ milk in 1 order: support 0.2; butter → milk 0.2/0.6 = 1/3; lift (1/3)/0.4 = 5/6 < 1 (bought together less than chance).
        let butterMilk = try rule("butter", "milk")
        #expect(abs(butterMilk.confidence - 1.0 / 3) < 1e-12)
        #expect(abs(butterMilk.lift - 5.0 / 6) < 1e-12)
        // bread ∧ milk: lift 0.2 / (0.8 · 0.4) = 0.625.
        #expect(abs(try rule("milk", "bread").lift - 0.625) < 1e-12)
        // 4 pairs bought together (bread–butter, bread–milk, butter–milk, bread–jam) → 8 directed rules; milk–jam never.
        #expect(affinity.rules.count == 8)
        #expect(affinity.rules.allSatisfy { !Set([$0.antecedent, $0.consequent]).isSuperset(of: ["milk", "jam"]) })
        // Sorted by lift, then support: the four rules with lift 1.25 first, the 0.6-support pair ahead of bread–jam.
        let top = affinity.rules.prefix(4).map { "\($0.antecedent)→\($0.consequent)" }
        #expect(top == ["bread→butter", "butter→bread", "bread→jam", "jam→bread"])
        #expect(affinity.rules.last.map { "\($0.antecedent)→\($0.consequent)" } == "milk→bread")
    }
}
