import AWS
import Foundation
import TestSupport
import Testing

struct FirehoseClientTests {
    func fullDestination(bucket: String, role: String) -> ExtendedS3Destination {
        var destination = ExtendedS3Destination()
        destination.roleARN = role
        destination.bucketARN = "arn:aws:s3:::\(bucket)"
        destination.prefix = "raw/!{partitionKeyFromQuery:kind}/"
        destination.errorOutputPrefix = "errors/!{firehose:error-output-type}/"
        destination.bufferingHints = BufferingHints(sizeInMBs: 64, intervalInSeconds: 60)
        destination.compressionFormat = "UNCOMPRESSED"
        destination.encryptionConfiguration = EncryptionConfiguration(
            noEncryptionConfig: "NoEncryption")
        destination.cloudWatchLoggingOptions = CloudWatchLoggingOptions(
            enabled: true, logGroupName: "/aws/kinesisfirehose/x",
            logStreamName: "DestinationDelivery")
        destination.dataFormatConversionConfiguration = DataFormatConversionConfiguration(
            schemaConfiguration: .init(
                roleARN: role, catalogId: "123456789012", databaseName: "db", tableName: "events",
                region: "sa-east-1",
                versionId: "LATEST"),
            inputFormatConfiguration: .init(deserializer: .init(openXJsonSerDe: EmptyObject())),
            outputFormatConfiguration: .init(serializer: .init(parquetSerDe: EmptyObject())),
            enabled: true)
        destination.dynamicPartitioningConfiguration = DynamicPartitioningConfiguration(
            retryOptions: .init(durationInSeconds: 300), enabled: true)
        destination.processingConfiguration = ProcessingConfiguration(
            enabled: true,
            processors: [
                .init(
                    type: "MetadataExtraction",
                    parameters: [
                        .init(
                            parameterName: "MetadataExtractionQuery", parameterValue: "{kind:.kind}"
                        ),
                        .init(parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6"),
                    ])
            ])
        destination.fileExtension = ".parquet"
        destination.customTimeZone = "America/Sao_Paulo"
        return destination
    }

    @Test func deliveryStreamLifecycleWithEveryDestinationSetting() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let firehose = try FirehoseClient(motoContext(server, through: proxy))
        let name = uniqueName("delivery")
        let role = "arn:aws:iam::123456789012:role/firehose"
        let source = KinesisStreamSource(
            kinesisStreamARN: "arn:aws:kinesis:sa-east-1:123456789012:stream/s", roleARN: role)
        let destination = fullDestination(bucket: "b", role: role)
        try await firehose.createDeliveryStream(
            name: name, source: source, destination: destination, tags: ["streamstack:stack": "t"])

        let described = try await firehose.describeDeliveryStream(name: name)
        #expect(described.deliveryStreamStatus == "ACTIVE")
        #expect(described.deliveryStreamType == "KinesisStreamAsSource")
        #expect(described.source?.kinesisStreamSourceDescription == source)
        #expect(described.destinations.first?.extendedS3DestinationDescription == destination)
        #expect(try await firehose.listDeliveryStreams().contains(name))
        #expect(try await firehose.listTags(name: name) == ["streamstack:stack": "t"])

        var changed = destination
        changed.bufferingHints = BufferingHints(sizeInMBs: 128, intervalInSeconds: 300)
        let current = try #require(described.destinations.first)
        try await firehose.updateDestination(
            name: name, versionID: described.versionId, destinationID: current.destinationId,
            destination: changed)
        let updated = try await firehose.describeDeliveryStream(name: name)
        #expect(
            updated.destinations.first?.extendedS3DestinationDescription?.bufferingHints
                == changed.bufferingHints)
        #expect(updated.versionId != described.versionId)

        // A stale version id is refused, as on AWS.
        let stale = await #expect(throws: AWSError.self) {
            try await firehose.updateDestination(
                name: name, versionID: described.versionId, destinationID: current.destinationId,
                destination: changed)
        }
        #expect(stale?.code == "ConcurrentModificationException")

        try await firehose.tag(name: name, tags: ["team": "data"])
        try await firehose.untag(name: name, keys: ["streamstack:stack"])
        #expect(try await firehose.listTags(name: name) == ["team": "data"])
        try await firehose.deleteDeliveryStream(name: name)
        #expect(try await !firehose.listDeliveryStreams().contains(name))
        #expect(try BotocoreModelCheck.problems(in: proxy.requests.map(\.request)) == [])
    }

    @Test func directPutStreamsTakeRecordBatches() async throws {
        let server = try await MotoServer.shared()
        let firehose = try FirehoseClient(motoContext(server))
        let bucket = uniqueName("direct")
        try await S3Client(motoContext(server)).createBucket(bucket)
        let name = uniqueName("directput")
        var destination = ExtendedS3Destination()
        destination.roleARN = "arn:aws:iam::123456789012:role/firehose"
        destination.bucketARN = "arn:aws:s3:::\(bucket)"
        try await firehose.createDeliveryStream(
            name: name, source: nil, destination: destination, tags: [:])
        #expect(
            try await firehose.describeDeliveryStream(name: name).deliveryStreamType == "DirectPut")
        let result = try await firehose.putRecordBatch(
            name: name, records: [Data("{}\n".utf8), Data("{}\n".utf8)])
        #expect(result.failedPutCount == 0)
        #expect(result.requestResponses.count == 2)
        try await firehose.deleteDeliveryStream(name: name)
    }

    /// TagDeliveryStream and UntagDeliveryStream take at most 50 keys a call (botocore's
    /// TagDeliveryStreamInputTagList and TagKeyList); ListTags pages by 50.
    @Test func tagsAndUntagsInChunksOfFifty() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let firehose = try FirehoseClient(motoContext(server, through: proxy))
        let bucket = uniqueName("tags")
        try await S3Client(motoContext(server)).createBucket(bucket)
        let name = uniqueName("tagged")
        var destination = ExtendedS3Destination()
        destination.roleARN = "arn:aws:iam::123456789012:role/firehose"
        destination.bucketARN = "arn:aws:s3:::\(bucket)"
        try await firehose.createDeliveryStream(
            name: name, source: nil, destination: destination, tags: [:])
        let many = Dictionary(uniqueKeysWithValues: (1...70).map { ("k\($0)", "v\($0)") })
        try await firehose.tag(name: name, tags: many)
        #expect(try await firehose.listTags(name: name) == many)
        try await firehose.untag(name: name, keys: many.keys.sorted())
        #expect(try await firehose.listTags(name: name) == [:])
        let untags = proxy.requests.filter { $0.request.operation == "UntagDeliveryStream" }
        #expect(untags.count == 2)
        #expect(proxy.requests.filter { $0.request.operation == "TagDeliveryStream" }.count == 2)
        #expect(try BotocoreModelCheck.problems(in: proxy.requests.map(\.request)) == [])
        try await firehose.deleteDeliveryStream(name: name)
    }
}
