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

    /// Where a user-given endpoint came from.
    public enum Override: Sendable, Equatable {
        /// `--endpoint-url`.
        case commandLine
        /// `AWS_ENDPOINT_URL_<SERVICE>`: meant for this service alone.
        case serviceVariable
        /// `AWS_ENDPOINT_URL`: one endpoint for every service, as an emulator is.
        case sharedVariable
    }

    /// The user-given endpoint of a service and where it came from; nil for AWS's own.
    public func override(for service: ServiceDescriptor) -> (text: String, origin: Override)? {
        if let commandLineOverride { return (commandLineOverride.absoluteString, .commandLine) }
        let candidates: [(String, Override)] = [
            ("AWS_ENDPOINT_URL_\(service.environmentName)", .serviceVariable),
            ("AWS_ENDPOINT_URL", .sharedVariable),
        ]
        for (variable, origin) in candidates {
            if let value = environment[variable], !value.isEmpty { return (value, origin) }
        }
        return nil
    }

    private func customEndpoint(for service: ServiceDescriptor) throws -> URL? {
        guard let (text, origin) = override(for: service) else { return nil }
        switch origin {
        case .commandLine: return commandLineOverride
        case .serviceVariable:
            return try Self.parse(text, from: "AWS_ENDPOINT_URL_\(service.environmentName)")
        case .sharedVariable: return try Self.parse(text, from: "AWS_ENDPOINT_URL")
        }
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
