/// Signs requests for one service in one region with one set of credentials.
public struct Signer: Sendable {
    public var credentials: SigningCredentials
    public var region: String
    public var service: String
    public var rules: SigningRules

    /// Headers that proxies and HTTP libraries add, drop or rewrite; signing them breaks the
    /// signature in transit.
    public static let unsignableHeaders: Set<String> = [
        "authorization", "user-agent", "expect", "connection", "transfer-encoding",
        "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "upgrade",
        "x-amzn-trace-id", "accept-encoding",
    ]

    public init(
        credentials: SigningCredentials, region: String, service: String,
        rules: SigningRules = .standard
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.rules = rules
    }

    /// Every intermediate of one signature, kept for tests and `--verbose` debugging.
    public struct Signed: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        /// Header form: headers to add to the request, `Authorization` last.
        public var headers: [HTTPHeader] = []
        /// Query form: the complete query string to send.
        public var query: String = ""
    }

    /// Header form: returns `X-Amz-Date`, `X-Amz-Content-Sha256` (S3 rules),
    /// `X-Amz-Security-Token` and `Authorization` to add to the request.
    /// - Parameter signSessionToken: false for the few services that want the token added
    ///   after signing.
    public func signHeaders(
        _ request: RequestToSign, date: SigningDate, signSessionToken: Bool = true
    ) -> Signed {
        var added = [HTTPHeader("X-Amz-Date", date.timestamp)]
        if rules.signPayloadHashHeader {
            added.append(HTTPHeader("X-Amz-Content-Sha256", request.payloadHash))
        }
        let token = credentials.sessionToken.map { HTTPHeader("X-Amz-Security-Token", $0) }
        if signSessionToken, let token {
            added.append(token)
        }
        var toSign = request
        toSign.headers = request.headers.filter { !Self.isUnsignable($0.name) } + added
        let scope = credentialScope(date: date, region: region, service: service)
        var signed = sign(toSign, date: date, scope: scope)
        if !signSessionToken, let token {
            added.append(token)
        }
        let signedHeaders = canonicalHeaders(toSign.headers).signed
        added.append(
            HTTPHeader(
                "Authorization",
                "\(signingAlgorithm) Credential=\(credentials.accessKeyID)/\(scope), "
                    + "SignedHeaders=\(signedHeaders), Signature=\(signed.signature)"))
        signed.headers = added
        return signed
    }

    /// Query form (a presigned URL): returns the full query string with the `X-Amz-*`
    /// parameters and the signature appended.
    public func presignQuery(
        _ request: RequestToSign, date: SigningDate, expiresInSeconds: Int,
        signSessionToken: Bool = true
    ) -> Signed {
        var toSign = request
        toSign.headers = request.headers.filter { !Self.isUnsignable($0.name) }
        let scope = credentialScope(date: date, region: region, service: service)
        var parameters = [
            ("X-Amz-Algorithm", signingAlgorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", date.timestamp),
            ("X-Amz-SignedHeaders", canonicalHeaders(toSign.headers).signed),
            ("X-Amz-Expires", String(expiresInSeconds)),
        ]
        if signSessionToken, let token = credentials.sessionToken {
            parameters.append(("X-Amz-Security-Token", token))
        }
        let encoded = parameters.map { "\($0.0)=\(uriEncode($0.1))" }.joined(separator: "&")
        toSign.query = request.query.isEmpty ? encoded : request.query + "&" + encoded
        var signed = sign(toSign, date: date, scope: scope)
        var query = toSign.query
        if !signSessionToken, let token = credentials.sessionToken {
            query += "&X-Amz-Security-Token=" + uriEncode(token)
        }
        signed.query = query + "&X-Amz-Signature=" + signed.signature
        return signed
    }

    static func isUnsignable(_ name: String) -> Bool {
        unsignableHeaders.contains(name.lowercased())
    }

    private func sign(_ request: RequestToSign, date: SigningDate, scope: String) -> Signed {
        let canonical = canonicalRequest(request, rules: rules)
        let toSign = stringToSign(canonicalRequest: canonical, date: date, scope: scope)
        let key = signingKey(
            secretAccessKey: credentials.secretAccessKey, date: date, region: region,
            service: service)
        return Signed(
            canonicalRequest: canonical, stringToSign: toSign,
            signature: signature(signingKey: key, stringToSign: toSign))
    }
}
