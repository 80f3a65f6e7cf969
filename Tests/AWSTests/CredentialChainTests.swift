import AWS
import Foundation
import Synchronization
import TestSupport
import Testing

struct CredentialChainTests {
    /// A folder with config and credentials files, and the environment that points at them.
    struct Files {
        let directory: URL
        var environment: [String: String]

        init(config: String = "", credentials: String = "") throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "aws-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            try config.write(
                to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
            try credentials.write(
                to: directory.appendingPathComponent("credentials"), atomically: true,
                encoding: .utf8)
            environment = [
                "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
                "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": directory.path,
            ]
        }

        func chain(profile: String? = nil, extra: [String: String] = [:], endpoint: URL? = nil)
            -> CredentialChain
        {
            CredentialChain(
                profile: profile, environment: environment.merging(extra) { $1 },
                http: URLSessionHTTPClient(),
                endpoints: EndpointResolver(commandLineOverride: endpoint))
        }
    }

    @Test func environmentKeysComeFirst() async throws {
        let files = try Files(
            credentials: "[default]\naws_access_key_id = FILE\naws_secret_access_key = file\n")
        let credentials = try await files.chain(
            extra: [
                "AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env",
                "AWS_SESSION_TOKEN": "token",
            ]
        ).credentials()
        #expect(credentials?.accessKeyID == "ENV")
        #expect(credentials?.sessionToken == "token")
        #expect(credentials?.source == "environment")
    }

    @Test func halfTheEnvironmentKeysIsAnError() async throws {
        let files = try Files()
        let error = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(extra: ["AWS_ACCESS_KEY_ID": "ENV"]).credentials()
        }
        #expect(error?.description == "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    }

    @Test func defaultProfileFromTheCredentialsFile() async throws {
        let files = try Files(
            config: "[default]\nregion = sa-east-1\n",
            credentials:
                "# keys\n[default]\naws_access_key_id = AKID ; comment\naws_secret_access_key=secret\n\n[other]\naws_access_key_id = OTHER\naws_secret_access_key = o\n"
        )
        let credentials = try await files.chain().credentials()
        #expect(credentials?.accessKeyID == "AKID")
        #expect(credentials?.secretAccessKey == "secret")
        #expect(credentials?.source == "profile 'default'")
    }

    @Test func awsProfileAndProfileFlag() async throws {
        let files = try Files(
            config: "[profile dev]\naws_access_key_id = DEV\naws_secret_access_key = d\n",
            credentials: "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = x\n")
        #expect(
            try await files.chain(extra: ["AWS_PROFILE": "dev"]).credentials()?.accessKeyID == "DEV"
        )
        // --profile wins even over keys in the environment.
        let flagged = try await files.chain(
            profile: "dev", extra: ["AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "env"]
        ).credentials()
        #expect(flagged?.accessKeyID == "DEV")
        let missing = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "prod").credentials()
        }
        #expect(missing?.description.contains("profile 'prod' is not in") == true)
    }

    @Test func credentialProcess() async throws {
        let script =
            #"printf '{"Version":1,"AccessKeyId":"PROC","SecretAccessKey":"p","SessionToken":"t","Expiration":"2099-01-01T00:00:00Z"}'"#
        let files = try Files(
            config:
                "[profile tool]\ncredential_process = \(script)\n[profile broken]\ncredential_process = sh -c 'echo nope >&2; exit 3'\n"
        )
        let credentials = try await files.chain(profile: "tool").credentials()
        #expect(credentials?.accessKeyID == "PROC")
        #expect(credentials?.sessionToken == "t")
        #expect(
            credentials?.expiration == ISO8601DateFormatter().date(from: "2099-01-01T00:00:00Z"))
        let error = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "broken").credentials()
        }
        #expect(
            error?.description
                == "credential_process of profile 'broken' exited with status 3: nope")
    }

    @Test func roleARNWithSourceProfileAssumesTheRoleThroughSTS() async throws {
        let server = try await MotoServer.shared()
        let roleName = uniqueName("assumed")
        _ = try await IAMClient(motoContext(server)).createRole(
            name: roleName,
            assumeRolePolicyDocument:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/streamstack-admin"},"Action":"sts:AssumeRole"}]}"#
        )
        let files = try Files(
            config: """
                [profile base]
                aws_access_key_id = \(server.accessKeyID)
                aws_secret_access_key = \(server.secretAccessKey)
                [profile deploy]
                role_arn = arn:aws:iam::123456789012:role/\(roleName)
                source_profile = base
                role_session_name = ci-run
                region = sa-east-1
                [profile loop-a]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = loop-b
                [profile loop-b]
                role_arn = arn:aws:iam::123456789012:role/x
                source_profile = loop-a
                """)
        let credentials = try #require(
            try await files.chain(profile: "deploy", endpoint: server.endpoint).credentials())
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.source.contains("role arn:aws:iam::123456789012:role/\(roleName)"))
        let identity = try await STSClient(
            motoContext(server, credentials: StaticCredentialProvider(credentials))
        )
        .getCallerIdentity()
        #expect(identity.arn.hasSuffix(":assumed-role/\(roleName)/ci-run"))
        let loop = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "loop-a", endpoint: server.endpoint).credentials()
        }
        #expect(loop?.description.contains("source_profile loop") == true)
    }

    /// A code source that answers what it was given, and records who asked.
    final class FixedMFACode: MFACodeSource {
        let answer: String?
        let asked = Mutex<[String]>([])
        init(answer: String?) { self.answer = answer }
        func code(forDevice serial: String, profile: String) async throws -> String? {
            asked.withLock { $0.append("\(profile) \(serial)") }
            return answer
        }
    }

    @Test func mfaSerialSendsTheCodeWithAssumeRoleOrSaysWhyItCannot() async throws {
        let server = try await MotoServer.shared()
        // The real-AWS mode refuses AssumeRole without the code for a role that requires MFA.
        let proxy = try FaultProxy(
            upstream: server.endpoint, realAWS: RealAWSBehaviour(server: server))
        defer { proxy.stop() }
        let roleName = uniqueName("mfa")
        _ = try await IAMClient(motoContext(server, through: proxy)).createRole(
            name: roleName,
            assumeRolePolicyDocument:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/streamstack-admin"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#
        )
        let files = try Files(
            config: """
                [profile base]
                aws_access_key_id = \(server.accessKeyID)
                aws_secret_access_key = \(server.secretAccessKey)
                [profile admin]
                role_arn = arn:aws:iam::123456789012:role/\(roleName)
                source_profile = base
                mfa_serial = arn:aws:iam::123456789012:mfa/alice
                [profile nomfa]
                role_arn = arn:aws:iam::123456789012:role/\(roleName)
                source_profile = base
                """)
        func provider(_ codes: any MFACodeSource, profile: String = "admin")
            -> ProfileCredentialProvider
        {
            ProfileCredentialProvider(
                name: profile, isExplicit: true,
                files: SharedConfigFiles(environment: files.environment),
                environment: files.environment, http: URLSessionHTTPClient(),
                endpoints: EndpointResolver(commandLineOverride: proxy.endpoint), mfaCodes: codes)
        }
        let codes = FixedMFACode(answer: "123456")
        let credentials = try #require(try await provider(codes).credentials())
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(codes.asked.withLock { $0 } == ["admin arn:aws:iam::123456789012:mfa/alice"])
        let call = try #require(proxy.requests.first { $0.request.operation == "AssumeRole" })
        let body = String(decoding: call.request.body, as: UTF8.self)
        #expect(body.contains("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice"))
        #expect(body.contains("TokenCode=123456"))
        // Without mfa_serial the same role is refused, as AWS refuses it.
        let refused = await #expect(throws: CredentialError.self) {
            _ = try await provider(codes, profile: "nomfa").credentials()
        }
        #expect(refused?.description.contains("could not assume role") == true)
        #expect(refused?.description.contains("AccessDenied") == true)

        // Nobody to ask (no terminal): no AssumeRole without the code, and the reason.
        proxy.clearLog()
        let unasked = await #expect(throws: CredentialError.self) {
            _ = try await provider(FixedMFACode(answer: nil)).credentials()
        }
        #expect(
            unasked?.description.hasPrefix(
                "profile 'admin' has mfa_serial arn:aws:iam::123456789012:mfa/alice: assuming its role needs a code from that device, and there is no terminal to ask for it"
            ) == true)
        let typo = await #expect(throws: CredentialError.self) {
            _ = try await provider(FixedMFACode(answer: "12 34")).credentials()
        }
        #expect(typo?.description.contains("must be the 6 digits") == true)
        #expect(proxy.requests.isEmpty)
    }

    /// GitHub Actions' OIDC and EKS service accounts: AWS_ROLE_ARN with a token file, or a
    /// profile's web_identity_token_file, exchanged unsigned with STS.
    @Test func webIdentityFromTheEnvironmentAndFromAProfile() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        // What streamstack sends unsigned, as AWS takes it; signed on the way, as moto wants it.
        let (key, secret) = (server.accessKeyID, server.secretAccessKey)
        proxy.setRule { request in
            guard request.operation == "AssumeRoleWithWebIdentity" else { return .forward }
            return .forwardChanged {
                MotoSigning.signed(
                    $0, accessKeyID: key, secretAccessKey: secret, region: "sa-east-1",
                    service: "sts")
            }
        }
        let roleName = uniqueName("oidc")
        _ = try await IAMClient(motoContext(server)).createRole(
            name: roleName,
            assumeRolePolicyDocument:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#
        )
        let role = "arn:aws:iam::123456789012:role/\(roleName)"
        var files = try Files(
            config: """
                [profile ci]
                role_arn = \(role)
                web_identity_token_file = TOKEN
                role_session_name = from-profile
                """)
        let token = files.directory.appendingPathComponent("token")
        try "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl\n".write(
            to: token, atomically: true, encoding: .utf8)
        try String(contentsOf: files.directory.appendingPathComponent("config"), encoding: .utf8)
            .replacingOccurrences(of: "TOKEN", with: token.path)
            .write(
                to: files.directory.appendingPathComponent("config"), atomically: true,
                encoding: .utf8)
        files.environment["AWS_REGION"] = "sa-east-1"

        let fromEnvironment = try #require(
            try await files.chain(
                extra: [
                    "AWS_ROLE_ARN": role, "AWS_WEB_IDENTITY_TOKEN_FILE": token.path,
                    "AWS_ROLE_SESSION_NAME": "github-run",
                ], endpoint: proxy.endpoint
            ).credentials())
        #expect(fromEnvironment.source == "web identity for role \(role)")
        #expect(fromEnvironment.sessionToken?.isEmpty == false)
        // The exchange carries the token, and no signature or key of any kind.
        let exchange = try #require(
            proxy.requests.first { $0.request.operation == "AssumeRoleWithWebIdentity" })
        #expect(exchange.request.headers["authorization"] == nil)
        #expect(exchange.request.headers["x-amz-security-token"] == nil)
        #expect(
            String(decoding: exchange.request.body, as: UTF8.self).contains("WebIdentityToken=eyJ"))
        let identity = try await STSClient(
            motoContext(server, credentials: StaticCredentialProvider(fromEnvironment))
        ).getCallerIdentity()
        #expect(identity.arn.hasSuffix(":assumed-role/\(roleName)/github-run"))

        let fromProfile = try #require(
            try await files.chain(profile: "ci", endpoint: proxy.endpoint).credentials())
        #expect(fromProfile.source == "web identity for role \(role)")

        // Half of it set is an error that says which half is missing.
        let half = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(extra: ["AWS_ROLE_ARN": role], endpoint: proxy.endpoint)
                .credentials()
        }
        #expect(half?.description.contains("only AWS_ROLE_ARN is set") == true)
    }

    /// A stub of the IAM Identity Center portal: role credentials for the one token it knows.
    /// It answers as botocore's `sso` model (2019-06-10) says the portal does: GetRoleCredentials
    /// is `GET /federation/credentials?role_name=&account_id=` with the token in
    /// `x-amz-sso_bearer_token` and no signature (`authtype: none`); `roleCredentials.expiration`
    /// is epoch milliseconds; a bad token is UnauthorizedException, HTTP 401.
    static func ssoPortal(token: String) throws -> FaultProxy {
        let portal = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        portal.setRule { request in
            guard request.method == "GET", request.path.hasPrefix("/federation/credentials?"),
                request.path.contains("account_id=123456789012"),
                request.path.contains("role_name=Admin")
            else { return .respond(status: 404, headers: [:], body: "") }
            guard request.headers["x-amz-sso_bearer_token"] == token else {
                return .respond(
                    status: 401, headers: ["x-amzn-ErrorType": "UnauthorizedException"],
                    body: #"{"message":"Session token not found or invalid"}"#)
            }
            let expiration = Int64((Date().timeIntervalSince1970 + 3600) * 1000)
            return .respond(
                status: 200, headers: ["Content-Type": "application/json"],
                body:
                    #"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":\#(expiration)}}"#
            )
        }
        return portal
    }

    /// The token `aws sso login` leaves, named as the AWS CLI names it.
    static func writeLogin(
        _ files: Files, key: String, token: String, expires: Date, startURL: String
    ) throws {
        let directory = files.directory.appendingPathComponent(".aws/sso/cache")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let formatter = ISO8601DateFormatter()
        try """
        {"startUrl": "\(startURL)", "region": "us-east-1", "accessToken": "\(token)", "expiresAt": "\(formatter.string(from: expires))"}
        """.write(
            to: directory.appendingPathComponent(key + ".json"), atomically: true, encoding: .utf8)
    }

    @Test func ssoSessionProfilesGetRoleCredentialsFromThePortalAndCacheThem() async throws {
        let files = try Files(
            config: """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access
                """)
        let portal = try Self.ssoPortal(token: "login-token")
        defer { portal.stop() }
        // Without a login: the way to log in.
        let missing = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "dev", endpoint: portal.endpoint).credentials()
        }
        #expect(missing?.description.contains("run `aws sso login --profile dev`") == true)
        #expect(portal.requests.isEmpty)

        // The AWS CLI names the token by the SHA-1 of the session's name.
        try Self.writeLogin(
            files, key: "ee0bfd2552fbd840c02cc48b6e823320543c450f", token: "login-token",
            expires: Date().addingTimeInterval(3600), startURL: "https://corp.awsapps.com/start")
        let credentials = try #require(
            try await files.chain(profile: "dev", endpoint: portal.endpoint).credentials())
        #expect(credentials.accessKeyID == "ASIASSO")
        #expect(credentials.sessionToken == "sso-token")
        #expect(credentials.source.contains("IAM Identity Center role Admin"))
        let call = try #require(portal.requests.first?.request)
        #expect(call.headers["authorization"] == nil)
        #expect(portal.requests.count == 1)

        // Kept where (and as) the AWS CLI keeps them: the next run asks the portal nothing.
        let cache = files.directory.appendingPathComponent(
            ".aws/cli/cache/8457bc68cf9d4aa8d629a61563948e8bd3159d49.json")
        let cached =
            try JSONSerialization.jsonObject(with: Data(contentsOf: cache)) as? [String: Any]
        #expect(cached?["ProviderType"] as? String == "sso")
        #expect((cached?["Credentials"] as? [String: Any])?["AccessKeyId"] as? String == "ASIASSO")
        let permissions =
            try FileManager.default.attributesOfItem(atPath: cache.path)[
                .posixPermissions] as? Int
        #expect(permissions == 0o600)
        let again = try #require(
            try await files.chain(profile: "dev", endpoint: portal.endpoint).credentials())
        #expect(again.accessKeyID == "ASIASSO")
        #expect(portal.requests.count == 1)
    }

    @Test func legacySSOProfilesAndExpiredOrRefusedLogins() async throws {
        let files = try Files(
            config: """
                [profile old]
                sso_start_url = https://legacy.awsapps.com/start
                sso_region = us-east-1
                sso_account_id = 123456789012
                sso_role_name = Admin
                [profile half]
                sso_account_id = 123456789012
                """)
        let portal = try Self.ssoPortal(token: "legacy-token")
        defer { portal.stop() }
        // Legacy profiles' tokens are named by the SHA-1 of the start URL.
        let key = "79e435d7a515078e81c9dffc35f38d5687ebd3a7"
        try Self.writeLogin(
            files, key: key, token: "legacy-token", expires: Date().addingTimeInterval(-60),
            startURL: "https://legacy.awsapps.com/start")
        let expired = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "old", endpoint: portal.endpoint).credentials()
        }
        #expect(expired?.description.contains("expired") == true)
        #expect(expired?.description.contains("run `aws sso login --profile old`") == true)
        #expect(portal.requests.isEmpty)

        // A token the portal no longer accepts.
        try Self.writeLogin(
            files, key: key, token: "revoked", expires: Date().addingTimeInterval(3600),
            startURL: "https://legacy.awsapps.com/start")
        let refused = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "old", endpoint: portal.endpoint).credentials()
        }
        #expect(refused?.description.contains("refused the login of profile 'old'") == true)

        try Self.writeLogin(
            files, key: key, token: "legacy-token", expires: Date().addingTimeInterval(3600),
            startURL: "https://legacy.awsapps.com/start")
        let credentials = try await files.chain(profile: "old", endpoint: portal.endpoint)
            .credentials()
        #expect(credentials?.accessKeyID == "ASIASSO")

        let half = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(profile: "half", endpoint: portal.endpoint).credentials()
        }
        #expect(
            half?.description
                == "profile 'half' uses IAM Identity Center (SSO) but lacks sso_start_url, sso_region, sso_role_name; run `aws configure sso --profile half`"
        )
    }

    @Test func noCredentialsSaysWhereItLooked() async throws {
        let files = try Files()
        let error = await #expect(throws: CredentialError.self) {
            _ = try await files.chain().credentials()
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("no AWS credentials found. Looked for:"))
        #expect(text.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"))
        #expect(text.contains("profile 'default' in \(files.directory.path)/credentials"))
        #expect(text.contains("container credentials"))
    }

    @Test func containerCredentialsFromAFullURIWithAToken() async throws {
        let server = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        defer { server.stop() }
        server.setRule { request in
            guard request.path == "/creds", request.headers["authorization"] == "secret-token"
            else {
                return .respond(status: 401, headers: [:], body: "")
            }
            return .respond(
                status: 200, headers: ["Content-Type": "application/json"],
                body:
                    #"{"AccessKeyId":"ECS","SecretAccessKey":"e","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#
            )
        }
        let files = try Files()
        let credentials = try await files.chain(
            extra: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint.absoluteString)/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "secret-token",
            ]
        ).credentials()
        #expect(credentials?.accessKeyID == "ECS")
        #expect(credentials?.source == "container credentials")

        // A token file with a line break inside is refused, not sent as two headers.
        let tokenFile = files.directory.appendingPathComponent("token")
        try "secret-token\r\nX-Injected: yes\n".write(
            to: tokenFile, atomically: true, encoding: .utf8)
        let refused = await #expect(throws: CredentialError.self) {
            _ = try await files.chain(
                extra: [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint.absoluteString)/creds",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
                ]
            ).credentials()
        }
        #expect(refused?.description.contains("contains a line break") == true)
        #expect(!server.requests.contains { $0.request.headers["x-injected"] != nil })
    }

    @Test func instanceMetadataWithIMDSv2() async throws {
        let imds = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        defer { imds.stop() }
        imds.setRule { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == nil
                    ? .respond(status: 400, headers: [:], body: "")
                    : .respond(status: 200, headers: [:], body: "TOKEN")
            case _ where request.headers["x-aws-ec2-metadata-token"] != "TOKEN":
                return .respond(status: 401, headers: [:], body: "")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .respond(status: 200, headers: [:], body: "web-role")
            case ("GET", "/latest/meta-data/iam/security-credentials/web-role"):
                return .respond(
                    status: 200, headers: [:],
                    body:
                        #"{"Code":"Success","AccessKeyId":"EC2","SecretAccessKey":"s","Token":"t","Expiration":"2099-01-01T00:00:00Z"}"#
                )
            default:
                return .respond(status: 404, headers: [:], body: "")
            }
        }
        var files = try Files()
        files.environment["AWS_EC2_METADATA_DISABLED"] = nil
        let credentials = try await files.chain(extra: [
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint.absoluteString
        ])
        .credentials()
        #expect(credentials?.accessKeyID == "EC2")
        #expect(credentials?.source == "instance role web-role")
        #expect(imds.requests.map(\.request.method) == ["PUT", "GET", "GET"])
    }

    @Test func instanceMetadataThatDoesNotAnswerIsSkippedQuickly() async throws {
        let closed = try freeLocalPort()  // nothing listens there
        var files = try Files()
        files.environment["AWS_EC2_METADATA_DISABLED"] = nil
        let started = ContinuousClock.now
        await #expect(throws: CredentialError.self) {
            _ = try await files.chain(extra: [
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(closed)"
            ])
            .credentials()
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    final class CountingProvider: CredentialProvider {
        let calls = Mutex(0)
        let lifetime: TimeInterval
        init(lifetime: TimeInterval) { self.lifetime = lifetime }
        var lookedFor: String { "counting" }
        func credentials() async throws -> AWSCredentials? {
            let call = calls.withLock { value in
                value += 1
                return value
            }
            return AWSCredentials(
                accessKeyID: "K\(call)", secretAccessKey: "s",
                expiration: Date().addingTimeInterval(lifetime),
                source: "counting")
        }
    }

    @Test func credentialsAreCachedUntilCloseToExpiry() async throws {
        let lasting = CountingProvider(lifetime: 3600)
        let cache = CachingCredentialProvider(lasting)
        for _ in 0..<5 { _ = try await cache.credentials() }
        #expect(lasting.calls.withLock { $0 } == 1)

        let expiring = CountingProvider(lifetime: 60)  // inside the five-minute margin
        let refreshing = CachingCredentialProvider(expiring)
        let first = try await refreshing.credentials()
        let second = try await refreshing.credentials()
        #expect(first?.accessKeyID == "K1")
        #expect(second?.accessKeyID == "K2")
    }
}

