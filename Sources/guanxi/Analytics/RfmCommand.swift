import ArgumentParser
struct RfmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rfm")
}
