import ArgumentParser

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show what apply would change, without changing anything.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Save the plan to this file for `apply PLANFILE`.") var out: String?
    @Option(help: "text, json or markdown.") var format: Format = .text
    @Flag(help: "Exit 0 when there is nothing to change, 2 when there is, 1 on error.")
    var detailedExitcode = false
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("plan", console: global.console()) }
}
