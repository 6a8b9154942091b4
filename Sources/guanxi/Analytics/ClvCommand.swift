import ArgumentParser
import Foundation
import GuanxiAnalytics

/// `guanxi analytics clv`: BG/NBD + Gamma-Gamma fit and per-customer CLV from a transaction log.
struct ClvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv",
        abstract: "Fit BG/NBD and Gamma-Gamma and write per-customer P(alive), expected purchases, spend and CLV as CSV."
    )

    @Option(help: "Transaction log CSV with header customer_id,date,amount (date YYYY-MM-DD or YYYYMMDD).")
    var transactions: String

    @Option(help: "Observation end YYYY-MM-DD; later transactions are ignored (default: the last date in the file).")
    var observationEnd: String?

    @Option(help: "Horizon of expected_purchases, in time units.")
    var horizon: Double = 39

    @Option(help: "Time unit: week or day.")
    var timeUnit: String = "week"

    @Option(help: "Months of CLV.")
    var clvMonths: Int = 12

    @Option(help: "Monthly discount rate of CLV.")
    var monthlyDiscount: Double = 0.01

    @Option(help: "Write the fitted parameters as JSON to this file.")
    var paramsOut: String?

    @Option(help: "Write the CSV to this file instead of standard output.")
    var output: String?

    @Flag(help: "Also report the time of each phase and the BFGS iterations on standard error.")
    var verbose = false

    func validate() throws {
        guard TimeUnit(rawValue: timeUnit) != nil else { throw ValidationError("--time-unit must be week or day") }
        guard horizon >= 0, horizon.isFinite else { throw ValidationError("--horizon must be a non-negative number") }
        guard clvMonths >= 0 else { throw ValidationError("--clv-months must be non-negative") }
        guard monthlyDiscount > -1, monthlyDiscount.isFinite else { throw ValidationError("--monthly-discount must be above -1") }
    }

    func run() async throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            TransactionFile.note("error: \(error)")
            throw ExitCode.failure
        }
    }

    private func execute() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let end = try TransactionFile.day(observationEnd, option: "--observation-end")
        let log = try TransactionLogReader.read(calibrationEnd: end, source: TransactionFile.source(path: transactions))
        guard log.ledger.latestDay != .min else { throw ValidationErrorMessage("\(transactions) has no transactions") }
        let unit = TimeUnit(rawValue: timeUnit) ?? .week
        let history = PurchaseHistory(ledger: log.ledger, customerIDs: log.customerIDs,
                                      observationEnd: end ?? log.ledger.latestDay, unit: unit)
        let parsed = clock.now
        var options = CLVPipeline.Options()
        options.horizon = horizon
        options.unit = unit
        options.clvMonths = clvMonths
        options.monthlyDiscount = monthlyDiscount
        let result = try CLVPipeline(options: options).run(history)
        let fitted = clock.now
        try TransactionFile.withOutput(path: output) { write in try result.writeCSV(write) }
        if let paramsOut {
            try TransactionFile.withOutput(path: paramsOut) { write in try write(Array(result.parametersJSON().utf8)) }
        }
        let p = result.bgnbd.parameters
        TransactionFile.note("customers \(history.count) (from \(log.rows) rows), observation end \(CivilDay.isoString(fromDayNumber: Int(end ?? log.ledger.latestDay)))")
        TransactionFile.note("BG/NBD r=\(p.r) alpha=\(p.alpha) a=\(p.a) b=\(p.b) LL=\(result.bgnbd.logLikelihood) converged=\(result.bgnbd.converged) (\(result.bgnbd.agreeingStarts)/\(result.bgnbd.starts) starts agree)")
        if let gg = result.gammaGamma {
            TransactionFile.note("Gamma-Gamma p=\(gg.parameters.p) q=\(gg.parameters.q) v=\(gg.parameters.v) on \(gg.customers) repeat buyers, converged=\(gg.converged)")
        }
        if let equity = result.customerEquity { TransactionFile.note("customer equity (\(clvMonths) months, \(monthlyDiscount)/month): \(equity)") }
        let finished = clock.now
        TransactionFile.note("time: read \(parsed - started), fit + predict \(fitted - parsed), write \(finished - fitted), total \(finished - started)")
        if verbose {
            let phases = result.phaseSeconds.map { "\($0.phase) \(($0.seconds * 1000).rounded() / 1000) s" }.joined(separator: ", ")
            TransactionFile.note("phases: \(phases); BG/NBD \(result.bgnbd.iterations) BFGS iterations over \(result.bgnbd.starts) starts"
                + (result.gammaGamma.map { ", Gamma-Gamma \($0.iterations) over \($0.starts)" } ?? ""))
        }
        if !result.bgnbd.converged { TransactionFile.note("warning: the BG/NBD fit did not converge; treat the figures with care") }
        if let problem = result.gammaGammaProblem {
            TransactionFile.note("error: \(problem); expected_avg_spend and clv are left empty")
            throw ExitCode.failure
        }
    }
}
