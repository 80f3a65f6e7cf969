import Foundation

/// One region's prices in US dollars, and where they came from.
public struct PriceSheet: Sendable, Codable, Equatable {
    public enum Origin: Sendable, Codable, Equatable {
        /// Asked from the AWS Price List API at that time (maybe read back from the day's
        /// cache).
        case priceListAPI(fetched: Date)
        /// streamstack's own table, because the API could not be asked.
        case embedded(reason: String)
    }

    public var region: String
    public var prices: [PriceItem: Double]
    public var origin: Origin

    public init(region: String, prices: [PriceItem: Double], origin: Origin) {
        self.region = region
        self.prices = prices
        self.origin = origin
    }

    public func price(_ item: PriceItem) -> Double { prices[item] ?? 0 }

    /// For the plan: where the prices come from, in a sentence.
    public var originDescription: String {
        switch origin {
        case .priceListAPI(let fetched):
            let formatter = ISO8601DateFormatter()
            return "AWS Price List API, \(region), fetched \(formatter.string(from: fetched))"
        case .embedded(let reason):
            return
                "streamstack's price table of \(EmbeddedPrices.asOf) for \(EmbeddedPrices.table[region] == nil ? "us-east-1 (none recorded for \(region))" : region), because \(reason)"
        }
    }
}
