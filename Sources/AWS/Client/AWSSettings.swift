import Foundation

/// The command line's AWS options and the environment, turned into a context the way the
/// AWS CLI would: credentials chain, region order, endpoint overrides, AWS_MAX_ATTEMPTS.
public struct AWSSettings: Sendable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?
    public var verbose: Bool
    public var environment: [String: String]
    /// Told when an answer is slow to come (see `AWSContext.slowCallNotice`).
    public var slowCallNotice: (@Sendable (String) -> Void)? = nil
    /// Where `--verbose` lines go (standard error when nil).
    public var requestLog: (@Sendable (String) -> Void)? = nil

    public init(
        profile: String? = nil, region: String? = nil, endpointURL: String? = nil,
        verbose: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.verbose = verbose
        self.environment = environment
    }

    /// - Parameter stackRegion: the stack file's `region`, which wins when set.
    public func context(stackRegion: String?) throws -> AWSContext {
        let files = SharedConfigFiles(environment: environment)
        let named = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        // A profile asked for by name must exist, whatever else is set (as in the AWS CLI):
        // keys in the environment must not quietly stand in for it.
        if let named, files.profile(named) == nil {
            throw ConfigurationError(
                "The config profile (\(named)) could not be found: \(profile == nil ? "AWS_PROFILE" : "--profile") names a profile that neither \(files.configPath) nor \(files.credentialsPath) has"
            )
        }
        let profileName = named ?? "default"
        let resolved = try RegionResolver.resolve(
            commandLine: region, environment: environment, profile: files.profile(profileName),
            stackFile: stackRegion)
        let endpoints = EndpointResolver(
            commandLineOverride: try endpointURL.map {
                try EndpointResolver.parse($0, from: "--endpoint-url")
            },
            environment: environment,
            configured: files.serviceEndpoints(profile: profileName))
        let http = try Self.transport(
            environment: environment, profile: files.profile(profileName), name: profileName)
        var maxAttempts = 5
        if let text = environment["AWS_MAX_ATTEMPTS"], !text.isEmpty {
            guard let value = Int(text), value >= 1 else {
                throw ConfigurationError(
                    "AWS_MAX_ATTEMPTS is '\(text)'; it must be a whole number of at least 1")
            }
            maxAttempts = value
        }
        var context = AWSContext(
            region: resolved.name, regionOrigin: resolved.origin,
            credentials: CachingCredentialProvider(
                CredentialChain(
                    profile: profile, environment: environment, http: http,
                    endpoints: endpoints.forCredentialProviders, files: files)),
            endpoints: endpoints, http: http, retry: RetryPolicy(maxAttempts: maxAttempts),
            logger: verbose ? StandardErrorRequestLogger(write: requestLog) : nil)
        context.slowCallNotices = slowCallNotice.map { SlowCallNotices(say: $0) }
        return context
    }

    /// URLSession, or libcurl with the CA bundle AWS_CA_BUNDLE or the profile's `ca_bundle`
    /// names (the variable first, as in the AWS CLI).
    static func transport(
        environment: [String: String], profile: [String: String]?, name: String
    ) throws -> any HTTPClient {
        let given: (path: String, origin: String)? =
            environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : ($0, "AWS_CA_BUNDLE") }
            ?? profile?["ca_bundle"].flatMap {
                $0.isEmpty ? nil : ($0, "ca_bundle of profile '\(name)'")
            }
        guard let given else { return URLSessionHTTPClient() }
        let path = SharedConfigFiles.expand(
            given.path, home: environment["HOME"] ?? NSHomeDirectory())
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(given.origin) names \(path), which cannot be read")
        }
        guard
            String(decoding: contents.prefix(1 << 20), as: UTF8.self).contains(
                "-----BEGIN CERTIFICATE-----")
        else {
            throw ConfigurationError(
                "\(given.origin) names \(path), which holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
            )
        }
        return CurlHTTPClient(caBundle: path)
    }
}
