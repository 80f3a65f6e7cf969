import AWS
import Foundation

/// A region's prices: the day's cached answer of the Price List API, else a fresh one, else
/// the embedded table with the reason.
public struct PriceSource: Sendable {
    public var context: AWSContext
    /// Where the day's answers are kept; nil keeps none.
    public var cacheDirectory: URL?
    public var now: @Sendable () -> Date

    static let cacheLifetime: TimeInterval = 24 * 3600

    public init(
        context: AWSContext, cacheDirectory: URL?, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.context = context
        self.cacheDirectory = cacheDirectory
        self.now = now
    }

    /// `$XDG_CACHE_HOME/streamstack` or `~/.cache/streamstack`.
    public static func defaultCacheDirectory(environment: [String: String]) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return URL(fileURLWithPath: cache).appendingPathComponent("streamstack")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/streamstack")
    }

    public func sheet(region: String) async -> PriceSheet {
        if Partition.of(region: region).name != "aws" {
            return EmbeddedPrices.sheet(
                region: region,
                reason: "the Price List API's dollar prices cover the aws partition only")
        }
        // An emulator named by AWS_ENDPOINT_URL or --endpoint-url has no prices; a pricing
        // endpoint of its own (AWS_ENDPOINT_URL_PRICING) is asked.
        switch context.endpoints.override(for: .pricing)?.origin {
        case .commandLine, .sharedVariable:
            return EmbeddedPrices.sheet(
                region: region, reason: "the endpoint is not AWS's (an emulator has no prices)")
        case .serviceVariable, .serviceConfiguration, nil: break
        }
        if let cached = cached(region: region) { return cached }
        do {
            let fetched = try await fetch(region: region)
            save(fetched)
            return fetched
        } catch {
            return EmbeddedPrices.sheet(region: region, reason: Self.reason(error))
        }
    }

    private func fetch(region: String) async throws -> PriceSheet {
        var pricingContext = context
        pricingContext.region = "us-east-1"
        pricingContext.retry = RetryPolicy(maxAttempts: 2)
        pricingContext.timeout = .seconds(10)
        let client = try PricingClient(pricingContext)
        let inRegion = PricingClient.Filter.equals("regionCode", region)
        let queries: [(String, [PricingClient.Filter])] = [
            ("AmazonKinesis", [inRegion]),
            ("AmazonKinesisFirehose", [inRegion]),
            ("AmazonS3", [inRegion, .contains("usagetype", "TimedStorage-ByteHrs")]),
            ("AmazonS3", [inRegion, .contains("usagetype", "Requests-Tier1")]),
            ("AmazonCloudWatch", [inRegion, .contains("usagetype", "AlarmMonitorUsage")]),
        ]
        let found = try await withThrowingTaskGroup(of: [(PriceItem, Double)].self) { group in
            for (service, filters) in queries {
                group.addTask {
                    try await client.products(service: service, filters: filters).compactMap {
                        PriceListReader.price(service: service, product: $0)
                    }
                }
            }
            var all: [(PriceItem, Double)] = []
            for try await prices in group { all += prices }
            return all
        }
        guard !found.isEmpty else {
            throw PriceListGap(region: region)
        }
        // What the API does not list keeps the table's price.
        var prices = EmbeddedPrices.sheet(region: region, reason: "").prices
        for (item, price) in found { prices[item] = price }
        return PriceSheet(region: region, prices: prices, origin: .priceListAPI(fetched: now()))
    }

    struct PriceListGap: Error {
        var region: String
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case let error as AWSError where error.code.contains("AccessDenied"):
            "these credentials may not call pricing:GetProducts"
        case let error as AWSError:
            "the Price List API answered \(error.code)"
        case let error as PriceListGap:
            "the Price List API listed no prices for \(error.region)"
        case let error as TransportError:
            "the Price List API could not be reached (\(error.description))"
        default:
            "the Price List API could not be asked (\(error))"
        }
    }

    // MARK: - The day's cache

    /// One file per region, and per pricing endpoint other than AWS's.
    private func cacheFile(region: String) -> URL? {
        let endpoint = context.endpoints.override(for: .pricing)?.text
        let suffix = endpoint.map { "-" + HexDigest.sha256(Data($0.utf8)).prefix(12) } ?? ""
        return cacheDirectory?.appendingPathComponent("prices-\(region)\(suffix).json")
    }

    private func cached(region: String) -> PriceSheet? {
        guard let file = cacheFile(region: region), let data = try? Data(contentsOf: file),
            let sheet = try? JSONDecoder().decode(PriceSheet.self, from: data),
            case .priceListAPI(let fetched) = sheet.origin,
            now().timeIntervalSince(fetched) < Self.cacheLifetime, fetched <= now()
        else { return nil }
        return sheet
    }

    /// Best effort: a cache that cannot be written only costs a fetch next time.
    private func save(_ sheet: PriceSheet) {
        guard let file = cacheFile(region: sheet.region),
            let data = try? JSONEncoder().encode(sheet)
        else { return }
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? PrivateFile.write(data, to: file.path, privateDirectory: true)
    }
}
