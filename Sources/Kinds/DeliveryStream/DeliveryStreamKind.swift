import AWS
import Providers
import StackFile

extension ResourceType {
    public static let deliveryStream = ResourceType("firehose.delivery_stream")
}

extension DeliveryStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .deliveryStream }
}

/// `firehose.delivery_stream`: reads the stream, delivers into the bucket; brings its role,
/// log group and Glue database and table along.
public enum DeliveryStreamKind: ResourceKind, DeclarableKind {
    public typealias Spec = DeliveryStreamSpec
    public typealias Provider = DeliveryStreamProvider

    /// Deleted first: it uses all the others.
    public static let deletionRank = 0
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.carrier

    public static func provider(_ services: ProviderServices) throws -> DeliveryStreamProvider {
        DeliveryStreamProvider(
            firehose: try FirehoseClient(services.context), waiter: services.waiter,
            rolePropagationTimeout: services.rolePropagationTimeout, tagged: services.tagged)
    }

    /// Firehose gives no guarantee for data in flight once DeleteDeliveryStream is called, and
    /// a new delivery stream reads a Kinesis source from LATEST: records written in the gap
    /// never reach S3.
    public static func dataInFlight(_ delivery: DeliveryStreamSpec, replacing: Bool) -> String? {
        var text =
            "\(replacing ? "replacing" : "deleting") delivery stream \(delivery.name) may lose the records in Firehose's buffer (up to \(delivery.buffering.sizeMB) MiB or \(delivery.buffering.intervalSeconds) s): AWS does not promise to deliver data in flight once the delete starts"
        if replacing, let source = delivery.sourceStreamARN {
            let stream = ARN(source)?.resourceName ?? source
            text +=
                "; the new one reads \(stream) from its latest records, so what is written to \(stream) between the delete and the new one's ACTIVE never reaches S3"
        }
        return text
    }

    package static var schema: ResourceTypeSchema { DeliveryStreamFields.schema }

    package static func checkRules(
        _ properties: StackNode.Mapping, owner: SourceLocation, in validator: StackValidator
    ) {
        validator.checkDeliveryStream(properties)
    }
}
