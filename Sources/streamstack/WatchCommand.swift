import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Wait for delivered objects in the bucket and print them.")

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Id of the firehose.delivery_stream resource.") var delivery: String
    @Option(help: "Give up after this many seconds.") var timeout = 600
    @OptionGroup var global: GlobalOptions

    func run() async throws { throw notYetAvailable("watch", console: global.console()) }
}
