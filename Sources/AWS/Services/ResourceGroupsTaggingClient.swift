import Foundation

/// The Resource Groups Tagging API (JSON 1.1): finds resources by tag across services. (moto
/// finds buckets and delivery streams this way, but not Kinesis streams.)
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
        var arns: [String] = []
        var token: String?
        repeat {
            let page = try await client.json(
                "GetResources",
                Input(
                    tagFilters: [TagFilter(key: key, values: [value])], resourceTypeFilters: types,
                    paginationToken: token),
                as: Output.self)
            arns += page.resourceTagMappingList.map(\.resourceARN)
            token = page.paginationToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return arns
    }
}
