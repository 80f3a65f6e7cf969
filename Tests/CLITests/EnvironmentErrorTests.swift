import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// A broken environment gets one paragraph that says what went wrong and what to do, never a
/// stack trace; and no secret ever reaches an output, a log or a saved plan.
struct EnvironmentErrorTests {
    func expectOneClearError(
        _ result: CommandResult, _ fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                result.stderr.contains(fragment), "missing '\(fragment)' in: \(result.stderr)",
                sourceLocation: sourceLocation)
        }
        #expect(
            !result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"),
            sourceLocation: sourceLocation)
    }

    @Test func missingCredentials() async throws {
        let scenario = try await StackScenarioTests.Scenario("nocreds")
        try scenario.write(scenario.stream("a"))
        let result = try await runStreamstack(
            ["plan", scenario.file.path],
            environment: ["AWS_ENDPOINT_URL": scenario.server.endpoint.absoluteString])
        expectOneClearError(
            result,
            [
                "no AWS credentials found. Looked for:",
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
                "or pass --profile NAME",
            ])
    }

    /// AWS_PROFILE naming a profile that does not exist is an error, as the AWS CLI gives it,
    /// even with keys in the environment that would otherwise be used.
    @Test func aProfileThatDoesNotExistIsAnErrorWhateverElseIsSet() async throws {
        let scenario = try await StackScenarioTests.Scenario("noprofile", realAWS: false)
        try scenario.write(scenario.stream("a"))
        let config = scenario.directory.appendingPathComponent("aws-config")
        try "[profile dev]\nregion = sa-east-1\n".write(
            to: config, atomically: true, encoding: .utf8)
        var environment = scenario.server.environment()
        environment["AWS_CONFIG_FILE"] = config.path
        environment["AWS_SHARED_CREDENTIALS_FILE"] = config.path + "-none"
        environment["AWS_PROFILE"] = "nosuch"
        let named = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        expectOneClearError(
            named,
            [
                "The config profile (nosuch) could not be found",
                "AWS_PROFILE names a profile that neither \(config.path)",
            ])
        let flagged = try await runStreamstack(
            ["plan", scenario.file.path, "--profile", "other"], environment: environment)
        expectOneClearError(
            flagged, ["The config profile (other) could not be found: --profile names"])
        // A profile that exists and holds no keys leaves the environment's keys in use.
        environment["AWS_PROFILE"] = "dev"
        let existing = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        #expect(existing.status == 0, "\(existing.stderr)")
    }

    /// A role behind MFA, run where no one can type the code (CI, a pipe): the profile and the
    /// cause, before any call to STS.
    @Test func mfaProfileWithoutATerminal() async throws {
        let scenario = try await StackScenarioTests.Scenario("mfa")
        try scenario.write(scenario.stream("a"))
        let config = scenario.file.deletingLastPathComponent().appendingPathComponent("aws-config")
        try """
        [profile base]
        aws_access_key_id = \(scenario.server.accessKeyID)
        aws_secret_access_key = \(scenario.server.secretAccessKey)
        [profile admin]
        role_arn = arn:aws:iam::123456789012:role/admin
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/alice
        """.write(to: config, atomically: true, encoding: .utf8)
        let result = try await runStreamstack(
            ["plan", scenario.file.path, "--profile", "admin"],
            environment: [
                "AWS_ENDPOINT_URL": scenario.server.endpoint.absoluteString,
                "AWS_CONFIG_FILE": config.path,
            ])
        expectOneClearError(
            result,
            [
                "profile 'admin' has mfa_serial arn:aws:iam::123456789012:mfa/alice",
                "there is no terminal to ask for it",
            ])
    }

    /// Behind a corporate proxy: libcurl, under URLSession, sends every call through
    /// `http_proxy`/`https_proxy` and straight to the hosts `no_proxy` names.
    @Test func proxiesFromTheEnvironmentAreUsedAndNoProxyIsHonoured() async throws {
        let scenario = try await StackScenarioTests.Scenario("proxy", realAWS: false)
        try scenario.write(scenario.stream("a"))
        let forwardProxy = try FaultProxy(upstream: scenario.server.endpoint)
        defer { forwardProxy.stop() }
        let proxied = try await scenario.run(
            ["plan", "STACK"], environment: ["http_proxy": forwardProxy.endpoint.absoluteString])
        #expect(proxied.status == 0, "\(proxied.stderr)")
        let through = forwardProxy.requests.map(\.request.path)
        #expect(!through.isEmpty)
        // A proxy receives the whole URL of the endpoint it stands in front of.
        #expect(through.allSatisfy { $0.hasPrefix(scenario.server.endpoint.absoluteString) })
        forwardProxy.clearLog()
        let direct = try await scenario.run(
            ["plan", "STACK"],
            environment: [
                "http_proxy": forwardProxy.endpoint.absoluteString, "no_proxy": "127.0.0.1",
            ])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(forwardProxy.requests.isEmpty)
    }

    @Test func expiredSessionToken() async throws {
        let scenario = try await StackScenarioTests.Scenario("expired")
        try scenario.write(scenario.stream("a"))
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { _ in
            .respond(
                status: 403, headers: ["Content-Type": "text/xml"],
                body:
                    "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>"
            )
        }
        var environment = scenario.server.environment()
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint.absoluteString
        environment["AWS_SESSION_TOKEN"] = "an-old-token"
        let result = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        expectOneClearError(
            result, ["ExpiredToken", "The session token has expired: get fresh credentials"])
        // Reads that need no account id start alongside GetCallerIdentity; none is retried.
        let operations = proxy.requests.map(\.request.operation)
        #expect(operations.filter { $0 == "GetCallerIdentity" }.count == 1)
        #expect(Set(operations).count == operations.count, "\(operations)")
    }

    @Test func unreachableEndpoint() async throws {
        let scenario = try await StackScenarioTests.Scenario("unreachable")
        try scenario.write(scenario.stream("a"))
        let port = try freeLocalPort()
        var environment = scenario.server.environment()
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
        environment["AWS_MAX_ATTEMPTS"] = "2"
        let result = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        expectOneClearError(
            result,
            [
                "cannot connect to 127.0.0.1:\(port)",
                "check the endpoint (--endpoint-url, AWS_ENDPOINT_URL)",
            ])
    }

    @Test func wrongRegion() async throws {
        let scenario = try await StackScenarioTests.Scenario("region")
        try scenario.write(
            "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-bucket }\n")
        let elsewhere = try S3Client(motoContext(scenario.server, region: "us-east-1"))
        try await elsewhere.createBucket("\(scenario.stack)-bucket")
        expectOneClearError(
            try await scenario.run(["plan", "STACK"]),
            [
                "bucket \(scenario.stack)-bucket exists in us-east-1, not in the stack's region",
                "or apply the stack in us-east-1",
            ])
        // AWS answered HeadBucket with 301 and the bucket's region (the real-AWS mode plays it).
        #expect(scenario.calls("HEAD /\(scenario.stack)-bucket") > 0)
        expectOneClearError(
            try await scenario.run(["plan", "STACK", "--region", "Brazil"]),
            ["the stack file's region is sa-east-1, and --region says Brazil"])
        try await elsewhere.deleteBucket("\(scenario.stack)-bucket")
    }

    @Test func permissionDenied() async throws {
        let scenario = try await StackScenarioTests.Scenario("denied")
        try scenario.write(scenario.stream("a"))
        let iam = try motoContext(scenario.server).client(for: .iam)
        let user = "reader-\(scenario.stack)"
        try await iam.query("CreateUser", [("UserName", user)])
        try await iam.query(
            "PutUserPolicy",
            [
                ("UserName", user), ("PolicyName", "s3-only"),
                (
                    "PolicyDocument",
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
                ),
            ])
        let keys = try await iam.query("CreateAccessKey", [("UserName", user)])
        var environment = scenario.server.environment()
        environment["AWS_ACCESS_KEY_ID"] = keys.value("AccessKey", "AccessKeyId")
        environment["AWS_SECRET_ACCESS_KEY"] = keys.value("AccessKey", "SecretAccessKey")
        let result = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        // The plan's first call refused says so: the tagging API's (which every read of the
        // stack's streams shares) or Kinesis's, whichever answers first.
        expectOneClearError(result, ["AccessDenied", "The credentials are not allowed to call "])
        #expect(
            result.stderr.contains("call tagging:GetResources")
                || result.stderr.contains("call kinesis:"), "\(result.stderr)")
    }

    @Test func noSecretInOutputsLogsOrSavedPlans() async throws {
        let scenario = try await StackScenarioTests.Scenario("secrets")
        try scenario.write(scenario.stream("a"))
        // Temporary credentials: a secret key and a session token to look for.
        let context = motoContext(scenario.server)
        let role = try await createAssumableRole("secrets-\(scenario.stack)", context: context)
        let temporary = try await STSClient(context).assumeRole(
            roleARN: role.arn, sessionName: "scan")
        var environment = scenario.server.environment()
        environment["AWS_ACCESS_KEY_ID"] = temporary.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = temporary.secretAccessKey
        environment["AWS_SESSION_TOKEN"] = temporary.sessionToken
        let planFile = scenario.directory.appendingPathComponent("plan.json")
        var texts: [String] = []
        for arguments in [
            ["plan", scenario.file.path, "--verbose", "--out", planFile.path],
            ["apply", planFile.path, "--verbose"],
            ["show", scenario.file.path, "--verbose", "--format", "json"],
            ["destroy", scenario.file.path, "--auto-approve", "--verbose"],
        ] {
            let result = try await runStreamstack(arguments, environment: environment)
            #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
            texts += [result.stdout, result.stderr]
        }
        texts.append(try String(contentsOf: planFile, encoding: .utf8))
        #expect(texts[1].contains("aws: sts.GetCallerIdentity"))
        for text in texts {
            #expect(!text.contains(temporary.secretAccessKey))
            #expect(!text.contains(temporary.sessionToken!))
            #expect(!text.contains("Signature="))
            #expect(!text.lowercased().contains("authorization"))
            #expect(!text.contains(scenario.server.secretAccessKey))
        }
    }
}
