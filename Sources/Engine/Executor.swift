import Foundation
import Providers
import StackFile
import Synchronization

/// What happened to each resource of a plan.
public struct ExecutionOutcome: Sendable {
    public struct Done: Sendable {
        public var id: String
        public var action: Action
        public var duration: Duration
    }
    public struct Failed: Sendable {
        public var id: String
        public var action: Action
        public var error: String
    }
    public struct Skipped: Sendable {
        public var id: String
        public var action: Action
        public var reason: String
    }

    public var done: [Done] = []
    public var failed: [Failed] = []
    public var skipped: [Skipped] = []
    public var interrupted = false

    public var succeeded: Bool { failed.isEmpty && skipped.isEmpty && !interrupted }
}

/// Hears what the executor does, as it does it.
public protocol ExecutionObserver: Sendable {
    func started(_ resource: PlannedResource, step: String)
    func note(_ resource: PlannedResource, _ message: String)
    func finished(_ resource: PlannedResource, step: String, duration: Duration)
    func failed(_ resource: PlannedResource, step: String, error: String)
    func skipped(_ resource: PlannedResource, reason: String)
}

/// Set from a signal handler: stop starting new work. Lock-free, so that a signal handler
/// may set it.
public final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)
    public init() {}
    public func cancel() { state.store(true, ordering: .sequentiallyConsistent) }
    public var isCancelled: Bool { state.load(ordering: .sequentiallyConsistent) }
}

/// Walks the plan's graph with bounded parallelism: creates and updates after what they
/// depend on, replacements delete first, and resources no longer declared are deleted last,
/// delivery streams before roles before streams and buckets. Nothing is rolled back: what
/// fails is reported, its dependants are skipped, independent work goes on.
public struct Executor: Sendable {
    public let providers: any ResourceCatalog
    public var parallelism: Int
    public let journal: CreationJournal

    public init(
        providers: any ResourceCatalog, parallelism: Int = 10,
        journal: CreationJournal = CreationJournal()
    ) {
        self.providers = providers
        self.parallelism = max(1, parallelism)
        self.journal = journal
    }

    struct Step: Sendable {
        enum Kind: Sendable { case create, update, delete }
        var key: String
        var kind: Kind
        var resource: PlannedResource
        /// Steps that must succeed first.
        var waitsFor: [String]
        /// Steps that must be over first, whatever their result.
        var after: [String] = []
    }

    public func execute(
        _ planned: PlannedStack, observer: ExecutionObserver,
        cancellation: CancellationFlag = CancellationFlag()
    ) async -> ExecutionOutcome {
        let steps = Self.steps(for: planned.plan)
        let specs = Dictionary(
            uniqueKeysWithValues: planned.stack.resources.map { ($0.id, $0.spec) })
        var outcome = ExecutionOutcome()
        var finished: [String: Bool] = [:]  // step key → succeeded
        var pending = steps
        var running = 0
        await withTaskGroup(of: (Step, Result<Duration, Error>).self) { group in
            func startReady() {
                while running < parallelism && !cancellation.isCancelled {
                    // Skip what can no longer run because something it needs failed.
                    while let blocked = pending.firstIndex(where: { step in
                        step.waitsFor.contains { finished[$0] == false }
                    }) {
                        let step = pending.remove(at: blocked)
                        let cause = step.waitsFor.first { finished[$0] == false } ?? ""
                        let reason =
                            "\(cause.split(separator: ":").dropFirst().joined(separator: ":")) did not succeed"
                        finished[step.key] = false
                        outcome.skipped.append(
                            .init(
                                id: step.resource.id, action: step.resource.action, reason: reason))
                        observer.skipped(step.resource, reason: reason)
                    }
                    guard
                        let index = pending.firstIndex(where: { step in
                            step.waitsFor.allSatisfy { finished[$0] == true }
                                && step.after.allSatisfy { finished[$0] != nil }
                        })
                    else { return }
                    let step = pending.remove(at: index)
                    running += 1
                    observer.started(step.resource, step: Self.describe(step))
                    group.addTask {
                        let clock = ContinuousClock()
                        let started = clock.now
                        do {
                            try await run(
                                step, specs: specs, live: planned.live, observer: observer)
                            return (step, .success(clock.now - started))
                        } catch {
                            return (step, .failure(error))
                        }
                    }
                }
            }
            startReady()
            while let (step, result) = await group.next() {
                running -= 1
                switch result {
                case .success(let duration):
                    finished[step.key] = true
                    if step.kind != .delete || step.resource.action == .delete {
                        outcome.done.append(
                            .init(
                                id: step.resource.id, action: step.resource.action,
                                duration: duration))
                    }
                    observer.finished(step.resource, step: Self.describe(step), duration: duration)
                case .failure(let error):
                    finished[step.key] = false
                    outcome.failed.append(
                        .init(id: step.resource.id, action: step.resource.action, error: "\(error)")
                    )
                    observer.failed(step.resource, step: Self.describe(step), error: "\(error)")
                }
                startReady()
            }
        }
        if cancellation.isCancelled && !pending.isEmpty {
            outcome.interrupted = true
            for step in pending
            where !outcome.skipped.contains(where: { $0.id == step.resource.id }) {
                outcome.skipped.append(
                    .init(id: step.resource.id, action: step.resource.action, reason: "interrupted")
                )
            }
        }
        return outcome
    }

