import Foundation

/// IAM Identity Center (SSO) profiles, in both forms the AWS CLI writes: `sso_session` naming
/// an `[sso-session NAME]` section, and the legacy `sso_start_url` + `sso_region` in the
/// profile. The token `aws sso login` cached under ~/.aws/sso/cache is exchanged with the
/// portal for the role's credentials, which are kept in ~/.aws/cli/cache (the AWS CLI's
/// format, so either tool reuses what the other fetched) until they are close to expiry.
public struct SSOCredentialProvider: CredentialProvider {
    /// What one profile says about IAM Identity Center, its session resolved.
    public struct Configuration: Sendable, Equatable {
        public var profile: String
        public var sessionName: String?
        public var startURL: String
        public var region: String
        public var accountID: String
        public var roleName: String
    }

    public var configuration: Configuration
    public var home: String
    public var endpoints: EndpointResolver
    public var http: any HTTPClient
    public var now: @Sendable () -> Date

    /// Credentials cached on disk are used while they stay valid this much longer.
    static let expiryMargin: TimeInterval = 15 * 60

    public init(
        configuration: Configuration, home: String, endpoints: EndpointResolver,
        http: any HTTPClient, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.home = home
        self.endpoints = endpoints
        self.http = http
        self.now = now
    }

    /// The profile's IAM Identity Center settings; nil for a profile that has none.
    public static func configuration(
        profile: String, settings: [String: String], files: SharedConfigFiles
    ) throws -> Configuration? {
        let markers = ["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"]
        guard markers.contains(where: { settings[$0] != nil }) else { return nil }
        var merged = settings
        if let sessionName = settings["sso_session"] {
            guard let session = files.ssoSessions[sessionName] else {
                throw CredentialError(
                    "profile '\(profile)' names sso_session '\(sessionName)', and \(files.configPath) has no [sso-session \(sessionName)] section"
                )
            }
            for (key, value) in session {
                if let own = settings[key], own != value {
                    throw CredentialError(
                        "profile '\(profile)' says \(key) = \(own), and its sso-session '\(sessionName)' says \(value); they must agree"
                    )
                }
                merged[key] = value
            }
        }
        let required = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]
        let missing = required.filter { merged[$0]?.isEmpty ?? true }
        guard missing.isEmpty else {
            throw CredentialError(
                "profile '\(profile)' uses IAM Identity Center (SSO) but lacks \(missing.joined(separator: ", ")); run `aws configure sso --profile \(profile)`"
            )
        }
        return Configuration(
            profile: profile, sessionName: settings["sso_session"],
            startURL: merged["sso_start_url"]!, region: merged["sso_region"]!,
            accountID: merged["sso_account_id"]!, roleName: merged["sso_role_name"]!)
    }

    public var lookedFor: String {
        "IAM Identity Center token for profile '\(configuration.profile)' in \(tokenCachePath)"
    }

    public func credentials() async throws -> AWSCredentials? {
        if let cached = cachedRoleCredentials() { return cached }
        let token = try accessToken()
        try endpoints.requireProtectedTransport(for: .sso, region: configuration.region)
        let context = AWSContext(
            region: configuration.region, credentials: NoCredentials(), endpoints: endpoints,
            http: http, retry: RetryPolicy(maxAttempts: 3))
        do {
            let credentials = try await SSOPortalClient(context).roleCredentials(
                roleName: configuration.roleName, accountID: configuration.accountID,
                accessToken: token)
            saveRoleCredentials(credentials)
            return credentials
        } catch let error as AWSError where error.code == "UnauthorizedException" {
            throw CredentialError(
                "IAM Identity Center refused the login of profile '\(configuration.profile)' (\(error.message.isEmpty ? "the token is no longer valid" : error.message)); run `aws sso login --profile \(configuration.profile)`"
            )
        } catch let error as AWSError {
            throw CredentialError(
                "IAM Identity Center gave no credentials for role \(configuration.roleName) in account \(configuration.accountID) (profile '\(configuration.profile)'): \(error.code): \(error.message)"
            )
        }
    }

    // MARK: - The login token

    /// Where `aws sso login` keeps the token: named by the SHA-1 of the session's name (or,
    /// for legacy profiles, of the start URL).
    var tokenCachePath: String {
        let key = configuration.sessionName ?? configuration.startURL
        return home + "/.aws/sso/cache/" + HexDigest.sha1(key) + ".json"
    }

    private func accessToken() throws -> String {
        let login = "run `aws sso login --profile \(configuration.profile)`"
        guard let data = FileManager.default.contents(atPath: tokenCachePath) else {
            throw CredentialError(
                "profile '\(configuration.profile)' uses IAM Identity Center and no login was found (\(tokenCachePath)); \(login)"
            )
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let token = json["accessToken"] as? String,
            let expiresText = json["expiresAt"] as? String
        else {
            throw CredentialError(
                "the IAM Identity Center login of profile '\(configuration.profile)' in \(tokenCachePath) is unreadable; \(login)"
            )
        }
        guard let expires = Self.timestamp(expiresText) else {
            throw CredentialError(
                "the IAM Identity Center login of profile '\(configuration.profile)' has an expiry streamstack cannot read ('\(expiresText)'); \(login)"
            )
        }
        guard expires > now() else {
            throw CredentialError(
                "the IAM Identity Center login of profile '\(configuration.profile)' expired at \(expiresText); \(login)"
            )
        }
        return token
    }

    // MARK: - The role credentials, cached as the AWS CLI caches them

    /// Named as botocore names it: the SHA-1 of the compact, key-sorted JSON of the account,
    /// the role and the session's name (or, for legacy profiles, the start URL).
    var roleCachePath: String {
        var key = ["accountId": configuration.accountID, "roleName": configuration.roleName]
        if let session = configuration.sessionName {
            key["sessionName"] = session
        } else {
            key["startUrl"] = configuration.startURL
        }
        let json =
            (try? JSONSerialization.data(
                withJSONObject: key, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return home + "/.aws/cli/cache/" + HexDigest.sha1(String(decoding: json, as: UTF8.self))
            + ".json"
    }

    private struct CacheFile: Codable {
        var providerType: String
        var credentials: Credentials
        struct Credentials: Codable {
            var accessKeyId: String
            var secretAccessKey: String
            var sessionToken: String
            var expiration: String
            enum CodingKeys: String, CodingKey {
                case accessKeyId = "AccessKeyId", secretAccessKey = "SecretAccessKey"
                case sessionToken = "SessionToken", expiration = "Expiration"
            }
        }
        enum CodingKeys: String, CodingKey {
            case providerType = "ProviderType", credentials = "Credentials"
        }
    }

    private func cachedRoleCredentials() -> AWSCredentials? {
        guard let data = FileManager.default.contents(atPath: roleCachePath),
            let file = try? JSONDecoder().decode(CacheFile.self, from: data),
            let expiration = Self.timestamp(file.credentials.expiration),
            expiration.timeIntervalSince(now()) > Self.expiryMargin
        else { return nil }
        return AWSCredentials(
            accessKeyID: file.credentials.accessKeyId,
            secretAccessKey: file.credentials.secretAccessKey,
            sessionToken: file.credentials.sessionToken, expiration: expiration,
            source:
                "IAM Identity Center role \(configuration.roleName) in account \(configuration.accountID) (cached)"
        )
    }

    /// Best effort: a cache that cannot be written only costs a portal call next time.
    private func saveRoleCredentials(_ credentials: AWSCredentials) {
        guard let sessionToken = credentials.sessionToken, let expiration = credentials.expiration
        else { return }
        let file = CacheFile(
            providerType: "sso",
            credentials: .init(
                accessKeyId: credentials.accessKeyID,
                secretAccessKey: credentials.secretAccessKey, sessionToken: sessionToken,
                expiration: ISO8601.format(expiration)))
        guard let data = try? JSONEncoder().encode(file) else { return }
        try? PrivateFile.write(data, to: roleCachePath, privateDirectory: true)
    }

    /// AWS's ISO 8601, or the `2026-11-29T10:00:00UTC` older AWS CLIs wrote.
    static func timestamp(_ text: String) -> Date? {
        ISO8601.parse(text.hasSuffix("UTC") ? String(text.dropLast(3)) + "Z" : text)
    }
}