/// Where login tokens may go: the endpoints named for the credential services, never the
/// stack's service endpoint, never plain http to another machine.
struct CredentialEndpointTests {
    @Test func tokensNeverFollowTheServiceEndpoint() async throws {
        var files = try CredentialChainTests.Files(
            config: """
                [profile dev]
                region = sa-east-1
                services = local-sts

                [services local-sts]
                sts =
                  endpoint_url = http://127.0.0.1:4599
                s3 =
                  addressing_style = path
                """)
        let token = files.directory.appendingPathComponent("token")
        try "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl".write(
            to: token, atomically: true, encoding: .utf8)
        let emulator = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        defer { emulator.stop() }
        emulator.setRule { _ in .respond(status: 500, headers: [:], body: "") }
        files.environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/ci"
        files.environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = token.path
        files.environment["AWS_ENDPOINT_URL"] = emulator.endpoint.absoluteString
        files.environment["AWS_ENDPOINT_URL_STS"] = "http://10.1.2.3:4566"
        let settings = AWSSettings(
            profile: nil, region: "sa-east-1", endpointURL: emulator.endpoint.absoluteString,
            verbose: false, environment: files.environment)
        let context = try settings.context(stackRegion: nil)
        // The service calls go to the emulator; the token exchange is refused before it is
        // sent, since its own endpoint is plain http to another machine.
        #expect(try context.client(for: .kinesis).endpoint.url == emulator.endpoint)
        let refused = await #expect(throws: (any Error).self) {
            _ = try await context.credentials.credentials()
        }
        #expect("\(refused!)".contains("plain http to another machine"), "\(refused!)")
        #expect(emulator.requests.isEmpty)

