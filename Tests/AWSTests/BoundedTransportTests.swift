import AWS
import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a hostile or broken endpoint can do to the transport and the credential sources:
/// every answer is bounded, and nothing signed or secret goes where it should not.
struct BoundedTransportTests {
    /// Both transports keep the same bounds: URLSession, and libcurl for a CA bundle.
    enum Transport: String, CaseIterable, CustomTestStringConvertible {
        case urlSession, curl
        var testDescription: String { rawValue }

        func client(maximumResponseBytes: Int = URLSessionHTTPClient.defaultMaximumResponseBytes)
            -> any HTTPClient
        {
            switch self {
            case .urlSession: URLSessionHTTPClient(maximumResponseBytes: maximumResponseBytes)
            case .curl:
                CurlHTTPClient(
                    caBundle: "/etc/ssl/certs/ca-certificates.crt",
                    maximumResponseBytes: maximumResponseBytes)
            }
        }
    }

    /// A server that answers every request itself, recording what reaches it.
    func server(_ fault: FaultProxy.Fault) throws -> FaultProxy {
        let proxy = try FaultProxy(upstream: URL(string: "http://127.0.0.1:9")!)
        proxy.setRule { _ in fault }
        return proxy
    }

    func context(_ endpoint: URL, timeout: Duration = .seconds(30), http: any HTTPClient)
        -> AWSContext
    {
        AWSContext(
            region: "sa-east-1",
            credentials: StaticCredentialProvider(
                AWSCredentials(
                    accessKeyID: "AKIDREDIRECTTEST", secretAccessKey: "secret",
                    sessionToken: "session-token-that-must-stay-home", source: "test")),
            endpoints: EndpointResolver(commandLineOverride: endpoint), http: http,
            retry: fastRetries(maxAttempts: 1), timeout: timeout, pacer: RequestPacer(rates: [:]))
    }

    @Test(arguments: Transport.allCases)
    func aRedirectIsNotFollowedAndTheSecondHostReceivesNothing(_ transport: Transport)
        async throws
    {
        let elsewhere = try server(.respond(status: 200, headers: [:], body: "{}"))
        defer { elsewhere.stop() }
        for status in [301, 302, 307, 308] {
            let redirecting = try server(
                .respond(
                    status: status, headers: ["Location": elsewhere.endpoint.absoluteString + "/"],
                    body: ""))
            defer { redirecting.stop() }
            let error = await #expect(throws: AWSError.self) {
                _ = try await KinesisClient(
                    context(redirecting.endpoint, http: transport.client())
                ).listStreams()
            }
            #expect(error?.status == status)
            #expect(error?.hint?.contains("never follows redirects") == true)
            #expect(error?.hint?.contains("127.0.0.1:\(redirecting.port)") == true)
            #expect(redirecting.requests.count == 1)
        }
        #expect(elsewhere.requests.isEmpty, "a redirect carried the signed request elsewhere")
    }

    @Test(arguments: Transport.allCases)
    func anAnswerLargerThanTheLimitIsCutOff(_ transport: Transport) async throws {
        let large = try server(
            .respond(status: 200, headers: [:], body: String(repeating: "x", count: 3_000_000)))
        defer { large.stop() }
        let client = transport.client(maximumResponseBytes: 1024 * 1024)
        let error = await #expect(throws: TransportError.self) {
            _ = try await client.send(
                HTTPRequest(method: "GET", url: large.endpoint), timeout: .seconds(10))
        }
        #expect(error?.description.contains("larger than 1 MiB") == true)
        // Within the limit, the whole body arrives.
        let fits = try await transport.client(maximumResponseBytes: 4 * 1024 * 1024).send(
            HTTPRequest(method: "GET", url: large.endpoint), timeout: .seconds(10))
        #expect(fits.body.count == 3_000_000)
    }

    @Test(arguments: Transport.allCases)
    func anAnswerDrippedAByteAtATimeIsEndedByTheAttemptDeadline(_ transport: Transport)
        async throws
    {
        let dripping = try server(
            .drip(status: 200, body: String(repeating: "x", count: 200), every: .milliseconds(400)))
        defer { dripping.stop() }
        let started = ContinuousClock.now
        let error = await #expect(throws: TransportError.self) {
            _ = try await transport.client().send(
                HTTPRequest(method: "GET", url: dripping.endpoint), timeout: .seconds(2))
        }
        #expect(error?.kind == .timedOut)
        #expect(
            error?.description.contains("still receiving after 8 s") == true,
            "\(String(describing: error))")
        // Each byte came well within the two-second timeout, even on a loaded machine: only
        // the deadline could end it (the whole body would take 80 s).
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aRepeatedPageTokenEndsTheListingWithAnError() async throws {
        let looping = try server(
            .respond(
                status: 200, headers: ["Content-Type": "text/xml"],
                body: """
                    <ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                      <ListRolesResult><IsTruncated>true</IsTruncated><Marker>same</Marker>
                        <Roles><member><RoleName>r</RoleName></member></Roles>
                      </ListRolesResult>
                    </ListRolesResponse>
                    """))
        defer { looping.stop() }
        let error = await #expect(throws: RepeatedPageTokenError.self) {
            _ = try await IAMClient(context(looping.endpoint, http: URLSessionHTTPClient()))
                .listRoleNames(pathPrefix: "/")
        }
        #expect(error?.operation == "ListRoles")
        // The first page, the page after `same`, and no more.
        #expect(looping.requests.count == 2)
    }

    /// A listing that never ends, each page with a fresh token, stops at the page limit.
    @Test func anEndlessListingStopsAtThePageLimit() throws {
        var tokens = PageTokens(operation: "ListStreams")
        var pages = 1
        let error = #expect(throws: PaginationLimitError.self) {
            while try tokens.next("token-\(pages)") != nil { pages += 1 }
        }
        #expect(pages == PageTokens.maximumPages)
        #expect(error?.description.contains("went on past 2000 pages") == true)
    }
}

