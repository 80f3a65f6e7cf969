/// One HTTP header as the signer sees it.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The parts of an HTTP request that SigV4 covers, in their on-the-wire form.
public struct RequestToSign: Sendable {
    public var method: String
    /// The path exactly as it goes on the request line.
    public var path: String
    /// The raw query string, without `?`, as it goes on the request line.
    public var query: String
    /// Headers to sign. Leave out those a proxy or HTTP library may add or change.
    public var headers: [HTTPHeader]
    /// Hex SHA-256 of the body, or a sentinel such as `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(
        method: String, path: String, query: String = "", headers: [HTTPHeader],
        payloadHash: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }
}
