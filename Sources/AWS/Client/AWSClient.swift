import Foundation
import SigV4

/// Settings shared by every service client of one run.
public struct AWSContext: Sendable {
    public var region: String
    /// Where the region came from ("the stack file", "AWS_REGION", ...), for the plan's header.
    public var regionOrigin: String
    public var credentials: any CredentialProvider
    public var endpoints: EndpointResolver
    public var http: any HTTPClient
    public var retry: RetryPolicy
    public var logger: (any RequestLogger)?
    /// Per attempt.
    public var timeout: Duration
    /// Keeps calls under AWS's documented per-account rates.
    public var pacer: RequestPacer
    /// Told when an answer takes longer than `slowCallAfter`: what is awaited and when the
    /// attempt gives up, so that a silent endpoint is not a silent tool.
    public var slowCallNotices: SlowCallNotices? = nil
    public var slowCallAfter: Duration = .seconds(5)

    public init(
        region: String, regionOrigin: String = "the caller", credentials: any CredentialProvider,
        endpoints: EndpointResolver = .init(),
        http: any HTTPClient = URLSessionHTTPClient(), retry: RetryPolicy = RetryPolicy(),
        logger: (any RequestLogger)? = nil, timeout: Duration = .seconds(30),
        pacer: RequestPacer = RequestPacer()
    ) {
        self.pacer = pacer
        self.region = region
        self.regionOrigin = regionOrigin
        self.credentials = credentials
        self.endpoints = endpoints
        self.http = http
        self.retry = retry
        self.logger = logger
        self.timeout = timeout
    }

    public func client(for service: ServiceDescriptor) throws -> AWSClient {
        try AWSClient(service: service, context: self)
    }
}

/// Signs, sends and retries requests to one service; decodes error answers into `AWSError`.
public struct AWSClient: Sendable {
    public let service: ServiceDescriptor
    public let context: AWSContext
    public let endpoint: ResolvedEndpoint

    public init(service: ServiceDescriptor, context: AWSContext) throws {
        self.service = service
        self.context = context
        self.endpoint = try context.endpoints.endpoint(for: service, region: context.region)
    }

    public var region: String { context.region }

    public func send(_ request: AWSRequest) async throws -> AWSResponse {
        let policy = context.retry
        var earlierAttemptMayHaveActed = false
        var attempt = 1
        while true {
            let started = ContinuousClock.now
            var entry = RequestLogEntry(
                service: service.name, operation: request.operation, method: request.method,
                host: endpoint.url.host ?? "", status: nil, failure: nil, duration: .zero,
                attempt: attempt, maxAttempts: policy.maxAttempts)
            let failure: Error
            try await context.pacer.pace(service: service.name, operation: request.operation)
            let watch = slowCallWatch(request.operation, attempt: attempt)
            defer { watch?.cancel() }
            do {
                let response = try await context.http.send(
                    try await signedRequest(request), timeout: context.timeout)
                entry.status = response.status
                if (200..<300).contains(response.status) {
                    entry.duration = ContinuousClock.now - started
                    context.logger?.log(entry)
                    policy.budget.refund()
                    return AWSResponse(
                        http: response, attempts: attempt, createdByEarlierAttempt: false)
                }
                var error = AWSError.decode(
                    response, service: service.name, operation: request.operation)
                error.details["endpoint"] = endpoint.url.host.map {
                    $0 + (endpoint.url.port.map { ":\($0)" } ?? "")
                }
                entry.failure = error.code
                if earlierAttemptMayHaveActed && request.alreadyExistsCodes.contains(error.code) {
                    entry.duration = ContinuousClock.now - started
                    context.logger?.log(entry)
                    return AWSResponse(
                        http: response, attempts: attempt, createdByEarlierAttempt: true)
                }
                failure = error
            } catch let error as TransportError {
                entry.failure = error.description
                failure = error
            }
            entry.duration = ContinuousClock.now - started
            context.logger?.log(entry)
            guard case .retry(let cost, let mayHaveActed) = RetryPolicy.decision(for: failure),
                attempt < policy.maxAttempts, policy.budget.withdraw(cost)
            else { throw failure }
            earlierAttemptMayHaveActed = earlierAttemptMayHaveActed || mayHaveActed
            try await Task.sleep(for: policy.delay(beforeRetry: attempt))
            attempt += 1
        }
    }

    /// Says what this attempt waits for once it has waited `slowCallAfter`; cancelled when the
    /// answer comes.
    private func slowCallWatch(_ operation: String, attempt: Int) -> Task<Void, Never>? {
        guard let notices = context.slowCallNotices else { return nil }
        let after = context.slowCallAfter
        let host = (endpoint.url.host ?? "") + (endpoint.url.port.map { ":\($0)" } ?? "")
        let message =
            "still waiting for \(service.name) \(operation) at \(host): \(Self.seconds(after)) without an answer (gives up at \(Self.seconds(context.timeout)), try \(attempt) of \(context.retry.maxAttempts))"
        return Task {
            try? await Task.sleep(for: after)
            if !Task.isCancelled { notices.notice(message) }
        }
    }

    static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }

    /// The request with its URL built and its signature headers added.
    func signedRequest(_ request: AWSRequest) async throws -> HTTPRequest {
        let credentials: AWSCredentials?
        if request.unsigned {
            credentials = nil
        } else {
            guard let found = try await context.credentials.credentials() else {
                throw CredentialError(
                    "no AWS credentials found (looked for \(context.credentials.lookedFor))")
            }
            credentials = found
        }
        let base = endpoint.url
        var host = base.host ?? ""
        if let prefix = request.hostPrefix { host = prefix + "." + host }
        let scheme = base.scheme ?? "https"
        let defaultPort = scheme == "https" ? 443 : 80
        let hostHeader = base.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
        let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        let path = basePath + request.path
        let query = request.query.map {
            $0.1.isEmpty ? uriEncode($0.0) : "\(uriEncode($0.0))=\(uriEncode($0.1))"
        }
        .joined(separator: "&")
        guard
            let url = URL(
                string: "\(scheme)://\(hostHeader)\(path)\(query.isEmpty ? "" : "?" + query)")
        else {
            throw ConfigurationError(
                "cannot build a URL for \(service.name) \(request.operation) at \(hostHeader)\(path)"
            )
        }
        guard let credentials else {
            return HTTPRequest(
                method: request.method, url: url,
                headers: request.headers, body: request.body)
        }
        let rules: SigningRules = service.wireProtocol == .restXML ? .s3 : .standard
        let signer = Signer(
            credentials: credentials.signing, region: endpoint.signingRegion,
            service: service.signingName,
            rules: rules)
        let toSign = RequestToSign(
            method: request.method, path: path, query: query,
            headers: [HTTPHeader("Host", hostHeader)]
                + request.headers.map { HTTPHeader($0.name, $0.value) },
            payloadHash: sha256Hex(Array(request.body)))
        let signed = signer.signHeaders(
            toSign, date: SigningDate(secondsSince1970: Date().timeIntervalSince1970))
        return HTTPRequest(
            method: request.method, url: url,
            headers: request.headers + signed.headers.map { ($0.name, $0.value) },
            body: request.body)
    }
}
