import ArgumentParser
struct ClvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clv")
}
