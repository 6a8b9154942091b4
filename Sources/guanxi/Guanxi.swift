import ArgumentParser

/// The `guanxi` command: server, database and account administration, analytics.
@main
struct Guanxi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guanxi",
        abstract: "Guanxi CRM — customers, interactions and the value of every relationship.",
        subcommands: [ServeCommand.self, MigrateCommand.self, UserCommand.self, ImportCommand.self, ExportCommand.self, DemoCommand.self, AnalyticsCommand.self, BackupCommand.self, RestoreCommand.self]
    )
}
