import ArgumentParser
import Foundation
import GuanxiAnalytics

/// `guanxi analytics rfm`: RFM quintile scores and segments per customer.
struct RfmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm",
        abstract: "Score customers 1–5 on recency, frequency and monetary value and name their segment (CSV on stdout)."
    )

    @Option(help: "Transaction log CSV with header customer_id,date,amount.")
    var transactions: String

    @Option(help: "Score as of this day YYYY-MM-DD; later transactions are ignored (default: the last date in the file).")
    var asOf: String?

    @Option(help: "Write the CSV to this file instead of standard output.")
    var output: String?

    func run() async throws {
        do {
            let asOfDay = try TransactionFile.day(asOf, option: "--as-of")
            let log = try TransactionLogReader.read(calibrationEnd: asOfDay, source: TransactionFile.source(path: transactions))
            guard log.ledger.latestDay != .min else { throw ValidationErrorMessage("\(transactions) has no transactions") }
            let analysis = RFMAnalysis(ledger: log.ledger, customerIDs: log.customerIDs, asOf: asOfDay ?? log.ledger.latestDay)
            try TransactionFile.withOutput(path: output) { write in try analysis.writeCSV(write) }
        } catch let error as ExitCode {
            throw error
        } catch {
            TransactionFile.note("error: \(error)")
            throw ExitCode.failure
        }
    }
}
