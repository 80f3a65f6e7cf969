import ArgumentParser

@main
struct Streamstack: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "streamstack",
        abstract: "Declarative provisioning of Kinesis → Firehose → S3 pipelines on AWS.",
        discussion: """
            A stack file (YAML) declares a Kinesis data stream, an S3 bucket and a Firehose \
            delivery stream. streamstack reads the live AWS state, shows the difference as a \
            plan, and applies it.

            Exit codes: 0 success (plan: no changes), 1 error, 2 plan with changes (with \
            --detailed-exitcode), 130 interrupted.
            """,
        version: "streamstack \(version)",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            ShowCommand.self, ProduceCommand.self, WatchCommand.self, SchemaCommand.self,
        ]
    )

    static func main() async {
        Interrupts.install()
        await main(nil)
    }
}
