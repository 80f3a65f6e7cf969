import Foundation

/// One AWS operation, ready to sign and send.
public struct AWSRequest: Sendable {
    public var operation: String
    public var method: String
    /// Percent-encoded, starting with `/`.
    public var path: String
    /// Unencoded name/value pairs; an empty value is sent as a bare name (`?versions`).
    public var query: [(String, String)]
    /// Headers to send and sign. Never user-agent, connection, expect and the like.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// S3 virtual-hosted style: the bucket name, put in front of the endpoint's host.
    public var hostPrefix: String?
    /// Error codes that mean "it already exists": after an attempt whose answer was lost they
    /// mean that attempt succeeded, not that something else holds the name.
    public var alreadyExistsCodes: Set<String>
    /// Sent without a signature: the few calls that authenticate otherwise
    /// (AssumeRoleWithWebIdentity carries its own token).
    public var unsigned = false

    public init(
        operation: String, method: String = "POST", path: String = "/",
        query: [(String, String)] = [],
        headers: [(name: String, value: String)] = [], body: Data = Data(),
        hostPrefix: String? = nil,
        alreadyExistsCodes: Set<String> = []
    ) {
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.hostPrefix = hostPrefix
        self.alreadyExistsCodes = alreadyExistsCodes
    }
}

/// A successful answer.
public struct AWSResponse: Sendable {
    public var http: HTTPResponse
    public var attempts: Int
    /// The last attempt answered "already exists" after an earlier attempt, whose answer was
    /// lost, created it: the create succeeded, and `http` holds no create output.
    public var createdByEarlierAttempt: Bool
}
