import ArgumentParser

/// The stack file and the format, for the commands that report on a stack.
struct ReportOptions: ParsableArguments {
    @Argument(help: "The stack file.") var stack: String
    @Option(help: "text or json.") var format: TextOrJSON = .text
}
