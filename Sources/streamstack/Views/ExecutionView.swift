import ArgumentParser
import Engine
import Foundation
import Providers

/// How apply and destroy print a plan being carried out: a line for every step the executor
/// starts and ends, then the closing summary.
struct ExecutionView: ExecutionObserver {
    let console: Console

    func label(_ resource: PlannedResource) -> String {
        console.styled("\(resource.type) \(resource.id)", .bold)
    }

    func started(_ resource: PlannedResource, step: String) {
        console.out("\(label(resource)): \(step)…")
    }

    func note(_ resource: PlannedResource, _ message: String) {
        console.out("\(label(resource)): \(message)")
    }

    func finished(_ resource: PlannedResource, step: String, duration: Duration) {
        console.out(
            "\(label(resource)): \(console.styled("done", .green)) \(step) in \(duration.readable)"
        )
    }

    func failed(_ resource: PlannedResource, step: String, error: String) {
        console.out("\(label(resource)): \(console.styled("failed", .red)) \(step): \(error)")
    }

    func skipped(_ resource: PlannedResource, reason: String) {
        console.out("\(label(resource)): \(console.styled("skipped", .yellow)): \(reason)")
    }
}

/// Carries out a plan with progress lines, Ctrl-C handling and the closing summary.
func executeReporting(
    _ planned: PlannedStack, session: StackSession, parallelism: Int, verb: String,
    console: Console
) async -> ExecutionOutcome {
    console.out("")
    let cancellation = Interrupts.beginExecution()
    let view = ExecutionView(console: console)
    let outcome = await Executor(
        providers: session.providers, parallelism: parallelism, journal: session.journal
    )
    .execute(planned, observer: view, cancellation: cancellation)
    view.summary(outcome, verb: verb)
    return outcome
}

extension ExecutionOutcome {
    /// 130 when interrupted, 1 when anything failed or was skipped.
    func exitIfUnsuccessful() throws {
        if interrupted { throw ExitCode(130) }
        if !succeeded { throw ExitCode.failure }
    }
}

extension ExecutionView {
    /// What was done, counted as the plan counts: "1 created, 0 updated, 0 replaced, 2 deleted".
    func counts(_ done: [ExecutionOutcome.Done]) -> String {
        [
            (Action.create, "created"), (.update, "updated"), (.replace, "replaced"),
            (.delete, "deleted"),
        ]
        .map { action, word in "\(done.filter { $0.action == action }.count) \(word)" }
        .joined(separator: ", ")
    }

    /// The closing summary: what was done, what failed and why, what was skipped.
    func summary(_ outcome: ExecutionOutcome, verb: String) {
        console.out("")
        if outcome.succeeded {
            console.out(console.styled("\(verb) complete: \(counts(outcome.done)).", .green))
            return
        }
        console.out(
            console.styled(
                outcome.interrupted ? "\(verb) interrupted." : "\(verb) incomplete.", .red))
        if !outcome.done.isEmpty {
            console.out(
                "Done: "
                    + outcome.done.map { "\($0.id) (\($0.action.verb))" }.joined(separator: ", "))
        }
        for failure in outcome.failed {
            console.out("Failed: \(failure.id) (\(failure.action.verb)): \(failure.error)")
        }
        for skip in outcome.skipped {
            console.out("Skipped: \(skip.id) (\(skip.action.verb)): \(skip.reason)")
        }
        console.out(
            "Nothing was rolled back. Run the same command again to finish once the cause is fixed."
        )
    }
}
