import ArgumentParser

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Make AWS match the stack file (or carry out a saved plan)."
    )

    @Argument(help: "The stack file, or a plan saved by `plan --out`.") var target: String
    @Flag(help: "Do not ask for confirmation.") var autoApprove = false
    @Option(help: "How many resources to work on at once.") var parallelism = 10
    @Option(
        help: ArgumentHelp("Take over an existing untagged resource with this id.", valueName: "ID")
    )
    var adopt: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("apply", console: global.console()) }
}
