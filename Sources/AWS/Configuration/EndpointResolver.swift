import Foundation

/// Where a service's requests go and which region they are signed for.
public struct ResolvedEndpoint: Sendable, Equatable {
    /// Scheme, host and port (and any base path of a custom endpoint).
    public var url: URL
    public var signingRegion: String
    /// True for endpoints the user gave: S3 then uses path-style addressing.
    public var isCustom: Bool
}

/// Endpoint precedence as in the AWS CLI: `--endpoint-url`, then `AWS_ENDPOINT_URL_<SERVICE>`,
/// then `AWS_ENDPOINT_URL`, then the partition's standard host.
public struct EndpointResolver: Sendable {
    public var commandLineOverride: URL?
    public var environment: [String: String]

    public init(commandLineOverride: URL? = nil, environment: [String: String] = [:]) {
        self.commandLineOverride = commandLineOverride
        self.environment = environment
    }

    public func endpoint(for service: ServiceDescriptor, region: String) throws -> ResolvedEndpoint
    {
        let partition = Partition.of(region: region)
        let signingRegion = service.isGlobal ? partition.globalRegion : region
        if let custom = try customEndpoint(for: service) {
            return ResolvedEndpoint(url: custom, signingRegion: signingRegion, isCustom: true)
        }
        let host =
            service.isGlobal
            ? partition.iamHost : "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)"
        return ResolvedEndpoint(
            url: URL(string: "https://\(host)")!, signingRegion: signingRegion, isCustom: false)
    }

    private func customEndpoint(for service: ServiceDescriptor) throws -> URL? {
        if let commandLineOverride { return commandLineOverride }
        for variable in ["AWS_ENDPOINT_URL_\(service.environmentName)", "AWS_ENDPOINT_URL"] {
            if let value = environment[variable], !value.isEmpty {
                return try Self.parse(value, from: variable)
            }
        }
        return nil
    }

    /// Checks an endpoint URL: http(s), a host, no query.
    public static func parse(_ text: String, from origin: String) throws -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme), url.host?.isEmpty == false, url.query == nil
        else {
            throw ConfigurationError(
                "\(origin) is '\(text)'; an endpoint must look like https://host[:port] or http://127.0.0.1:5000"
            )
        }
        return url
    }
}

/// A setting (region, endpoint, profile) that is missing or malformed.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
