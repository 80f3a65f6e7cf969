import ArgumentParser

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the live state of the stack's resources.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "text or json.") var format: Format = .text
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("show", console: global.console()) }
}
