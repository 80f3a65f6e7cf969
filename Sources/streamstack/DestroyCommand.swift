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
    @Option(
        help: ArgumentHelp(
            "Wait this long for another run's lock on the stack: 90s, 10m (without it, fail at once).",
            valueName: "DURATION"))
    var lockTimeout: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws { try LockWait.validate(lockTimeout) }

    func run() async throws {
        let console = global.console()
        var outcome: ExecutionOutcome?
        try await global.withSession(stack, console: console) { session in
            if autoApprove {
                outcome = try await LockWait.holding(
                    session, command: "destroy", timeout: lockTimeout, console: console
                ) {
                    guard let planned = try await planned(session, console: console) else {
                        return nil
                    }
                    return await execute(planned, session: session, console: console)
                }
                return
            }
            guard let shown = try await planned(session, console: console) else { return }
            try confirm(
                "Do you really want to delete every resource listed above? This cannot be undone.",
                autoApprove: false, console: console)
            outcome = try await LockWait.holding(
                session, command: "destroy", timeout: lockTimeout, console: console
            ) {
                // What was approved is deleted only if a plan made under the lock is still it.
                let planned = try await session.plan(.destroy)
                if let reason = planned.plan.differences(
                    from: shown.plan, changed: "since the plan was shown",
                    differs: "the one shown")
                {
                    throw CommandError(
                        "\(reason) (another run?). Nothing was deleted; run destroy again to see the plan as it is now."
                    )
                }
                return await execute(planned, session: session, console: console)
            }
        }
        try outcome?.exitIfUnsuccessful()
    }

    /// The destroy plan, shown; nil when there is nothing to destroy. A destroy that would
    /// stop half-way does not start.
    private func planned(_ session: StackSession, console: Console) async throws
        -> PlannedStack?
    {
        let planned = try await session.plan(.destroy)
        let view = DestroyView(console: console)
        guard planned.plan.hasChanges else {
            view.nothingToDestroy(planned.plan)
            return nil
        }
        view.plan(planned.plan)
        if let blocked = planned.plan.blockedDeletions, !keepGoing {
            throw CommandError(
                "destroy stopped before deleting anything: \(blocked.joined(separator: "; ")). Or run destroy --keep-going to delete everything else and leave it."
            )
        }
        return planned
    }

    private func execute(_ planned: PlannedStack, session: StackSession, console: Console)
        async -> ExecutionOutcome
    {
        await executeReporting(
            planned, session: session, parallelism: 10, verb: "Destroy", console: console)
    }
}
