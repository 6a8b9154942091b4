import Foundation
import GuanxiAnalytics
import Testing

/// Transaction-log reading, bad input and output formats of the CLV and RFM commands (ANALYTICS.md §1, §6).
@Suite struct InputAndFormatTests {
    static func read(_ text: String, calibrationEnd: String? = nil) throws -> (ledger: PurchaseLedger, customerIDs: [String], rows: Int) {
        try TransactionLogReader.read(calibrationEnd: calibrationEnd.flatMap(CivilDay.parse).map(Int32.init), bytes: Array(text.utf8))
    }

    static func history(_ text: String, end: String) throws -> PurchaseHistory {
        let log = try read(text, calibrationEnd: end)
        return PurchaseHistory(ledger: log.ledger, customerIDs: log.customerIDs, observationEnd: Int32(CivilDay.parse(end)!), unit: .week)
    }

    @Test func datesBecomeDayNumbers() {
        #expect(CivilDay.parse("1970-01-01") == 0)
        #expect(CivilDay.parse("19970101") == 9862)
        #expect(CivilDay.parse("2000-02-29") == 11016)
        #expect(CivilDay.parse("1999-02-29") == nil)
        #expect(CivilDay.parse("1997/01/01") == nil)
        #expect(CivilDay.isoString(fromDayNumber: 9862) == "1997-01-01")
    }

    @Test func summaryMergesSameDayPurchasesAndSplitsTheHoldout() throws {
        // Customer a: 2020-01-01 (10 + 5 merged), 2020-01-08 (20), 2020-01-22 (30), holdout 2020-02-05 (7), 2020-02-05 (1).
        // x = 2, t_x = 21 days = 3 weeks, T = 2020-01-31 − 2020-01-01 = 30 days, m̄ = (20 + 30) / 2 = 25, holdout days = 1.
        let text = """
        customer_id,date,amount
        a,2020-01-01,10
        a,2020-01-01,5
        a,20200108,20
        a,2020-01-22,30
        a,2020-02-05,7
        a,2020-02-05,1
        b,2020-02-01,3
        """
        let history = try Self.history(text, end: "2020-01-31")
        #expect(history.customerIDs == ["a"])  // b starts after the observation end
        #expect(history.frequency == [2])
        #expect(history.recency == [3])
        #expect(history.age == [30.0 / 7])
        #expect(history.monetaryValue == [25])
        #expect(history.holdoutFrequency == [1])
    }

    @Test func outOfOrderRowsGiveTheSameSummaryAsSortedRows() throws {
        let sorted = "customer_id,date,amount\nc,2020-01-01,1\nc,2020-01-05,2\nc,2020-01-09,4\nc,2020-01-09,8\n"
        let shuffled = "customer_id,date,amount\nc,2020-01-09,4\nc,2020-01-01,1\nc,2020-01-09,8\nc,2020-01-05,2\nc,2020-01-05,0\n"
        let first = try Self.history(sorted, end: "2020-01-31"), second = try Self.history(shuffled, end: "2020-01-31")
        #expect(first.frequency == second.frequency && first.frequency == [2])
        #expect(first.recency == second.recency)
        // m̄ = (2 + 12) / 2 = 7
        #expect(first.monetaryValue == [7] && second.monetaryValue == [7])
    }

    @Test func chunkBoundariesDoNotMatter() throws {
        let text = "customer_id,date,amount\r\n1,1997-01-01,29.33\r\n1,1997-01-18,29.73\r\n2,1997-01-02,5.5"
        var parser = TransactionLogParser()
        var rows: [String] = []
        for byte in Array(text.utf8) {
            try [byte].withUnsafeBytes { try parser.consume($0) { rows.append("\($0) \($1) \($2)") } }
        }
        try parser.finish { rows.append("\($0) \($1) \($2)") }
        #expect(rows == ["0 9862 29.33", "0 9879 29.73", "1 9863 5.5"])
        #expect(parser.customerIDs == ["1", "2"])
    }

