import ArgumentParser

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy", abstract: "Delete everything the stack owns.")

    @Argument(help: "The stack file.") var stack: String
    @Flag(help: "Do not ask for confirmation.") var autoApprove = false
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("destroy", console: global.console()) }
}
