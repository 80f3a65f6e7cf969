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
        streamDiscovery: StreamDiscovery = .taggingAPI, bucketOwner: ExpectedBucketOwner? = nil
    ) throws {
        self.context = context
        streams = KinesisStreamProvider(
            kinesis: try KinesisClient(context), waiter: waiter, discovery: streamDiscovery)
        buckets = BucketProvider(
            s3: try S3Client(context, expectedOwner: bucketOwner), waiter: waiter)
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
    /// planner trusts the tag it reads), alongside each type's own search for the rest; a
    /// search that starts from the tagging API's answer follows it.
    public func owned(by stack: String, declared: [ResolvedResource]) async throws
        -> [OwnedResource]
    {
        let providers = ResourceType.allCases.map(provider(for:))
        async let arns = ResourceGroupsTaggingClient(context).resourceARNs(
            taggedWith: Ownership.tagKey, value: stack,
            types: providers.compactMap(\.taggingAPIType))
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

    /// nil when AWS refuses (no kinesis:DescribeLimits): the quota check is then skipped,
    /// not failed. A failure to reach AWS is the plan's failure, as for any other read.
    public func kinesisLimits() async throws -> KinesisClient.Limits? {
        do {
            return try await streams.kinesis.describeLimits()
        } catch is AWSError {
            return nil
        }
    }
}
