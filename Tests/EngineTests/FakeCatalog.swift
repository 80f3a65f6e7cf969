import AWS
import Engine
import Foundation
import Kinds
import Providers
import StackFile
import Synchronization

/// Resources held in memory instead of AWS, with a record of every change made to them.
final class FakeWorld: Sendable {
    struct Key: Hashable {
        var type: ResourceType
        var name: String
    }

    private let state = Mutex<
        (resources: [Key: LiveResource], calls: [String], failing: Set<Key>)
    >(([:], [], []))
    /// Runs at the start of every create, update and delete: `(verb, resource)`.
    let onCall: @Sendable (String, Key) async -> Void

    init(onCall: @escaping @Sendable (String, Key) async -> Void = { _, _ in }) {
        self.onCall = onCall
    }

    /// The changes made, in order: `create kinesis.stream stream1`.
    var calls: [String] { state.withLock { $0.calls } }

    subscript(type: ResourceType, name: String) -> LiveResource? {
        get { state.withLock { $0.resources[Key(type: type, name: name)] } }
        set { state.withLock { $0.resources[Key(type: type, name: name)] = newValue } }
    }

    var all: [LiveResource] { state.withLock { Array($0.resources.values) } }

    /// Creates, updates and deletes of this resource throw.
    func fail(_ type: ResourceType, _ name: String) {
        _ = state.withLock { $0.failing.insert(Key(type: type, name: name)) }
    }

    /// A resource that exists, owned by `owner` (its tags say so) or by nobody.
    func put(_ spec: ResourceSpec, owner: String?) {
        self[spec.type, spec.name] = LiveResource(spec: spec, owner: owner)
    }

    func change(_ verb: String, _ type: ResourceType, _ name: String, _ body: () -> Void)
        async throws
    {
        let key = Key(type: type, name: name)
        await onCall(verb, key)
        try state.withLock { state in
            state.calls.append("\(verb) \(type) \(name)")
            if state.failing.contains(key) {
                throw ProviderFailure.conflict("\(verb) of \(type) \(name) refused by the test")
            }
        }
        body()
    }
}

/// A provider that keeps resources in a `FakeWorld` and takes everything else (attributes,
/// what forces a replacement, warnings) from the real provider of its type, so that plans
/// compare as they do against AWS.
struct FakeProvider<Real: ResourceProvider>: ResourceProvider {
    typealias Spec = Real.Spec
    let real: Real
    let world: FakeWorld

    var replacingAttributes: Set<String> { real.replacingAttributes }
    func attributes(of spec: Spec) -> Attributes { real.attributes(of: spec) }
    func changes(from current: Spec, to desired: Spec) -> [AttributeChange] {
        real.changes(from: current, to: desired)
    }
    func warnings(for desired: Spec, current: Spec?) -> [String] {
        real.warnings(for: desired, current: current)
    }

    func read(_ desired: Spec) async throws -> LiveResource? { world[type, desired.name] }
    func read(owned name: String) async throws -> LiveResource? { world[type, name] }

    func create(_ spec: Spec, progress: ProgressReporter) async throws {
        try await world.change("create", type, spec.name) {
            world.put(spec.resourceSpec, owner: spec.tags[Ownership.tagKey])
        }
    }

    func update(_ spec: Spec, from current: Spec, live: LiveResource, progress: ProgressReporter)
        async throws
    {
        try await world.change("update", type, spec.name) {
            world.put(spec.resourceSpec, owner: spec.tags[Ownership.tagKey])
        }
    }

    func delete(_ current: Spec, live: LiveResource, progress: ProgressReporter) async throws {
        try await world.change("delete", type, current.name) { world[type, current.name] = nil }
    }
}

/// The engine's view of a `FakeWorld`. The real providers it borrows from are built on a
/// transport that refuses every request: nothing here reaches a network.
struct FakeCatalog: ResourceCatalog {
    let world: FakeWorld
    let real: ProviderSet
    var limits: KinesisClient.Limits? = nil

    init(world: FakeWorld = FakeWorld()) throws {
        self.world = world
        real = try ProviderSet(
            context: AWSContext(
                region: "sa-east-1",
                credentials: StaticCredentialProvider(
                    AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "x", source: "test")),
                http: NoNetwork()))
    }

    func provider(for type: ResourceType) -> AnyResourceProvider {
        guard let kind = ResourceKinds.kind(of: type) else {
            preconditionFailure("no kind of resource is registered as \(type)")
        }
        return fake(kind)
    }

    /// The kind's real provider for what it computes, the world for what AWS would hold.
    private func fake<Kind: ResourceKind>(_ kind: Kind.Type) -> AnyResourceProvider {
        AnyResourceProvider(FakeProvider(real: real.provider(kind), world: world))
    }

    func owned(by stack: String, declared: [ResolvedResource]) async throws -> [OwnedResource] {
        world.all.filter { $0.owner == stack }.map {
            OwnedResource(type: $0.spec.type, name: $0.spec.name)
        }
    }

    func kinesisLimits() async throws -> KinesisClient.Limits? { limits }
}

/// A transport for tests that must not reach AWS.
struct NoNetwork: HTTPClient {
    struct Refused: Error {}
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        throw Refused()
    }
}
