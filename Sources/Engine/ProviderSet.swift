import AWS
import Providers
import StackFile

/// One provider per resource type, sharing one AWS context.
public struct ProviderSet: ResourceCatalog {
    public let streams: KinesisStreamProvider
    public let buckets: BucketProvider
    public let deliveryStreams: DeliveryStreamProvider
    public let roles: RoleProvider
    public let logGroups: LogGroupProvider
    public let glueDatabases: GlueDatabaseProvider
    public let glueTables: GlueTableProvider
    public let context: AWSContext

    public init(
        context: AWSContext, waiter: Waiter = Waiter(),
        rolePropagationTimeout: Duration = .seconds(120),
        streamDiscovery: StreamDiscovery = .taggingAPI
    ) throws {
        self.context = context
        streams = KinesisStreamProvider(
            kinesis: try KinesisClient(context), waiter: waiter, discovery: streamDiscovery)
        buckets = BucketProvider(s3: try S3Client(context), waiter: waiter)
        deliveryStreams = DeliveryStreamProvider(
            firehose: try FirehoseClient(context), waiter: waiter,
            rolePropagationTimeout: rolePropagationTimeout)
        roles = RoleProvider(iam: try IAMClient(context), region: context.region)
        logGroups = LogGroupProvider(logs: try CloudWatchLogsClient(context))
        let glue = try GlueClient(context)
        glueDatabases = GlueDatabaseProvider(glue: glue, region: context.region)
        glueTables = GlueTableProvider(glue: glue)
    }

    public func provider(for type: ResourceType) -> AnyResourceProvider {
        switch type {
        case .kinesisStream: AnyResourceProvider(streams)
        case .bucket: AnyResourceProvider(buckets)
        case .role: AnyResourceProvider(roles)
        case .deliveryStream: AnyResourceProvider(deliveryStreams)
        case .logGroup: AnyResourceProvider(logGroups)
        case .glueDatabase: AnyResourceProvider(glueDatabases)
        case .glueTable: AnyResourceProvider(glueTables)
        }
    }

    /// One tagging API call for every type it can list (its filter is not always exact: the
    /// planner trusts the tag it reads), then each type's own search for the rest.
    public func owned(by stack: String, declared: [ResolvedResource]) async throws
        -> [OwnedResource]
    {
        let providers = ResourceType.allCases.map(provider(for:))
        let arns = try await ResourceGroupsTaggingClient(context).resourceARNs(
            taggedWith: Ownership.tagKey, value: stack,
            types: providers.compactMap(\.taggingAPIType))
        var found: [OwnedResource] = []
        for arn in arns.compactMap(ARN.init) {
            for provider in providers {
                if let name = provider.name(taggedAs: arn) {
                    found.append(OwnedResource(type: provider.type, name: name))
                    break
                }
            }
        }
        let search = OwnedSearch(
            stack: stack, declared: declared,
            tagged: Dictionary(grouping: found, by: \.type).mapValues { $0.map(\.name) })
        found += try await withThrowingTaskGroup(of: [OwnedResource].self) { group in
            for provider in providers {
                group.addTask {
                    try await provider.listOwned(search).map {
                        OwnedResource(type: provider.type, name: $0)
                    }
                }
            }
            var more: [OwnedResource] = []
            for try await names in group { more += names }
            return more
        }
        var seen: Set<OwnedResource> = []
        return found.filter { seen.insert($0).inserted }
    }

    /// Without kinesis:DescribeLimits the quota is unknown, as Terraform leaves it.
    public func kinesisLimits() async -> KinesisClient.Limits? {
        try? await streams.kinesis.describeLimits()
    }
}
