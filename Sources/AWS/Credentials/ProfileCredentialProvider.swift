import Foundation

/// A named profile of the shared config files: `role_arn` with `source_profile` or
/// `credential_source` (STS AssumeRole, with an MFA code when `mfa_serial` says so), web
/// identity, static keys, `credential_process`, or IAM Identity Center (SSO).
public struct ProfileCredentialProvider: CredentialProvider {
    public var name: String
    /// Named by --profile or AWS_PROFILE: then a missing profile is an error, not a pass.
    public var isExplicit: Bool
    public var files: SharedConfigFiles
    public var environment: [String: String]
    public var http: any HTTPClient
    public var endpoints: EndpointResolver
    /// Asked for the code of a profile's `mfa_serial` device.
    public var mfaCodes: any MFACodeSource

    public init(
        name: String, isExplicit: Bool, files: SharedConfigFiles, environment: [String: String],
        http: any HTTPClient, endpoints: EndpointResolver,
        mfaCodes: any MFACodeSource = TerminalMFAPrompt()
    ) {
        self.mfaCodes = mfaCodes
        self.name = name
        self.isExplicit = isExplicit
        self.files = files
        self.environment = environment
        self.http = http
        self.endpoints = endpoints
    }

    public var lookedFor: String {
        "profile '\(name)' in \(files.credentialsPath) and \(files.configPath)"
    }

    public func credentials() async throws -> AWSCredentials? {
        try await resolve(name, explicit: isExplicit, visited: [])
    }

    private func resolve(_ profile: String, explicit: Bool, visited: [String]) async throws
        -> AWSCredentials?
    {
        guard let settings = files.profile(profile) else {
            if explicit {
                throw CredentialError(
                    "profile '\(profile)' is not in \(files.credentialsPath) or \(files.configPath)"
                )
            }
            return nil
        }
        if visited.contains(profile) {
            throw CredentialError(
                "profiles \((visited + [profile]).joined(separator: " → ")) form a source_profile loop"
            )
        }
        if let roleARN = settings["role_arn"], let tokenFile = settings["web_identity_token_file"] {
            return try await WebIdentityCredentialProvider(
                roleARN: roleARN, tokenFile: tokenFile, sessionName: settings["role_session_name"],
                environment: environment.merging(
                    settings["region"].map { ["AWS_REGION": $0] } ?? [:]
                ) {
                    $1
                }, endpoints: endpoints, http: http
            ).credentials()
        }
        if let roleARN = settings["role_arn"] {
            let source = try await sourceCredentials(
                profile, settings, visited: visited + [profile])
            return try await assumeRole(roleARN, settings: settings, profile: profile, with: source)
        }
        if let id = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] {
            return AWSCredentials(
                accessKeyID: id, secretAccessKey: secret,
                sessionToken: settings["aws_session_token"],
                source: "profile '\(profile)'")
        }
        if let command = settings["credential_process"] {
            return try await ProcessCredentialProvider(command: command, profile: profile)
                .credentials()
        }
        if let sso = try SSOCredentialProvider.configuration(
            profile: profile, settings: settings, files: files)
        {
            return try await SSOCredentialProvider(
                configuration: sso, home: environment["HOME"] ?? NSHomeDirectory(),
                endpoints: endpoints, http: http
            ).credentials()
        }
        if explicit {
            throw CredentialError(
                "profile '\(profile)' has no credentials: give it aws_access_key_id and aws_secret_access_key, role_arn, credential_process, or IAM Identity Center settings (`aws configure sso`)"
            )
        }
        return nil
    }

    private func sourceCredentials(
        _ profile: String, _ settings: [String: String], visited: [String]
    )
        async throws -> AWSCredentials
    {
        if let sourceProfile = settings["source_profile"] {
            // A profile may name itself to use its own keys for the AssumeRole call.
            if sourceProfile == profile, let id = settings["aws_access_key_id"],
                let secret = settings["aws_secret_access_key"]
            {
                return AWSCredentials(
                    accessKeyID: id, secretAccessKey: secret, source: "profile '\(profile)'")
            }
            guard
                let credentials = try await resolve(sourceProfile, explicit: true, visited: visited)
            else {
                throw CredentialError(
                    "source_profile '\(sourceProfile)' of profile '\(profile)' has no credentials")
            }
            return credentials
        }
        let provider: (any CredentialProvider)?
        switch settings["credential_source"] {
        case "Environment": provider = EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata":
            provider = InstanceMetadataCredentialProvider(environment: environment, http: http)
        case "EcsContainer":
            provider = ContainerCredentialProvider(environment: environment, http: http)
        case let other?:
            throw CredentialError(
                "profile '\(profile)' has credential_source '\(other)'; use Environment, Ec2InstanceMetadata or EcsContainer"
            )
        case nil:
            throw CredentialError(
                "profile '\(profile)' has role_arn but neither source_profile nor credential_source"
            )
        }
        guard let credentials = try await provider?.credentials() else {
            throw CredentialError("credential_source of profile '\(profile)' gave no credentials")
        }
        return credentials
    }

    private func assumeRole(
        _ roleARN: String, settings: [String: String], profile: String, with source: AWSCredentials
    ) async throws -> AWSCredentials {
        let region =
            settings["region"] ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
            ?? "us-east-1"
        try endpoints.requireProtectedTransport(for: .sts, region: region)
        let context = AWSContext(
            region: region, credentials: StaticCredentialProvider(source), endpoints: endpoints,
            http: http,
            retry: RetryPolicy(maxAttempts: 3))
        let sessionName =
            settings["role_session_name"] ?? "streamstack-\(Int(Date().timeIntervalSince1970))"
        var mfa: (serial: String, code: String)?
        if let serial = settings["mfa_serial"] {
            mfa = (serial, try await mfaCode(serial, profile: profile))
        }
        do {
            var credentials = try await STSClient(context).assumeRole(
                roleARN: roleARN, sessionName: sessionName, externalID: settings["external_id"],
                durationSeconds: settings["duration_seconds"].flatMap { Int($0) }, mfa: mfa)
            credentials.source = "profile '\(profile)' (role \(roleARN))"
            return credentials
        } catch let error as AWSError {
            throw CredentialError(
                "profile '\(profile)' could not assume role \(roleARN): \(error.code): \(error.message)"
            )
        }
    }

    /// AssumeRole with `mfa_serial` needs the device's current code: asked on the terminal,
    /// and refused with the reason when there is none.
    private func mfaCode(_ serial: String, profile: String) async throws -> String {
        guard let code = try await mfaCodes.code(forDevice: serial, profile: profile) else {
            throw CredentialError(
                "profile '\(profile)' has mfa_serial \(serial): assuming its role needs a code from that device, and there is no terminal to ask for it; run streamstack in a terminal, or give this run credentials that need no MFA code (in CI: web identity)"
            )
        }
        guard code.count == 6, code.allSatisfy(\.isASCIIDigit) else {
            throw CredentialError(
                "the MFA code for profile '\(profile)' must be the 6 digits \(serial) shows; got '\(code)'"
            )
        }
        return code
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
