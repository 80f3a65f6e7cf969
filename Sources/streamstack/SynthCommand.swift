import ArgumentParser
import Engine
import Foundation
import StackFile

/// The stack as a CloudFormation template, for CloudFormation StackSets to deploy to many
/// accounts and regions. Offline: no AWS call.
struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write the stack as a CloudFormation template (for StackSets), offline.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case cloudformation
        case cloudformationYAML = "cloudformation-yaml"
    }

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "cloudformation (JSON) or cloudformation-yaml.") var format: Format =
        .cloudformation
    @Option(help: "Write the template to this file instead of standard output.") var out: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        try await reportingFailures(console) {
            let document = try StackLoader.load(
                path: stack,
                options: ValidationOptions(
                    variables: try global.variableValues(console: console)))
            let template = try CloudFormationTemplate(document)
            try SynthView(console: console).write(
                template, yaml: format == .cloudformationYAML, to: out)
        }
    }
}