        // Without a service-specific variable: AWS's own STS, not the emulator.
        let resolver = try settings.context(stackRegion: nil).endpoints
        files.environment["AWS_ENDPOINT_URL_STS"] = nil
        let own = EndpointResolver(
            commandLineOverride: resolver.commandLineOverride,
            environment: files.environment
        ).forCredentialProviders
        #expect(
            try own.endpoint(for: .sts, region: "sa-east-1").url.host
                == "sts.sa-east-1.amazonaws.com")
        // The profile's services section names the STS endpoint (plain http, on this machine).
        let configured = SharedConfigFiles(environment: files.environment)
            .serviceEndpoints(profile: "dev")
        #expect(configured == ["sts": "http://127.0.0.1:4599"])
        let fromConfig = EndpointResolver(environment: [:], configured: configured)
            .forCredentialProviders
        #expect(
            try fromConfig.endpoint(for: .sts, region: "sa-east-1").url.absoluteString
                == "http://127.0.0.1:4599")
        try fromConfig.requireProtectedTransport(for: .sts, region: "sa-east-1")
        #expect(throws: ConfigurationError.self) {
            try EndpointResolver(environment: ["AWS_ENDPOINT_URL_SSO": "http://sso.example:80"])
                .requireProtectedTransport(for: .sso, region: "sa-east-1")
        }
    }
}
