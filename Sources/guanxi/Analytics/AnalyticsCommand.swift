import ArgumentParser

/// `guanxi analytics`: customer-value analytics over a transaction log.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Customer-value analytics (CLV, RFM) over a customer_id,date,amount transaction log.",
        subcommands: [ClvCommand.self, RfmCommand.self]
    )
}
