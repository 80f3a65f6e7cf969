import AWS
import Kinds
import Providers
import StackFile

/// What the planner and executor need of the world: a provider per resource type, and the
/// search for what a stack owns. `ProviderSet` is AWS; tests bring their own.
public protocol ResourceCatalog: Sendable {
    func provider(for type: ResourceType) -> AnyResourceProvider
    /// Every resource carrying `streamstack:stack=<stack>` in the region.
    /// - Parameter declared: the stack's resources (searches may skip or start from them).
    func owned(by stack: String, declared: [ResolvedResource]) async throws -> [OwnedResource]
    /// The account's Kinesis shard quota in the region; nil when AWS will not say (no
    /// kinesis:DescribeLimits).
    func kinesisLimits() async throws -> KinesisClient.Limits?
}

extension ResourceCatalog {
    public func provider(for spec: ResourceSpec) -> AnyResourceProvider {
        provider(for: spec.type)
    }
}

/// A resource found by its ownership tag.
public struct OwnedResource: Hashable, Sendable {
    public var type: ResourceType
    public var name: String

    public init(type: ResourceType, name: String) {
        self.type = type
        self.name = name
    }
}
