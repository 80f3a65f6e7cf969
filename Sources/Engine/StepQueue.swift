import Kinds
import Providers

/// The executor's bookkeeping: which steps are waiting, which are over and how, and what the
/// outcome says so far. Steps that can no longer run because something they need failed are
/// skipped as soon as that is known.
struct StepQueue {
    private var pending: [Executor.Step]
    /// Steps that are over: true when they succeeded.
    private var finished: [Executor.Step.Key: Bool] = [:]
    private let observer: ExecutionObserver
    private(set) var outcome = ExecutionOutcome()

    init(steps: [Executor.Step], observer: ExecutionObserver) {
        pending = steps
        self.observer = observer
    }

    /// The next step whose prerequisites are met, if any; skips the ones that cannot run.
    mutating func next() -> Executor.Step? {
        skipBlocked()
        guard
            let index = pending.firstIndex(where: { step in
                step.waitsFor.allSatisfy { finished[$0] == true }
                    && step.after.allSatisfy { finished[$0] != nil }
            })
        else { return nil }
        return pending.remove(at: index)
    }

    mutating func finish(_ step: Executor.Step, _ result: Result<Duration, Error>) {
        switch result {
        case .success(let duration):
            finished[step.key] = true
            // The delete half of a replacement is not the resource's outcome.
            if step.kind != .delete || step.resource.action == .delete {
                outcome.done.append(
                    .init(id: step.resource.id, action: step.resource.action, duration: duration))
            }
            observer.finished(step.resource, step: Executor.describe(step), duration: duration)
        case .failure(let error):
            finished[step.key] = false
            outcome.failed.append(
                .init(id: step.resource.id, action: step.resource.action, error: "\(error)"))
            observer.failed(step.resource, step: Executor.describe(step), error: "\(error)")
        }
    }

    /// Nothing more will start: what is left is reported as interrupted.
    mutating func interrupt() {
        guard !pending.isEmpty else { return }
        outcome.interrupted = true
        for step in pending where !outcome.skipped.contains(where: { $0.id == step.resource.id }) {
            outcome.skipped.append(
                .init(id: step.resource.id, action: step.resource.action, reason: "interrupted"))
        }
        pending = []
    }

    private mutating func skipBlocked() {
        while let index = pending.firstIndex(where: { step in
            step.waitsFor.contains { finished[$0] == false }
        }) {
            let step = pending.remove(at: index)
            let cause = step.waitsFor.first { finished[$0] == false }?.id ?? ""
            let reason = "\(cause) did not succeed"
            finished[step.key] = false
            outcome.skipped.append(
                .init(id: step.resource.id, action: step.resource.action, reason: reason))
            observer.skipped(step.resource, reason: reason)
        }
    }
}
