import AWS
import ArgumentParser
import StackFile

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check stack files offline: syntax, types, ranges, references. No AWS calls.")

    @Argument(help: "Stack files to check.")
    var stacks: [String]

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        let variables = try global.variableValues(console: console)
        let view = ValidateView(console: console)
        var failed = false
        for path in stacks {
            do {
                let document = try StackLoader.load(
                    path: path,
                    options: ValidationOptions(
                        variables: variables, region: global.region,
                        knownRegions: Partition.knownRegions))
                view.valid(path, document)
            } catch {
                failed = true
                view.invalid(path, error)
            }
        }
        if failed { throw ExitCode.failure }
    }
}
