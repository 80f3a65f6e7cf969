import AWS
import Providers
import StackFile

extension ResourceType {
    public static let kinesisStream = ResourceType("kinesis.stream")
}

extension KinesisStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .kinesisStream }
}

/// `kinesis.stream`: a Kinesis data stream, the pipeline's source.
public enum KinesisStreamKind: ResourceKind, DeclarableKind {
    public typealias Spec = KinesisStreamSpec
    public typealias Provider = KinesisStreamProvider

    public static let deletionRank = 4
    public static let isJournaled = true
    public static let recordFlow = RecordFlow.source

    public static func provider(_ services: ProviderServices) throws -> KinesisStreamProvider {
        KinesisStreamProvider(
            kinesis: try KinesisClient(services.context), waiter: services.waiter,
            discovery: services.streamDiscovery, tagged: services.tagged)
    }

    public static func dataInFlight(_ stream: KinesisStreamSpec, replacing: Bool) -> String? {
        "\(replacing ? "replacing" : "deleting") stream \(stream.name) discards the records it holds (up to \(stream.retentionHours) h of them) that no consumer has read"
    }

    /// enforce_consumer_deletion is the file's word.
    public static func withDeletionWords(
        _ live: KinesisStreamSpec, declared: KinesisStreamSpec?, adopting: Bool
    ) -> KinesisStreamSpec {
        guard let declared else { return live }
        var stream = live
        stream.enforceConsumerDeletion = declared.enforceConsumerDeletion
        return stream
    }

    package static var schema: ResourceTypeSchema { KinesisStreamFields.schema }

    package static func checkRules(
        _ properties: StackNode.Mapping, owner: SourceLocation, in validator: StackValidator
    ) {
        validator.checkKinesisStream(properties, owner: owner)
    }

    package static func resolve(_ declared: DeclaredResource) -> Resolution<KinesisStreamSpec> {
        typealias Key = KinesisStreamFields
        let properties = declared.properties
        let stream = KinesisStreamSpec(
            name: properties[Key.name] ?? declared.id, mode: properties[Key.mode],
            shards: properties[Key.shards], retentionHours: properties[Key.retentionHours],
            kmsKeyID: properties[Key.encryption]?[Key.kmsKeyID], tags: declared.tags,
            enforceConsumerDeletion: properties[Key.enforceConsumerDeletion])
        return Resolution(spec: stream, followers: PipelineAlarms.of(stream, declared))
    }

    package static func attributes(of stream: KinesisStreamSpec, in context: ResolutionContext)
        -> [String: String]
    {
        ["name": stream.name, "arn": context.kinesisStreamARN(stream.name).description]
    }

    package static func properties(
        of stream: KinesisStreamSpec, id: String, in file: StackFileWriter,
        among others: [StackFileWriter.Resource]
    ) -> [String] {
        typealias Key = KinesisStreamFields
        var block = Block()
        block.value(Key.name, file.named(stream.name), unless: stream.name == id)
        block.value(Key.mode, stream.mode)
        if let shards = stream.shards, stream.mode == .provisioned {
            block.literal(Key.shards.name, shards)
        }
        block.literal(Key.retentionHours, stream.retentionHours)
        if let key = stream.kmsKeyID {
            block.nested(Key.encryption) { $0.value(Key.kmsKeyID, file.named(key)) }
        }
        block.tags(stream.tags)
        return block.properties
    }
}
