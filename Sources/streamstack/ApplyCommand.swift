import ArgumentParser
import Engine
import StackFile

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Make AWS match the stack file (or carry out a saved plan)."
    )

    @Argument(help: "The stack file, or a plan saved by `plan --out`.") var target: String
    @Flag(help: "Do not ask for confirmation.") var autoApprove = false
    @Option(help: "How many resources to work on at once.") var parallelism = 10
    @Option(
        help: ArgumentHelp("Take over an existing untagged resource with this id.", valueName: "ID")
    )
    var adopt: [String] = []
    @Flag(
        help:
            "Take over every declared resource that exists without the stack's tag (after import).")
    var adoptAll = false
    @Option(
        help: ArgumentHelp(
            "Apply the saved plan only if its digest is this one (the 64 hex digits `plan --out` prints).",
            valueName: "HEX"))
    var planDigest: String?
    @Option(
        help: ArgumentHelp(
            "Wait this long for another run's lock on the stack: 90s, 10m (without it, fail at once).",
            valueName: "DURATION"))
    var lockTimeout: String?
    @OptionGroup var global: GlobalOptions

    /// The options a saved plan has already settled.
    var savedPlanFixes: [String] {
        (global.variables.isEmpty ? [] : ["--var"]) + (global.varFile.isEmpty ? [] : ["--var-file"])
            + (adopt.isEmpty ? [] : ["--adopt"]) + (adoptAll ? ["--adopt-all"] : [])
            + (global.region == nil ? [] : ["--region"])
    }

    func validate() throws {
        guard (1...100).contains(parallelism) else {
            throw ValidationError("--parallelism must be between 1 and 100")
        }
        try LockWait.validate(lockTimeout)
    }

    func run() async throws {
        let console = global.console()
        var outcome: ExecutionOutcome?
        try await reportingFailures(console) {
            outcome =
                if let saved = try PlanFile.read(from: target) {
                    try await applySaved(saved, console: console)
                } else {
                    try await applyStackFile(console: console)
                }
        }
        try outcome?.exitIfUnsuccessful()
    }

    /// A saved plan is applied only as it was reviewed: same digest, same stack file, and a
    /// fresh plan, made under the stack's lock, that is the saved one.
    private func applySaved(_ saved: PlanFile, console: Console) async throws -> ExecutionOutcome? {
        let fixed = savedPlanFixes
        if !fixed.isEmpty {
            throw CommandError(
                "\(fixed.joined(separator: ", ")) cannot be given with a saved plan: \(target) already fixes the variables, the resources to adopt and the region. Run plan again with them."
            )
        }
        if let expected = planDigest?.lowercased(), expected != saved.digest {
            throw CommandError(
                expected.count == saved.digest.count
                    ? "the saved plan \(target) has digest \(saved.digest), not the reviewed \(expected). Nothing was changed."
                    : "--plan-digest needs the whole digest (\(saved.digest.count) hex digits, as plan --out prints it); a prefix proves little. Nothing was changed."
            )
        }
        Interrupts.beginReading()
        let session = try await StackSession.open(
            .text(saved.stackFile, name: saved.stackPath), variables: saved.variables,
            settings: global.awsSettings)
        return try await LockWait.holding(
            session, command: "apply \(target)", timeout: lockTimeout, console: console
        ) {
            let planned = try await session.plan(.apply(adopt: Set(saved.adopt)))
            if let reason = saved.staleness(
                stackFileSHA256: session.fileDigest, replanned: planned.plan)
            {
                throw CommandError(
                    "the saved plan \(target) cannot be applied: \(reason). Nothing was changed; run plan again."
                )
            }
            let view = PlanView(console: console)
            view.show(planned.plan)
            view.applyingSaved(target, digest: saved.digest)
            return try await execute(planned, session: session, console: console)
        }
    }

    /// Plans the stack file and asks before changing anything. The lock is taken once the
    /// answer is yes, and what was approved is applied only if a plan made under the lock is
    /// still it; with --auto-approve the lock is taken first and the plan made under it.
    private func applyStackFile(console: Console) async throws -> ExecutionOutcome? {
        if planDigest != nil {
            throw CommandError("--plan-digest applies to a saved plan; \(target) is a stack file")
        }
        let session = try await global.openSession(target, console: console)
        let ids = session.stack.resources.map(\.id)
        if let id = adopt.first(where: { !ids.contains($0) }) {
            throw CommandError(
                "--adopt \(id): the stack declares no resource with that id\(Suggestion.didYouMean(id, in: ids)); its ids are \(ids.joined(separator: ", "))"
            )
        }
        let mode = Planner.Mode.apply(adopt: adoptAll ? Set(ids) : Set(adopt))
        if autoApprove {
            return try await LockWait.holding(
                session, command: "apply", timeout: lockTimeout, console: console
            ) {
                let planned = try await session.plan(mode)
                PlanView(console: console).show(planned.plan)
                return try await execute(planned, session: session, console: console)
            }
        }
        let shown = try await session.plan(mode)
        PlanView(console: console).show(shown.plan)
        guard shown.plan.conflicts.isEmpty && shown.plan.hasChanges else {
            return try await execute(shown, session: session, console: console)
        }
        try confirm(
            "Do you want to make these changes?", autoApprove: false, console: console)
        return try await LockWait.holding(
            session, command: "apply", timeout: lockTimeout, console: console
        ) {
            let planned = try await session.plan(mode)
            if let reason = planned.plan.differences(
                from: shown.plan, changed: "since the plan was shown",
                differs: "the one shown")
            {
                throw CommandError(
                    "\(reason) (another run?). Nothing was changed; run apply again to see the plan as it is now."
                )
            }
            return try await execute(planned, session: session, console: console)
        }
    }

    /// Refuses a plan with conflicts; carries out one with changes.
    private func execute(_ planned: PlannedStack, session: StackSession, console: Console)
        async throws -> ExecutionOutcome?
    {
        if !planned.plan.conflicts.isEmpty {
            PlanView(console: console).refused(
                conflicts: planned.plan.conflicts.compactMap(\.conflict))
            throw ExitCode.failure
        }
        guard planned.plan.hasChanges else { return nil }
        return await executeReporting(
            planned, session: session, parallelism: parallelism, verb: "Apply", console: console)
    }
}
