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
/// then the profile's `services` section, then `AWS_ENDPOINT_URL`, then the partition's
/// standard host.
public struct EndpointResolver: Sendable {
    public var commandLineOverride: URL?
    public var environment: [String: String]
    /// The profile's service-specific endpoints (`[services NAME]`), by service key.
    public var configured: [String: String]

    public init(
        commandLineOverride: URL? = nil, environment: [String: String] = [:],
        configured: [String: String] = [:]
    ) {
        self.commandLineOverride = commandLineOverride
        self.environment = environment
        self.configured = configured
    }

    /// What credential providers may use: only endpoints named for their own services
    /// (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO`, a `services` section), never
    /// `--endpoint-url` or `AWS_ENDPOINT_URL`, which point the stack's service calls at an
    /// emulator and must not receive an SSO or web identity token. The AWS SDKs and Tools
    /// Reference Guide, "Service-specific endpoints", names these settings.
    public var forCredentialProviders: EndpointResolver {
        EndpointResolver(
            commandLineOverride: nil,
            environment: environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL_") },
            configured: configured)
    }

    /// Refuses an endpoint that would carry a login token in the clear: plain http is allowed
    /// only to this machine (a local emulator).
    public func requireProtectedTransport(for service: ServiceDescriptor, region: String) throws {
        let url = try endpoint(for: service, region: region).url
        guard url.scheme?.lowercased() == "http" else { return }
        let host = (url.host ?? "").lowercased()
        let loopback =
            host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        guard !loopback else { return }
        throw ConfigurationError(
            "the \(service.name) endpoint \(url.absoluteString) is plain http to another machine; streamstack does not send login tokens or credentials there (use https, or an endpoint on this machine)"
        )
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
        /// The profile's `services` section: meant for this service alone.
        case serviceConfiguration
        /// `AWS_ENDPOINT_URL`: one endpoint for every service, as an emulator is.
        case sharedVariable
    }

    /// The user-given endpoint of a service and where it came from; nil for AWS's own.
    public func override(for service: ServiceDescriptor) -> (text: String, origin: Override)? {
        if let commandLineOverride { return (commandLineOverride.absoluteString, .commandLine) }
        func given(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        if let value = given(environment["AWS_ENDPOINT_URL_\(service.environmentName)"]) {
            return (value, .serviceVariable)
        }
        if let value = given(configured[service.environmentName.lowercased()]) {
            return (value, .serviceConfiguration)
        }
        if let value = given(environment["AWS_ENDPOINT_URL"]) { return (value, .sharedVariable) }
        return nil
    }

    private func customEndpoint(for service: ServiceDescriptor) throws -> URL? {
        guard let (text, origin) = override(for: service) else { return nil }
        switch origin {
        case .commandLine: return commandLineOverride
        case .serviceVariable:
            return try Self.parse(text, from: "AWS_ENDPOINT_URL_\(service.environmentName)")
        case .serviceConfiguration:
            return try Self.parse(
                text, from: "the profile's services endpoint_url for \(service.name)")
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
