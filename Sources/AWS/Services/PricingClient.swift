import Foundation

/// The AWS Price List Query API (JSON 1.1): list prices of a service's products.
public struct PricingClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .pricing) }

    public struct Filter: Encodable, Sendable {
        public enum Kind: String, Encodable, Sendable {
            case termMatch = "TERM_MATCH"
            case contains = "CONTAINS"
        }
        var type: Kind
        var field: String
        var value: String

        public static func equals(_ field: String, _ value: String) -> Filter {
            Filter(type: .termMatch, field: field, value: value)
        }
        public static func contains(_ field: String, _ value: String) -> Filter {
            Filter(type: .contains, field: field, value: value)
        }
    }

    struct Input: Encodable {
        var serviceCode: String
        var filters: [Filter]
        var formatVersion = "aws_v1"
        var nextToken: String?
        var maxResults = 100
    }
    struct Output: Decodable {
        var priceList: [String]?
        var nextToken: String?
    }

    /// Every product matching the filters, each the JSON document AWS returns as a string.
    public func products(service: String, filters: [Filter]) async throws -> [String] {
        try await client.allPages("GetProducts") { token in
            let page = try await client.json(
                "GetProducts",
                Input(serviceCode: service, filters: filters, nextToken: token), as: Output.self)
            return (page.priceList ?? [], page.nextToken)
        }
    }
}
