/// The AWS CLI's order: with `--profile`, that profile alone; otherwise the environment's
/// keys, web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE), the profile
/// (AWS_PROFILE or `default`), container credentials, then instance metadata.
public struct CredentialChain: CredentialProvider {
    public var providers: [any CredentialProvider]

    public init(
        profile: String?, environment: [String: String], http: any HTTPClient,
        endpoints: EndpointResolver, files: SharedConfigFiles? = nil
    ) {
        let files = files ?? SharedConfigFiles(environment: environment)
        if let profile {
            providers = [
                ProfileCredentialProvider(
                    name: profile, isExplicit: true, files: files, environment: environment,
                    http: http,
                    endpoints: endpoints)
            ]
            return
        }
        let named = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        providers = [
            EnvironmentCredentialProvider(environment: environment),
            WebIdentityCredentialProvider(
                environment: environment, endpoints: endpoints, http: http),
            ProfileCredentialProvider(
                name: named ?? "default", isExplicit: named != nil, files: files,
                environment: environment,
                http: http, endpoints: endpoints),
            ContainerCredentialProvider(environment: environment, http: http),
            InstanceMetadataCredentialProvider(environment: environment, http: http),
        ]
    }

    public var lookedFor: String { providers.map(\.lookedFor).joined(separator: "; ") }

    public func credentials() async throws -> AWSCredentials? {
        for provider in providers {
            if let credentials = try await provider.credentials() { return credentials }
        }
        throw CredentialError(
            """
            no AWS credentials found. Looked for:
            \(providers.map { "  - " + $0.lookedFor }.joined(separator: "\n"))
            Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME (see `aws configure`).
            """)
    }
}
