import AWS
import Kinds
import Providers
import StackFile

/// Reads a pipeline that exists in AWS (typically built in the console) by following a
/// delivery stream to its source stream and destination bucket, for `streamstack import`.
/// Its satellites (role, Glue table, log group) are named by the delivery stream itself.
public struct PipelineImport: Sendable {
    public let providers: ProviderSet
    public let accountID: String
    /// The stack the file will declare: resources of another stack are refused.
    public let stack: String

    public init(providers: ProviderSet, accountID: String, stack: String) {
        self.providers = providers
        self.accountID = accountID
        self.stack = stack
    }

    public struct NotImportable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The resources to declare, in file order: stream, bucket, backup bucket, delivery stream.
    public func resources(deliveryStream: String?, stream: String?, bucket: String?)
        async throws -> [StackFileWriter.Resource]
    {
        let region = providers.context.region
        var streamName = stream
        var bucketName = bucket
        var delivery: DeliveryStreamSpec?
        if let deliveryStream {
            guard
                let live = try await providers.provider(DeliveryStreamKind.self).read(
                    name: deliveryStream, managesRole: false)
            else {
                throw NotImportable(
                    description: "no delivery stream \(deliveryStream) in \(region)")
            }
            try checkOwner(live, kind: "delivery stream")
            guard var spec = DeliveryStreamSpec(live.spec) else { return [] }
            // The schema's columns are the Glue table's.
            if let conversion = spec.formatConversion,
                let table = try await providers.provider(GlueTableKind.self).read(
                    name: "\(conversion.database).\(conversion.table)"),
                let columns = GlueTableSpec(table.spec)
            {
                spec.formatConversion?.columns = columns.columns
            }
            delivery = spec
            streamName = streamName ?? spec.sourceStreamARN.map(Self.lastPart(afterSlash:))
            bucketName = bucketName ?? ARN(spec.bucketARN)?.resourceName ?? ""
        }
        var resources: [StackFileWriter.Resource] = []
        var ids: Set<String> = []
        func add(_ spec: ResourceSpec, suffix: String) {
            var id = StackFileWriter.id(fromName: spec.name, accountID: accountID, region: region)
            if ids.contains(id) { id += "-" + suffix }
            ids.insert(id)
            resources.append(StackFileWriter.Resource(id: id, spec: spec))
        }
        if let streamName {
            guard
                let live = try await providers.provider(KinesisStreamKind.self).read(
                    name: streamName)
            else {
                throw NotImportable(description: "no Kinesis stream \(streamName) in \(region)")
            }
            try checkOwner(live, kind: "stream")
            add(live.spec, suffix: "stream")
        }
        // The bucket the source records are backed up to, when it is another.
        let backupName = delivery?.backup.flatMap { ARN($0.bucketARN)?.resourceName }
        for (name, suffix) in [(bucketName, "bucket"), (backupName, "backup")]
        where name != nil && (suffix == "bucket" || name != bucketName) {
            guard let name,
                let live = try await providers.provider(BucketKind.self).read(name: name)
            else {
                throw NotImportable(description: "no bucket \(name ?? "") in this account")
            }
            try checkOwner(live, kind: "bucket")
            add(live.spec, suffix: suffix)
        }
        if let delivery { add(delivery.resourceSpec, suffix: "delivery") }
        return resources
    }

    /// A resource that another stack owns stays with that stack.
    private func checkOwner(_ live: LiveResource, kind: String) throws {
        if let owner = live.owner, owner != stack {
            throw NotImportable(
                description:
                    "\(kind) \(live.spec.name) belongs to stack '\(owner)' (tag \(Ownership.tagKey)=\(owner)); it is not imported into '\(stack)'. Manage it from that stack's file, or import it with --stack \(owner)"
            )
        }
    }

    static func lastPart(afterSlash arn: String) -> String {
        String(arn.split(separator: "/").last ?? "")
    }
}
