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
        var failed = false
        for path in stacks {
            do {
                let document = try StackLoader.load(
                    path: path,
                    options: ValidationOptions(
                        variables: variables, region: global.region,
                        knownRegions: Partition.knownRegions))
                console.printDiagnostics(document.warnings)
                let resources = document.resources.map { "\($0.id) (\($0.type.name))" }
                console.out(
                    "\(path): \(console.styled("valid", .green)): stack '\(document.name)', \(resources.count) resource\(resources.count == 1 ? "" : "s"): \(resources.joined(separator: ", "))"
                )
            } catch {
                failed = true
                console.printDiagnostics(error.diagnostics)
                let count = error.diagnostics.filter { $0.severity == .error }.count
                console.err("\(path): \(count) error\(count == 1 ? "" : "s")")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
