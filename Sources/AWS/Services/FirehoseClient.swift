import Foundation

/// Amazon Data Firehose (JSON 1.1).
public struct FirehoseClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .firehose) }

    struct Tag: Codable {
        var key: String
        var value: String?
    }

    struct CreateInput: Encodable {
        var deliveryStreamName: String
        var deliveryStreamType: String
        var kinesisStreamSourceConfiguration: KinesisStreamSource?
        var extendedS3DestinationConfiguration: ExtendedS3Destination
        var tags: [Tag]?
    }

    /// Creates the stream; "in use" after a lost answer counts as created.
    @discardableResult
    public func createDeliveryStream(
        name: String, source: KinesisStreamSource?, destination: ExtendedS3Destination,
        tags: [String: String]
    ) async throws -> Bool {
        try await client.jsonResponse(
            "CreateDeliveryStream",
            CreateInput(
                deliveryStreamName: name,
                deliveryStreamType: source == nil ? "DirectPut" : "KinesisStreamAsSource",
                kinesisStreamSourceConfiguration: source,
                extendedS3DestinationConfiguration: destination,
                tags: tags.isEmpty
                    ? nil
                    : tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) }),
            alreadyExistsCodes: ["ResourceInUseException"]
        ).createdByEarlierAttempt
    }

    struct NameInput: Encodable { var deliveryStreamName: String }
    struct DescribeOutput: Decodable { var deliveryStreamDescription: DeliveryStreamDescription }

    /// The description, with each destination's members as AWS sent them beside the typed
    /// shape (see `Destination.extendedS3Members`).
    public func describeDeliveryStream(name: String) async throws -> DeliveryStreamDescription {
        let response = try await client.jsonResponse(
            "DescribeDeliveryStream", NameInput(deliveryStreamName: name))
        var description = try client.decodeJSON(
            DescribeOutput.self, from: response.http, operation: "DescribeDeliveryStream"
        ).deliveryStreamDescription
        let raw = JSONValue(json: response.http.body)?["DeliveryStreamDescription"]?[
            "Destinations"]
        if case .array(let destinations)? = raw {
            for (index, destination) in destinations.enumerated()
            where index < description.destinations.count {
                description.destinations[index].extendedS3Members =
                    destination["ExtendedS3DestinationDescription"]?.objectMembers
            }
        }
        return description
    }

    struct DeleteInput: Encodable {
        var deliveryStreamName: String
        var allowForceDelete: Bool
    }

    public func deleteDeliveryStream(name: String) async throws {
        try await client.jsonResponse(
            "DeleteDeliveryStream", DeleteInput(deliveryStreamName: name, allowForceDelete: true))
    }

    struct ListInput: Encodable {
        var limit: Int
        var exclusiveStartDeliveryStreamName: String?
    }
    struct ListOutput: Decodable {
        var deliveryStreamNames: [String]
        var hasMoreDeliveryStreams: Bool
    }

    public func listDeliveryStreams() async throws -> [String] {
        try await client.allPages("ListDeliveryStreams") { last in
            let page = try await client.json(
                "ListDeliveryStreams",
                ListInput(limit: 10_000, exclusiveStartDeliveryStreamName: last),
                as: ListOutput.self)
            let names = page.deliveryStreamNames
            return (names, page.hasMoreDeliveryStreams ? names.last : nil)
        }
    }

    struct UpdateInput: Encodable {
        var deliveryStreamName: String
        var currentDeliveryStreamVersionId: String
        var destinationId: String
        var extendedS3DestinationUpdate: ExtendedS3Destination
    }

    /// Replaces the destination whole (send every member, not a patch).
    public func updateDestination(
        name: String, versionID: String, destinationID: String, destination: ExtendedS3Destination
    ) async throws {
        try await client.jsonResponse(
            "UpdateDestination",
            UpdateInput(
                deliveryStreamName: name, currentDeliveryStreamVersionId: versionID,
                destinationId: destinationID,
                extendedS3DestinationUpdate: destination))
    }

    struct TagInput: Encodable {
        var deliveryStreamName: String
        var tags: [Tag]
    }

    public func tag(name: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        // At most 50 tags per call.
        let all = tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) }
        for chunk in all.chunks(of: 50) {
            try await client.jsonResponse(
                "TagDeliveryStream", TagInput(deliveryStreamName: name, tags: Array(chunk)))
        }
    }

    struct UntagInput: Encodable {
        var deliveryStreamName: String
        var tagKeys: [String]
    }

    public func untag(name: String, keys: [String]) async throws {
        // At most 50 keys per call.
        for chunk in keys.chunks(of: 50) {
            try await client.jsonResponse(
                "UntagDeliveryStream", UntagInput(deliveryStreamName: name, tagKeys: Array(chunk)))
        }
    }

    struct ListTagsInput: Encodable {
        var deliveryStreamName: String
        var exclusiveStartTagKey: String?
        var limit: Int
    }
    public func listTags(name: String) async throws -> [String: String] {
        try await client.tagsByStartKey("ListTagsForDeliveryStream") {
            ListTagsInput(deliveryStreamName: name, exclusiveStartTagKey: $0, limit: 50)
        }
    }

    struct RecordInput: Encodable { var data: Data }
    struct PutRecordBatchInput: Encodable {
        var deliveryStreamName: String
        var records: [RecordInput]
    }
    public struct PutRecordBatchOutput: Decodable, Sendable {
        public var failedPutCount: Int
        public var requestResponses: [Entry]
        public struct Entry: Decodable, Sendable {
            public var recordId: String?
            public var errorCode: String?
            public var errorMessage: String?
        }
    }

    /// At most 500 records and 4 MiB per call (DirectPut streams only).
    public func putRecordBatch(name: String, records: [Data]) async throws -> PutRecordBatchOutput {
        try await client.json(
            "PutRecordBatch",
            PutRecordBatchInput(
                deliveryStreamName: name, records: records.map { RecordInput(data: $0) }))
    }
}
