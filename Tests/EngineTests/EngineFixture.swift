import Engine
import Kinds
import Providers
import StackFile

/// A small pipeline resolved offline, and an engine over a `FakeWorld`.
struct EngineFixture {
    static let stackText = """
        stack: demo
        region: sa-east-1
        resources:
          stream1:
            type: kinesis.stream
            properties:
              name: stream1
              shards: 1
          landing:
            type: s3.bucket
            properties:
              name: demo-landing
              force_destroy: true
          delivery:
            type: firehose.delivery_stream
            properties:
              name: stream1-to-s3
              source:
                kinesis_stream: ${stream1.arn}
              s3:
                bucket: ${landing.arn}
        """

    let world: FakeWorld
    let catalog: FakeCatalog
    let stack: ResolvedStack

    init(text: String = Self.stackText, world: FakeWorld = FakeWorld()) throws {
        self.world = world
        catalog = try FakeCatalog(world: world)
        stack = try Self.resolve(text)
    }

    static func resolve(_ text: String) throws -> ResolvedStack {
        try StackLoader.load(text: text, file: "stack.yaml").resolve(
            ResolutionContext(accountID: "123456789012", region: "sa-east-1", partition: "aws"))
    }

    func plan(_ mode: Planner.Mode = .apply(adopt: []), stack: ResolvedStack? = nil)
        async throws -> PlannedStack
    {
        try await Planner(providers: catalog).plan(stack ?? self.stack, mode: mode)
    }

    func execute(
        _ planned: PlannedStack, parallelism: Int = 10,
        cancellation: CancellationFlag = CancellationFlag()
    ) async -> ExecutionOutcome {
        await Executor(providers: catalog, parallelism: parallelism)
            .execute(planned, observer: SilentObserver(), cancellation: cancellation)
    }

    /// Applies the stack as the file has it.
    @discardableResult
    func apply() async throws -> ExecutionOutcome {
        await execute(try await plan())
    }

    func spec(_ id: String) -> ResourceSpec { stack.resource(id)!.spec }
}

extension PlannedStack {
    func action(_ id: String) -> Action? { plan.resources.first { $0.id == id }?.action }
    func resource(_ id: String) -> PlannedResource? { plan.resources.first { $0.id == id } }
    var actions: [String: Action] {
        Dictionary(uniqueKeysWithValues: plan.resources.map { ($0.id, $0.action) })
    }
}

struct SilentObserver: ExecutionObserver {
    func started(_ resource: PlannedResource, step: String) {}
    func note(_ resource: PlannedResource, _ message: String) {}
    func finished(_ resource: PlannedResource, step: String, duration: Duration) {}
    func failed(_ resource: PlannedResource, step: String, error: String) {}
    func skipped(_ resource: PlannedResource, reason: String) {}
}
