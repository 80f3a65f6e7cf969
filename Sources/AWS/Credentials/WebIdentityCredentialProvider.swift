import Foundation

/// OIDC web identity, as GitHub Actions and EKS (IRSA) provide it: AWS_ROLE_ARN and
/// AWS_WEB_IDENTITY_TOKEN_FILE (or a profile's `role_arn` with `web_identity_token_file`),
/// exchanged with STS AssumeRoleWithWebIdentity. The token file is read at each refresh, as
/// the platforms rotate it.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public var roleARN: String?
    public var tokenFile: String?
    public var sessionName: String?
    public var region: String
    public var endpoints: EndpointResolver
    public var http: any HTTPClient

    /// From the environment's AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and
    /// AWS_ROLE_SESSION_NAME.
    public init(environment: [String: String], endpoints: EndpointResolver, http: any HTTPClient) {
        self.init(
            roleARN: environment["AWS_ROLE_ARN"],
            tokenFile: environment["AWS_WEB_IDENTITY_TOKEN_FILE"],
            sessionName: environment["AWS_ROLE_SESSION_NAME"], environment: environment,
            endpoints: endpoints, http: http)
    }

    public init(
        roleARN: String?, tokenFile: String?, sessionName: String?, environment: [String: String],
        endpoints: EndpointResolver, http: any HTTPClient
    ) {
        self.roleARN = roleARN.flatMap { $0.isEmpty ? nil : $0 }
        self.tokenFile = tokenFile.flatMap { $0.isEmpty ? nil : $0 }
        self.sessionName = sessionName.flatMap { $0.isEmpty ? nil : $0 }
        region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        self.endpoints = endpoints
        self.http = http
    }

    public var lookedFor: String { "web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)" }

    public func credentials() async throws -> AWSCredentials? {
        guard let roleARN, let tokenFile else {
            if roleARN != nil || tokenFile != nil {
                throw CredentialError(
                    "web identity needs both AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE; only \(roleARN != nil ? "AWS_ROLE_ARN" : "AWS_WEB_IDENTITY_TOKEN_FILE") is set"
                )
            }
            return nil
        }
        // A token is a few kilobytes; more is not a token file.
        guard let data = try? BoundedFile.contents(atPath: tokenFile, limit: 64 * 1024),
            case let token = String(decoding: data, as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines),
            !token.isEmpty
        else {
            throw CredentialError("cannot read the web identity token file \(tokenFile)")
        }
        // No credentials are needed: the call is sent unsigned.
        try endpoints.requireProtectedTransport(for: .sts, region: region)
        let context = AWSContext(
            region: region, credentials: NoCredentials(), endpoints: endpoints,
            http: http, retry: RetryPolicy(maxAttempts: 3))
        do {
            return try await STSClient(context).assumeRoleWithWebIdentity(
                roleARN: roleARN,
                sessionName: sessionName ?? "streamstack-\(Int(Date().timeIntervalSince1970))",
                token: token)
        } catch let error as AWSError {
            throw CredentialError(
                "STS refused the web identity token of \(tokenFile) for role \(roleARN): \(error.code): \(error.message)"
            )
        }
    }
}

/// For calls that are sent unsigned.
struct NoCredentials: CredentialProvider {
    var lookedFor: String { "none (the call is not signed)" }
    func credentials() async throws -> AWSCredentials? { nil }
}
