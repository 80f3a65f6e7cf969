import AWS
import Providers
import StackFile

/// One provider per resource type, sharing one AWS context.
public struct ProviderSet: Sendable {
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
        rolePropagationTimeout: Duration = .seconds(120)
    ) throws {
        self.context = context
        streams = KinesisStreamProvider(kinesis: try KinesisClient(context), waiter: waiter)
        buckets = BucketProvider(s3: try S3Client(context), waiter: waiter)
        deliveryStreams = DeliveryStreamProvider(
            firehose: try FirehoseClient(context), waiter: waiter,
            rolePropagationTimeout: rolePropagationTimeout)
        roles = RoleProvider(iam: try IAMClient(context))
        logGroups = LogGroupProvider(logs: try CloudWatchLogsClient(context))
        let glue = try GlueClient(context)
        glueDatabases = GlueDatabaseProvider(glue: glue, region: context.region)
        glueTables = GlueTableProvider(glue: glue)
    }

    public func provider(for spec: ResourceSpec) -> any ResourceProvider {
        switch spec {
        case .kinesisStream: streams
        case .bucket: buckets
        case .role: roles
        case .deliveryStream: deliveryStreams
        case .logGroup: logGroups
        case .glueDatabase: glueDatabases
        case .glueTable: glueTables
        }
    }

    /// The live resource of a type and name, for resources found by their tag.
    func read(type: ResourceType, name: String) async throws -> LiveResource? {
        switch type {
        case .kinesisStream: try await streams.read(name: name)
        case .bucket: try await buckets.readIfInRegion(name: name)
        case .deliveryStream: try await deliveryStreams.read(name: name)
        case .role: try await roles.read(name: name)
        case .logGroup: try await logGroups.read(name: name)
        case .glueDatabase: try await glueDatabases.read(name: name)
        case .glueTable: try await glueTables.read(name: name)
        }
    }
}
