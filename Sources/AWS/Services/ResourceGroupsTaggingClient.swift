import Foundation

/// The Resource Groups Tagging API (JSON 1.1): finds resources by tag across services. (AWS
/// lists Kinesis streams here; moto does not.)
public struct ResourceGroupsTaggingClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .tagging) }

    struct TagFilter: Encodable {
        var key: String
        var values: [String]
    }
    struct Input: Encodable {
        var tagFilters: [TagFilter]
        var resourceTypeFilters: [String]?
        var paginationToken: String?
    }
    struct Output: Decodable {
        var resourceTagMappingList: [Mapping]
        var paginationToken: String?
        struct Mapping: Decodable {
            var resourceARN: String
        }
    }

    /// ARNs of the resources tagged `key=value`, optionally of some types (`s3`, `firehose`).
    public func resourceARNs(taggedWith key: String, value: String, types: [String]? = nil)
        async throws -> [String]
    {
        try await client.allPages("GetResources") { token in
            let page = try await client.json(
                "GetResources",
                Input(
                    tagFilters: [TagFilter(key: key, values: [value])], resourceTypeFilters: types,
                    paginationToken: token),
                as: Output.self)
            return (page.resourceTagMappingList.map(\.resourceARN), page.paginationToken)
        }
    }
}
