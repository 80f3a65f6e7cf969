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
            let left = planned.plan.resources.filter { $0.action == .noChange && $0.reason != nil }
            guard planned.plan.hasChanges else {
                console.out(
                    "Nothing to destroy: stack \(session.stack.name) owns no resources in \(session.stack.context.region)."
                )
                for resource in left {
                    console.out("  \(resource.type) \(resource.name): \(resource.reason!)")
                }
                return
            }
            console.out(console.planRenderer.text(planned.plan))
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
