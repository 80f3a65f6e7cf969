import Foundation

/// Amazon Kinesis Data Streams (JSON 1.1).
public struct KinesisClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .kinesis) }

    public struct StreamModeDetails: Codable, Sendable, Equatable {
        /// `PROVISIONED` or `ON_DEMAND`.
        public var streamMode: String
        public init(streamMode: String) { self.streamMode = streamMode }
    }

    public struct StreamSummary: Codable, Sendable, Equatable {
        public var streamName: String
        public var streamARN: String
        /// `CREATING`, `DELETING`, `ACTIVE` or `UPDATING`.
        public var streamStatus: String
        public var streamModeDetails: StreamModeDetails?
        public var retentionPeriodHours: Int
        public var openShardCount: Int?
        /// `NONE` or `KMS`.
        public var encryptionType: String?
        public var keyId: String?
        /// Seconds since 1970.
        public var streamCreationTimestamp: Double?
        /// Shard-level metrics switched on (EnableEnhancedMonitoring).
        public var enhancedMonitoring: [EnhancedMetrics]?
        /// Enhanced fan-out consumers registered on the stream.
        public var consumerCount: Int?
        /// The largest record the stream takes, 1024 unless raised.
        public var maxRecordSizeInKiB: Int?

        public struct EnhancedMetrics: Codable, Sendable, Equatable {
            public var shardLevelMetrics: [String]?
        }
    }

    struct CreateStreamInput: Encodable {
        var streamName: String
        var shardCount: Int?
        var streamModeDetails: StreamModeDetails
        var tags: [String: String]?
    }

    /// Creates a stream.
    /// - Returns: true when an answer was lost in transit and a retry found the name in use:
    ///   the stream may be the lost attempt's, or someone else's.
    @discardableResult
    public func createStream(
        name: String, shardCount: Int?, mode: String, tags: [String: String] = [:]
    ) async throws -> Bool {
        try await client.jsonResponse(
            "CreateStream",
            CreateStreamInput(
                streamName: name, shardCount: shardCount,
                streamModeDetails: StreamModeDetails(streamMode: mode),
                tags: tags.isEmpty ? nil : tags),
            alreadyExistsCodes: ["ResourceInUseException"]
        ).createdByEarlierAttempt
    }

    struct StreamNameInput: Encodable { var streamName: String }
    struct DescribeSummaryOutput: Decodable { var streamDescriptionSummary: StreamSummary }

    public func describeStreamSummary(name: String) async throws -> StreamSummary {
        try await client.json(
            "DescribeStreamSummary", StreamNameInput(streamName: name),
            as: DescribeSummaryOutput.self
        ).streamDescriptionSummary
    }

    struct DeleteStreamInput: Encodable {
        var streamName: String
        var enforceConsumerDeletion: Bool
    }

    /// Deletes the stream; with registered consumers AWS refuses unless `enforceConsumerDeletion`.
    public func deleteStream(name: String, enforceConsumerDeletion: Bool = false) async throws {
        try await client.jsonResponse(
            "DeleteStream",
            DeleteStreamInput(streamName: name, enforceConsumerDeletion: enforceConsumerDeletion))
    }

    struct ListConsumersInput: Encodable {
        var streamARN: String
        var nextToken: String?
    }
    struct ListConsumersOutput: Decodable {
        var consumers: [Consumer]?
        var nextToken: String?
        struct Consumer: Decodable { var consumerName: String }
    }

    struct RegisterConsumerInput: Encodable {
        var streamARN: String
        var consumerName: String
    }

    /// Registers an enhanced fan-out consumer (what a reading application does).
    public func registerConsumer(streamARN: String, name: String) async throws {
        try await client.jsonResponse(
            "RegisterStreamConsumer",
            RegisterConsumerInput(streamARN: streamARN, consumerName: name))
    }

    /// Names of the enhanced fan-out consumers registered with the stream.
    public func listConsumers(streamARN: String) async throws -> [String] {
        try await client.allPages("ListStreamConsumers") { token in
            let page = try await client.json(
                "ListStreamConsumers", ListConsumersInput(streamARN: streamARN, nextToken: token),
                as: ListConsumersOutput.self)
            return ((page.consumers ?? []).map(\.consumerName), page.nextToken)
        }
    }

    public struct Limits: Decodable, Sendable {
        public var shardLimit: Int
        public var openShardCount: Int
        public var onDemandStreamCount: Int?
        public var onDemandStreamCountLimit: Int?
    }
    struct EmptyInput: Encodable {}

    /// The account's shard quota in this region and how much of it is in use.
    public func describeLimits() async throws -> Limits {
        try await client.json("DescribeLimits", EmptyInput(), as: Limits.self)
    }

    struct ListStreamsInput: Encodable {
        var limit: Int
        var exclusiveStartStreamName: String?
        var nextToken: String?
    }
    struct ListStreamsOutput: Decodable {
        var streamNames: [String]
        var hasMoreStreams: Bool
        var nextToken: String?
    }

    /// Every stream name of the region, following pages (by token, or by last name where the
    /// service gives no token, as moto does).
    public func listStreams() async throws -> [String] {
        // The page token is AWS's NextToken, or the last name where the service gives none.
        var byName = false
        return try await client.allPages("ListStreams") { token in
            let page = try await client.json(
                "ListStreams",
                ListStreamsInput(
                    limit: 100, exclusiveStartStreamName: byName ? token : nil,
                    nextToken: byName ? nil : token),
                as: ListStreamsOutput.self)
            guard page.hasMoreStreams else { return (page.streamNames, nil) }
            byName = page.nextToken == nil
            return (page.streamNames, page.nextToken ?? page.streamNames.last)
        }
    }

    struct AddTagsInput: Encodable {
        var streamName: String
        var tags: [String: String]
    }

    public func addTags(stream: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        // At most 10 tags per call.
        for chunk in tags.sorted(by: { $0.key < $1.key }).chunks(of: 10) {
            try await client.jsonResponse(
                "AddTagsToStream",
                AddTagsInput(
                    streamName: stream,
                    tags: Dictionary(uniqueKeysWithValues: chunk.map { ($0.key, $0.value) })))
        }
    }

    struct RemoveTagsInput: Encodable {
        var streamName: String
        var tagKeys: [String]
    }

    public func removeTags(stream: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        for chunk in keys.chunks(of: 10) {
            try await client.jsonResponse(
                "RemoveTagsFromStream", RemoveTagsInput(streamName: stream, tagKeys: Array(chunk)))
        }
    }

    struct ListTagsInput: Encodable {
        var streamName: String
        var exclusiveStartTagKey: String?
        var limit: Int
    }
    public func listTags(stream: String) async throws -> [String: String] {
        try await client.tagsByStartKey("ListTagsForStream") {
            ListTagsInput(streamName: stream, exclusiveStartTagKey: $0, limit: 50)
        }
    }

    struct UpdateShardCountInput: Encodable {
        var streamName: String
        var targetShardCount: Int
        var scalingType = "UNIFORM_SCALING"
    }

    public func updateShardCount(stream: String, target: Int) async throws {
        try await client.jsonResponse(
            "UpdateShardCount", UpdateShardCountInput(streamName: stream, targetShardCount: target))
    }

    struct UpdateStreamModeInput: Encodable {
        var streamARN: String
        var streamModeDetails: StreamModeDetails
    }

    public func updateStreamMode(streamARN: String, mode: String) async throws {
        try await client.jsonResponse(
            "UpdateStreamMode",
            UpdateStreamModeInput(
                streamARN: streamARN, streamModeDetails: StreamModeDetails(streamMode: mode)))
    }

    struct RetentionInput: Encodable {
        var streamName: String
        var retentionPeriodHours: Int
    }

    public func increaseRetention(stream: String, hours: Int) async throws {
        try await client.jsonResponse(
            "IncreaseStreamRetentionPeriod",
            RetentionInput(streamName: stream, retentionPeriodHours: hours))
    }

    public func decreaseRetention(stream: String, hours: Int) async throws {
        try await client.jsonResponse(
            "DecreaseStreamRetentionPeriod",
            RetentionInput(streamName: stream, retentionPeriodHours: hours))
    }

    struct EncryptionInput: Encodable {
        var streamName: String
        var encryptionType = "KMS"
        var keyId: String
    }

    public func startEncryption(stream: String, keyID: String) async throws {
        try await client.jsonResponse(
            "StartStreamEncryption", EncryptionInput(streamName: stream, keyId: keyID))
    }

    public func stopEncryption(stream: String, keyID: String) async throws {
        try await client.jsonResponse(
            "StopStreamEncryption", EncryptionInput(streamName: stream, keyId: keyID))
    }

    public struct PutRecordsEntry: Encodable, Sendable {
        public var data: Data
        public var partitionKey: String
        public init(data: Data, partitionKey: String) {
            self.data = data
            self.partitionKey = partitionKey
        }
    }
    struct PutRecordsInput: Encodable {
        var streamName: String
        var records: [PutRecordsEntry]
    }
    public struct PutRecordsResultEntry: Decodable, Sendable {
        public var sequenceNumber: String?
        public var shardId: String?
        public var errorCode: String?
        public var errorMessage: String?
    }
    public struct PutRecordsOutput: Decodable, Sendable {
        public var failedRecordCount: Int?
        public var records: [PutRecordsResultEntry]
    }

    /// At most 500 records and 5 MiB per call; results are in the order of the records.
    public func putRecords(stream: String, records: [PutRecordsEntry]) async throws
        -> PutRecordsOutput
    {
        try await client.json("PutRecords", PutRecordsInput(streamName: stream, records: records))
    }

    public struct Shard: Decodable, Sendable {
        public var shardId: String
    }
    struct ListShardsInput: Encodable {
        var streamName: String?
        var nextToken: String?
    }
    struct ListShardsOutput: Decodable {
        var shards: [Shard]
        var nextToken: String?
    }

    public func listShards(stream: String) async throws -> [Shard] {
        try await client.allPages("ListShards") { token in
            // With a token, the stream name must be left out.
            let page = try await client.json(
                "ListShards",
                ListShardsInput(streamName: token == nil ? stream : nil, nextToken: token),
                as: ListShardsOutput.self)
            return (page.shards, page.nextToken)
        }
    }

    struct GetShardIteratorInput: Encodable {
        var streamName: String
        var shardId: String
        var shardIteratorType: String
    }
    struct GetShardIteratorOutput: Decodable { var shardIterator: String }

    public func shardIterator(stream: String, shardID: String, type: String = "TRIM_HORIZON")
        async throws -> String
    {
        try await client.json(
            "GetShardIterator",
            GetShardIteratorInput(streamName: stream, shardId: shardID, shardIteratorType: type),
            as: GetShardIteratorOutput.self
        ).shardIterator
    }

    public struct Record: Decodable, Sendable {
        public var data: Data
        public var partitionKey: String
        public var sequenceNumber: String
    }
    struct GetRecordsInput: Encodable {
        var shardIterator: String
        var limit: Int
    }
    public struct GetRecordsOutput: Decodable, Sendable {
        public var records: [Record]
        public var nextShardIterator: String?
    }

    public func getRecords(iterator: String, limit: Int = 1000) async throws -> GetRecordsOutput {
        try await client.json("GetRecords", GetRecordsInput(shardIterator: iterator, limit: limit))
    }
}