    private func run(
        _ step: Step, specs: [String: ResourceSpec], live: [String: LiveResource],
        observer: ExecutionObserver
    ) async throws {
        let progress = ObserverProgress(resource: step.resource, observer: observer)
        let journaled = step.resource.type.isJournaled
        switch step.kind {
        case .create:
            let spec = specs[step.resource.id]!
            if journaled { try journal.begin(type: step.resource.type, name: spec.name) }
            do {
                try await providers.provider(for: spec).create(spec, progress: progress)
            } catch let refused as CreateRefused {
                // A definite no: nothing exists that the entry could later claim.
                if journaled { try journal.end(type: step.resource.type, name: spec.name) }
                throw refused
            }
            if journaled { try journal.end(type: step.resource.type, name: spec.name) }
        case .update:
            let spec = specs[step.resource.id]!
            try await providers.provider(for: spec).update(
                spec, from: live[step.resource.id]!, progress: progress)
            if journaled { try journal.end(type: step.resource.type, name: spec.name) }
        case .delete:
            var current = live[step.resource.id]!
            // force_destroy and enforce_consumer_deletion are the file's word; a bucket the file
            // no longer names (renamed, pruned) keeps the word recorded in its tag when it was
            // applied, and one claimed by the journal alone (adopting) is never emptied.
            if case .bucket(var bucket) = current.spec {
                if case .bucket(let desired)? = specs[step.resource.id], desired.name == bucket.name
                {
                    bucket.forceDestroy = desired.forceDestroy
                }
                if step.resource.adopting { bucket.forceDestroy = false }
                current.spec = .bucket(bucket)
            }
            if case .kinesisStream(var stream) = current.spec,
                case .kinesisStream(let desired)? = specs[step.resource.id]
            {
                stream.enforceConsumerDeletion = desired.enforceConsumerDeletion
                current.spec = .kinesisStream(stream)
            }
            try await providers.provider(for: current.spec).delete(current, progress: progress)
            if journaled { try journal.end(type: step.resource.type, name: current.spec.name) }
        }
    }

    static func describe(_ step: Step) -> String {
        switch (step.kind, step.resource.action) {
        case (.create, .replace): "creating (replacement)"
        case (.delete, .replace): "deleting (to replace)"
        case (.create, _): "creating"
        case (.update, _): step.resource.adopting ? "adopting" : "updating"
        case (.delete, _): "deleting"
        }
    }

    /// The graph: step keys are `create:ID`, `update:ID`, `delete:ID`.
    static func steps(for plan: Plan) -> [Step] {
        let changing = Dictionary(
            uniqueKeysWithValues: plan.resources.filter { $0.action != .noChange }.map {
                ($0.id, $0)
            })
        func applyKey(_ resource: PlannedResource) -> String? {
            switch resource.action {
            case .create, .replace: "create:\(resource.id)"
            case .update: "update:\(resource.id)"
            default: nil
            }
        }
        var steps: [Step] = []
        var applyKeys: [String] = []
        for resource in plan.resources {
            let needs = resource.dependencies.compactMap { changing[$0].flatMap(applyKey) }
            switch resource.action {
            case .noChange, .delete:
                continue
            case .create:
                steps.append(
                    Step(
                        key: "create:\(resource.id)", kind: .create, resource: resource,
                        waitsFor: needs))
            case .update:
                steps.append(
                    Step(
                        key: "update:\(resource.id)", kind: .update, resource: resource,
                        waitsFor: needs))
            case .replace where resource.isRename:
                // Another name: the new one is made first, and the old one deleted with the
                // prunes, once what used it points at the new one.
                steps.append(
                    Step(
                        key: "create:\(resource.id)", kind: .create, resource: resource,
                        waitsFor: needs))
            case .replace:
                steps.append(
                    Step(
                        key: "delete:\(resource.id)", kind: .delete, resource: resource,
                        waitsFor: []))
                steps.append(
                    Step(
                        key: "create:\(resource.id)", kind: .create, resource: resource,
                        waitsFor: needs + ["delete:\(resource.id)"]))
            }
            if let key = applyKey(resource) { applyKeys.append(key) }
        }
        for resource in plan.resources where resource.action == .replace && resource.isRename {
            steps.append(
                Step(
                    key: "delete:\(resource.id)", kind: .delete, resource: resource,
                    waitsFor: ["create:\(resource.id)"], after: applyKeys))
        }
        // Deletes come after everything else, in their types' deletion ranks.
        let deletes = plan.resources.filter { $0.action == .delete }
        for resource in deletes {
            let rank = resource.type.deletionRank
            let earlier = deletes.filter { $0.type.deletionRank < rank }.map {
                "delete:\($0.id)"
            }
            steps.append(
                Step(
                    key: "delete:\(resource.id)", kind: .delete, resource: resource,
                    waitsFor: earlier,
                    after: applyKeys))
        }
        return steps
    }
}

/// Forwards provider notes to the observer.
struct ObserverProgress: ProgressReporter {
    let resource: PlannedResource
    let observer: ExecutionObserver
    func note(_ message: String) { observer.note(resource, message) }
}