    @Test func badRowsNameTheirLine() {
        #expect(throws: TransactionLogError(line: 3, reason: "bad date \"2020-02-30\" (expected YYYY-MM-DD or YYYYMMDD)")) {
            try Self.read("customer_id,date,amount\n1,2020-01-01,5\n2,2020-02-30,3\n")
        }
        #expect(throws: TransactionLogError(line: 2, reason: "bad amount \"abc\" (expected a decimal number)")) {
            try Self.read("customer_id,date,amount\n1,2020-01-01,abc\n")
        }
        #expect(throws: TransactionLogError.self) { try Self.read("customer_id,date,amount\n1,2020-01-01\n") }
        #expect(throws: TransactionLogError.self) { try Self.read("id,day,value\n1,2020-01-01,3\n") }
        #expect(throws: TransactionLogError(line: 0, reason: "empty input: expected the header customer_id,date,amount")) {
            try Self.read("")
        }
    }

    @Test func noCustomersIsAClearError() throws {
        let history = try Self.history("customer_id,date,amount\n", end: "2020-01-31")
        #expect(throws: CLVPipeline.Failure.noCustomers) { try CLVPipeline().run(history) }
    }

    @Test func allOneTimeBuyersStillFitBGNBDButNotSpend() throws {
        let history = try Self.history("customer_id,date,amount\n1,2020-01-01,5\n2,2020-01-03,7\n3,2020-01-10,2\n", end: "2020-03-01")
        let result = try CLVPipeline().run(history)
        #expect(result.gammaGamma == nil)
        #expect(result.gammaGammaProblem?.contains("repeat buyers") == true)
        #expect(result.probabilityAlive == [1, 1, 1])
        #expect(result.expectedPurchases.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(result.customerEquity == nil)
        var csv = ""
        result.writeCSV { csv += String(decoding: $0, as: UTF8.self) }
        #expect(!csv.contains("nan") && !csv.contains("inf"))
        #expect(result.parametersJSON().contains("\"gamma_gamma\": null"))
    }

    @Test func singleCustomerGivesFiniteOutputOrAClearError() throws {
        let history = try Self.history("customer_id,date,amount\n1,2020-01-01,5\n1,2020-01-15,7\n1,2020-02-01,9\n", end: "2020-03-01")
        do {
            let result = try CLVPipeline().run(history)
            for column in [result.probabilityAlive, result.expectedPurchases, result.expectedSpend, result.clv] {
                #expect(column.allSatisfy { $0.isFinite })
            }
        } catch let failure as CLVPipeline.Failure {
            #expect(failure.description.contains("not finite"))
        }
    }

    @Test func nonConvergenceIsReported() throws {
        let history = try FixtureLoader.publishedSummary()
        let fit = try BGNBDFitter(minimizer: BFGSMinimizer(gradientTolerance: 1e-12, maxIterations: 2)).fit(history)
        #expect(!fit.converged)
        #expect(fit.logLikelihood.isFinite)
    }

    @Test func clvOutputHasTheDocumentedHeaderAndParameterKeys() throws {
        let result = try CLVPipeline().run(try FixtureLoader.publishedSummary())
        var csv = ""
        result.writeCSV(blockSize: 1000) { csv += String(decoding: $0, as: UTF8.self) }
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_avg_spend,clv")
        #expect(lines.count == 2358)
        #expect(lines[1].hasPrefix("1,2,30.43,38.86,22.35,0.7266"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.parametersJSON().utf8)) as? [String: Any])
        let bgnbd = try #require(json["bgnbd"] as? [String: Any])
        let gammaGamma = try #require(json["gamma_gamma"] as? [String: Any])
        #expect(Set(["r", "alpha", "a", "b", "log_likelihood"]).isSubset(of: Set(bgnbd.keys)))
        #expect(Set(["p", "q", "v"]).isSubset(of: Set(gammaGamma.keys)))
        #expect(json["customers"] as? Int == 2357)
        #expect(abs((bgnbd["log_likelihood"] as? Double ?? 0) - -9582.4256) < 1e-3)
    }

    @Test func rfmScoresAndSegmentsOfAHandTable() {
        // n = 5, so score = 1 + (number of customers with a strictly worse value).
        // recency days 1, 10, 10, 30, 100 → R 5, 3, 3, 2, 1 (fewer days is better; the two 10s tie)
        // frequency 5, 1, 3, 2, 1 → F 5, 1, 4, 3, 1;  monetary 500, 20, 80, 60, 10 → M 5, 2, 4, 3, 1
        let rfm = RFMAnalysis(customerIDs: ["a", "b", "c", "d", "e"], recencyDays: [1, 10, 10, 30, 100],
                              frequency: [5, 1, 3, 2, 1], monetary: [500, 20, 80, 60, 10])
        #expect(rfm.recencyScore == [5, 3, 3, 2, 1])
        #expect(rfm.frequencyScore == [5, 1, 4, 3, 1])
        #expect(rfm.monetaryScore == [5, 2, 4, 3, 1])
        // (5,5,5) Champions; (3,1,2) Potential loyalists; (3,4,4) Loyal; (2,3,3) Loyal; (1,1,1) Hibernating (before Lost).
        #expect(rfm.segment == [.champions, .potentialLoyalists, .loyalCustomers, .loyalCustomers, .hibernating])
        #expect(RFMSegment.of(r: 1, f: 4, m: 5) == .atRisk)  // At risk comes before Can't lose them
        #expect(RFMSegment.of(r: 5, f: 1, m: 4) == .others)
    }

    @Test func rfmFromATransactionLog() throws {
        // As of 2020-01-31: x last bought 01-30 (1 day), 2 purchase days, 10 + 5 + 5 = 20; y last 01-01 (30 days), 1 day, 3.
        let log = try Self.read("customer_id,date,amount\nx,2020-01-10,10\nx,2020-01-30,5\nx,2020-01-30,5\ny,2020-01-01,3\ny,2020-02-03,9\n",
                                calibrationEnd: "2020-01-31")
        let rfm = RFMAnalysis(ledger: log.ledger, customerIDs: log.customerIDs, asOf: Int32(CivilDay.parse("2020-01-31")!))
        #expect(rfm.recencyDays == [1, 30])
        #expect(rfm.frequency == [2, 1])
        #expect(rfm.monetary == [20, 3])
        var csv = ""
        rfm.writeCSV { csv += String(decoding: $0, as: UTF8.self) }
        #expect(csv.hasPrefix("customer_id,recency_days,frequency,monetary,r,f,m,segment\nx,1,2,20.00,"))
    }

    @Test func moneyIsWrittenRoundedToCents() {
        // 0.1 + 100.3 + 0.1 = 100.49999999999999 in binary floating point: the CSV shows 100.50.
        let noisy = [0.1, 100.3, 0.1].reduce(0, +)
        #expect(noisy != 100.5)
        #expect(MoneyFormat.string(noisy) == "100.50")
        #expect(MoneyFormat.string(7) == "7.00")
        #expect(MoneyFormat.string(0.05) == "0.05")
        #expect(MoneyFormat.string(1234567.891) == "1234567.89")
        #expect(MoneyFormat.string(-3.069) == "-3.07")
        #expect(MoneyFormat.string(2.675000001) == "2.68")
        #expect(MoneyFormat.string(-0.001) == "0.00")  // no "-0.00"
        #expect(MoneyFormat.string(19.999) == "20.00")
        #expect(MoneyFormat.string(.infinity) == "inf")
        // The RFM CSV of a customer whose amounts add up with noise.
        let rfm = RFMAnalysis(customerIDs: ["n"], recencyDays: [3], frequency: [3], monetary: [noisy])
        var csv = ""
        rfm.writeCSV { csv += String(decoding: $0, as: UTF8.self) }
        #expect(csv.split(separator: "\n").last == "n,3,3,100.50,1,1,1,Hibernating")
    }
}
