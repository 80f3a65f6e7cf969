import AWS
import Kinds
import Providers
import StackFile

/// One provider per kind, sharing one AWS context.
public struct ProviderSet: ResourceCatalog {
    public let context: AWSContext
    /// Each kind's provider, as built by its kind.
    private let typed: [ResourceType: any ResourceProvider]
    private let erased: [ResourceType: AnyResourceProvider]
    /// The one tagging API call of the run: the search for owned resources and the providers'
    /// tag reads share it.
    private let tagged: TaggedResources

    public init(
        context: AWSContext, waiter: Waiter = Waiter(),
        rolePropagationTimeout: Duration = .seconds(120),
        streamDiscovery: StreamDiscovery = .taggingAPI, bucketOwner: ExpectedBucketOwner? = nil
    ) throws {
        self.context = context
        let tagged = try TaggedResources(context)
        self.tagged = tagged
        let services = ProviderServices(
            context: context, waiter: waiter, rolePropagationTimeout: rolePropagationTimeout,
            streamDiscovery: streamDiscovery, bucketOwner: bucketOwner, tagged: tagged)
        var typed: [ResourceType: any ResourceProvider] = [:]
        var erased: [ResourceType: AnyResourceProvider] = [:]
        for kind in ResourceKinds.all {
            let provider = try kind.provider(services)
            typed[kind.type] = provider
            erased[kind.type] = AnyResourceProvider(provider)
        }
        self.typed = typed
        self.erased = erased
        tagged.ask(for: ResourceKinds.all.compactMap { erased[$0.type]?.taggingAPIType })
    }

    /// The provider of a kind, typed.
    public func provider<Kind: ResourceKind>(_ kind: Kind.Type) -> Kind.Provider {
        // Built for every kind of the registry in init, by the kind itself.
        typed[kind.type] as! Kind.Provider
    }

    public func provider(for type: ResourceType) -> AnyResourceProvider {
        guard let provider = erased[type] else {
            preconditionFailure("no kind of resource is registered as \(type)")
        }
        return provider
    }

    /// One tagging API call for every type it can list (its filter is not always exact: the
    /// planner trusts the tag it reads), alongside each type's own search for the rest; a
    /// search that starts from the tagging API's answer follows it. The providers' reads of
    /// the same stack share the call.
    public func owned(by stack: String, declared: [ResolvedResource]) async throws
        -> [OwnedResource]
    {
        let providers = ResourceKinds.all.map { provider(for: $0.type) }
        async let arns = tagged.resources(of: stack).map(\.arn)
        async let alongside = Self.listOwned(
            by: providers.filter { !$0.listsFromTagged },
            OwnedSearch(stack: stack, declared: declared, tagged: [:]))
        var found: [OwnedResource] = []
        for arn in try await arns.compactMap(ARN.init) {
            if let (type, name) = providers.lazy.compactMap({ provider in
                provider.name(taggedAs: arn).map { (provider.type, $0) }
            }).first {
                found.append(OwnedResource(type: type, name: name))
            }
        }
        let search = OwnedSearch(
            stack: stack, declared: declared,
            tagged: Dictionary(grouping: found, by: \.type).mapValues { $0.map(\.name) })
        found += try await alongside
        found += try await Self.listOwned(by: providers.filter(\.listsFromTagged), search)
        var seen: Set<OwnedResource> = []
        return found.filter { seen.insert($0).inserted }
    }

    private static func listOwned(by providers: [AnyResourceProvider], _ search: OwnedSearch)
        async throws -> [OwnedResource]
    {
        try await withThrowingTaskGroup(of: [OwnedResource].self) { group in
            for provider in providers {
                group.addTask {
                    try await provider.listOwned(search).map {
                        OwnedResource(type: provider.type, name: $0)
                    }
                }
            }
            var found: [OwnedResource] = []
            for try await names in group { found += names }
            return found
        }
    }

    /// The next read asks the tagging API again.
    public func forgetTaggingAnswers() {
        tagged.forget()
    }

    /// nil when AWS refuses (no kinesis:DescribeLimits): the quota check is then skipped,
    /// not failed. A failure to reach AWS is the plan's failure, as for any other read.
    public func kinesisLimits() async throws -> KinesisClient.Limits? {
        do {
            return try await provider(KinesisStreamKind.self).kinesis.describeLimits()
        } catch is AWSError {
            return nil
        }
    }
}
