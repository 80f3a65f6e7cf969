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
        /// The most GetResources returns at once (botocore's model: 1 to 100 resources, 100 to
        /// 500 tags); a stack's resources and their tags then come in one page, where a page
        /// of a hundred tags would hold a few dozen resources. Both may go together: botocore's
        /// paginator for GetResources sets ResourcesPerPage and passes TagsPerPage through.
        var resourcesPerPage: Int? = 100
        var tagsPerPage: Int? = 500
    }
    struct Output: Decodable {
        var resourceTagMappingList: [Mapping]
        var paginationToken: String?
        struct Mapping: Decodable {
            var resourceARN: String
            var tags: [Tag]?
        }
        struct Tag: Decodable {
            var key: String
            var value: String
        }
    }

    /// A resource the tagging API lists, with every tag it holds.
    public struct TaggedResource: Sendable, Equatable {
        public var arn: String
        public var tags: [String: String]
    }

    /// ARNs of the resources tagged `key=value`, optionally of some types (`s3`, `firehose`).
    public func resourceARNs(taggedWith key: String, value: String, types: [String]? = nil)
        async throws -> [String]
    {
        try await resources(taggedWith: key, value: value, types: types).map(\.arn)
    }

    /// The resources tagged `key=value` with all their tags, in pages of up to 100.
    public func resources(taggedWith key: String, value: String, types: [String]? = nil)
        async throws -> [TaggedResource]
    {
        try await client.allPages("GetResources") { token in
            let page = try await client.json(
                "GetResources",
                Input(
                    tagFilters: [TagFilter(key: key, values: [value])], resourceTypeFilters: types,
                    paginationToken: token),
                as: Output.self)
            let resources = page.resourceTagMappingList.map { mapping in
                TaggedResource(
                    arn: mapping.resourceARN,
                    tags: Dictionary(
                        (mapping.tags ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
            }
            return (resources, page.paginationToken)
        }
    }
}
