import ArgumentParser

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Put test records into a stream of the stack.")

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Id of the kinesis.stream (or DirectPut delivery stream) resource.") var stream:
        String
    @Option(help: "Number of sample records to generate.") var count = 100
    @Option(help: "Records per second.") var rate: Double?
    @Option(help: "Read records (one JSON document a line) from this file, or - for stdin.")
    var file: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("produce", console: global.console()) }
}
