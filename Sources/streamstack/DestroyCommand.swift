import ArgumentParser
import Engine

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy", abstract: "Delete everything the stack owns.")

    @Argument(help: "The stack file.") var stack: String
    @Flag(help: "Do not ask for confirmation.") var autoApprove = false
    @Flag(
        help:
            "Delete what can be deleted even when something cannot (a bucket that holds objects, without force_destroy)."
    )
    var keepGoing = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        var outcome: ExecutionOutcome?
        try await global.withSession(stack, console: console) { session in
            let planned = try await session.plan(.destroy)
            let view = DestroyView(console: console)
            guard planned.plan.hasChanges else {
                view.nothingToDestroy(planned.plan)
                return
            }
            view.plan(planned.plan)
            if let blocked = planned.plan.blockedDeletions, !keepGoing {
                // Found before any delete: a destroy that would stop half-way does not start.
                throw CommandError(
                    "destroy stopped before deleting anything: \(blocked.joined(separator: "; ")). Or run destroy --keep-going to delete everything else and leave it."
                )
            }
            try confirm(
                "Do you really want to delete every resource listed above? This cannot be undone.",
                autoApprove: autoApprove, console: console)
            outcome = await executeReporting(
                planned, session: session, parallelism: 10, verb: "Destroy",
                console: console)
        }
        try outcome?.exitIfUnsuccessful()
    }
}
