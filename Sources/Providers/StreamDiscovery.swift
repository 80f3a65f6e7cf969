import AWS

/// How owned Kinesis streams are found.
public enum StreamDiscovery: String, Sendable {
    /// The Resource Groups Tagging API, one paginated call whatever the account holds.
    case taggingAPI = "tagging-api"
    /// ListStreams and ListTagsForStream on every stream: for emulators whose tagging API
    /// lists no streams. On AWS it makes a call per stream of the region, at five a second.
    case scan

    /// The environment variable that chooses it.
    public static let environmentVariable = "STREAMSTACK_STREAM_DISCOVERY"

    /// The choice STREAMSTACK_STREAM_DISCOVERY makes; the tagging API when it is unset.
    public init(environment: [String: String]) throws {
        guard let text = environment[Self.environmentVariable], !text.isEmpty else {
            self = .taggingAPI
            return
        }
        guard let value = Self(rawValue: text) else {
            throw ConfigurationError(
                "\(Self.environmentVariable) is '\(text)'; it must be tagging-api (the default) or scan"
            )
        }
        self = value
    }
}
