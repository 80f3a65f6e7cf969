import Foundation
import Kinds
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
        enum Kind: String, Sendable { case create, update, delete }
        /// A step of the graph: one kind of change to one resource.
        struct Key: Hashable, Sendable, CustomStringConvertible {
            var kind: Kind
            var id: String
            var description: String { "\(kind.rawValue):\(id)" }
        }
        var kind: Kind
        var resource: PlannedResource
        /// Steps that must succeed first.
        var waitsFor: [Key]
        /// Steps that must be over first, whatever their result.
        var after: [Key] = []

        var key: Key { Key(kind: kind, id: resource.id) }
    }

    public func execute(
        _ planned: PlannedStack, observer: ExecutionObserver,
        cancellation: CancellationFlag = CancellationFlag()
    ) async -> ExecutionOutcome {
        let specs = Dictionary(
            uniqueKeysWithValues: planned.stack.resources.map { ($0.id, $0.spec) })
        var queue = StepQueue(steps: Self.steps(for: planned.plan), observer: observer)
        var running = 0
        await withTaskGroup(of: (Step, Result<Duration, Error>).self) { group in
            func startReady() {
                while running < parallelism && !cancellation.isCancelled,
                    let step = queue.next()
                {
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
                queue.finish(step, result)
                startReady()
            }
        }
        if cancellation.isCancelled { queue.interrupt() }
        return queue.outcome
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
            let current = live[step.resource.id]!.withDeletionWords(
                declared: specs[step.resource.id], adopting: step.resource.adopting)
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

    /// The graph of steps a plan makes.
    static func steps(for plan: Plan) -> [Step] {
        let changing = Dictionary(
            uniqueKeysWithValues: plan.resources.filter { $0.action != .noChange }.map {
                ($0.id, $0)
            })
        func applyKey(_ resource: PlannedResource) -> Step.Key? {
            switch resource.action {
            case .create, .replace: Step.Key(kind: .create, id: resource.id)
            case .update: Step.Key(kind: .update, id: resource.id)
            case .noChange, .delete: nil
            }
        }
        var steps: [Step] = []
        var applyKeys: [Step.Key] = []
        for resource in plan.resources {
            let needs = resource.dependencies.compactMap { changing[$0].flatMap(applyKey) }
            let delete = Step.Key(kind: .delete, id: resource.id)
            switch resource.action {
            case .noChange, .delete:
                continue
            case .create:
                steps.append(Step(kind: .create, resource: resource, waitsFor: needs))
            case .update:
                steps.append(Step(kind: .update, resource: resource, waitsFor: needs))
            case .replace where resource.isRename:
                // Another name: the new one is made first, and the old one deleted with the
                // prunes, once what used it points at the new one.
                steps.append(Step(kind: .create, resource: resource, waitsFor: needs))
            case .replace:
                steps.append(Step(kind: .delete, resource: resource, waitsFor: []))
                steps.append(Step(kind: .create, resource: resource, waitsFor: needs + [delete]))
            }
            if let key = applyKey(resource) { applyKeys.append(key) }
        }
        for resource in plan.resources where resource.action == .replace && resource.isRename {
            steps.append(
                Step(
                    kind: .delete, resource: resource,
                    waitsFor: [Step.Key(kind: .create, id: resource.id)], after: applyKeys))
        }
        // Deletes come after everything else, in their types' deletion ranks.
        let deletes = plan.resources.filter { $0.action == .delete }
        for resource in deletes {
            let rank = resource.type.deletionRank
            let earlier = deletes.filter { $0.type.deletionRank < rank }.map {
                Step.Key(kind: .delete, id: $0.id)
            }
            steps.append(
                Step(kind: .delete, resource: resource, waitsFor: earlier, after: applyKeys))
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