/// Container credentials go only where the AWS SDKs let them: plain http to the link-local
/// agents and this machine, https anywhere, and a relative URI that stays a path.
struct ContainerEndpointTests {
    final class RecordingHTTP: HTTPClient {
        let sent = Mutex<[URL]>([])
        func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
            sent.withLock { $0.append(request.url) }
            return HTTPResponse(
                status: 200,
                body: Data(
                    #"{"AccessKeyId":"AKID","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#
                        .utf8))
        }
    }

    func outcome(_ environment: [String: String]) async -> (sentTo: [URL], error: String?) {
        let http = RecordingHTTP()
        let provider = ContainerCredentialProvider(
            environment: environment.merging(["AWS_CONTAINER_AUTHORIZATION_TOKEN": "secret"]) {
                $1
            }, http: http)
        do {
            _ = try await provider.credentials()
            return (http.sent.withLock { $0 }, nil)
        } catch {
            return (http.sent.withLock { $0 }, "\(error)")
        }
    }

    @Test(arguments: [
        "http://169.254.170.2/creds", "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials", "http://127.0.0.1:8080/creds",
        "http://127.1.2.3/creds", "http://localhost:9000/creds", "http://[::1]/creds",
        "https://credentials.example.com/creds",
    ])
    func allowedFullURIsAreAsked(uri: String) async {
        let (sent, error) = await outcome(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri])
        #expect(error == nil)
        #expect(sent.map(\.absoluteString) == [uri])
    }

    @Test(arguments: [
        "http://credentials.example.com/creds", "http://10.0.0.5/creds",
        "http://169.254.169.254/latest", "http://127.0.0.1.example.com/creds",
        "ftp://127.0.0.1/creds",
    ])
    func fullURIsThatWouldSendTheTokenInTheClearAreRefusedUnasked(uri: String) async {
        let (sent, error) = await outcome(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri])
        #expect(sent.isEmpty)
        #expect(error?.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI") == true)
    }

    @Test func aRelativeURIMustBeAPathOnTheAgent() async {
        let (sent, error) = await outcome([
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"
        ])
        #expect(error == nil)
        #expect(sent.map(\.absoluteString) == ["http://169.254.170.2/v2/credentials/abc"])
        for hostile in ["@attacker.example.com/creds", ".attacker.example.com/creds", "creds"] {
            let (sent, error) = await outcome(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": hostile])
            #expect(sent.isEmpty, "\(hostile) was asked")
            #expect(error?.contains("must be a path beginning with '/'") == true)
        }
    }
}

/// credential_process helpers that misbehave cannot hang or outlive streamstack.
struct CredentialHelperTests {
    func script(_ body: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "helper-\(UUID().uuidString).sh")
        try ("#!/bin/sh\n" + body).write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: path.path)
        return path.path
    }

    @Test func aHelperThatFloodsStderrBeforeItsAnswerIsStillRead() async throws {
        let helper = try script(
            """
            head -c 300000 /dev/zero | tr '\\0' e >&2
            echo '{"Version": 1, "AccessKeyId": "AKIDFLOOD", "SecretAccessKey": "s"}'
            """)
        let credentials = try await ProcessCredentialProvider(
            command: helper, profile: "flood", timeout: .seconds(20)
        ).credentials()
        #expect(credentials?.accessKeyID == "AKIDFLOOD")
    }

    @Test func aHelperThatHangsIsStoppedWithWhatItStarted() async throws {
        let pids = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pids-\(UUID().uuidString)")
        // The helper starts a grandchild that would keep the pipes open, then hangs.
        let helper = try script(
            """
            sleep 300 &
            echo $! > \(pids.path)
            echo $$ >> \(pids.path)
            sleep 300
            """)
        let started = ContinuousClock.now
        let error = await #expect(throws: HelperProcess.TimedOut.self) {
            _ = try await ProcessCredentialProvider(
                command: helper, profile: "hang", timeout: .seconds(1)
            ).credentials()
        }
        #expect(error?.description.contains("did not finish within 1 s") == true)
        #expect(ContinuousClock.now - started < .seconds(20))
        let helpers = try String(contentsOf: pids, encoding: .utf8).split(separator: "\n")
            .compactMap { Int32($0) }
        #expect(helpers.count == 2)
        for pid in helpers {
            // SIGKILL lands at once, but the process table may take a moment to show it.
            for _ in 0..<50 where kill(pid, 0) == 0 && !isZombie(pid) {
                try await Task.sleep(for: .milliseconds(20))
            }
            // Reaped or a zombie of the helper's: no longer running either way.
            #expect(
                kill(pid, 0) != 0 || isZombie(pid),
                "process \(pid) outlived the timeout: \((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "")"
            )
        }
    }

    func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
