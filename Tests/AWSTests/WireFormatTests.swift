import AWS
import Foundation
import TestSupport
import Testing

/// Endpoints, regions, encodings and error formats, without a network.
struct WireFormatTests {
    @Test func endpointPrecedence() throws {
        let environment = [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:6000/",
        ]
        let resolver = EndpointResolver(environment: environment)
        #expect(
            try resolver.endpoint(for: .s3, region: "sa-east-1").url.absoluteString
                == "http://127.0.0.1:6000")
        #expect(
            try resolver.endpoint(for: .kinesis, region: "sa-east-1").url.absoluteString
                == "http://127.0.0.1:5000")
        let flag = EndpointResolver(
            commandLineOverride: URL(string: "http://localhost:7000")!, environment: environment)
        #expect(
            try flag.endpoint(for: .s3, region: "sa-east-1").url.absoluteString
                == "http://localhost:7000")
        #expect(try flag.endpoint(for: .s3, region: "sa-east-1").isCustom)
        #expect(throws: ConfigurationError.self) {
            try EndpointResolver(environment: ["AWS_ENDPOINT_URL": "localhost:5000"]).endpoint(
                for: .kinesis, region: "us-east-1")
        }
    }

    @Test func partitionsAndGlobalIAM() throws {
        let aws = EndpointResolver()
        #expect(
            try aws.endpoint(for: .kinesis, region: "sa-east-1").url.absoluteString
                == "https://kinesis.sa-east-1.amazonaws.com")
        let iam = try aws.endpoint(for: .iam, region: "sa-east-1")
        #expect(iam.url.absoluteString == "https://iam.amazonaws.com")
        #expect(iam.signingRegion == "us-east-1")
        #expect(
            try aws.endpoint(for: .firehose, region: "cn-north-1").url.host
                == "firehose.cn-north-1.amazonaws.com.cn")
        #expect(try aws.endpoint(for: .iam, region: "cn-northwest-1").signingRegion == "cn-north-1")
        #expect(
            try aws.endpoint(for: .iam, region: "us-gov-east-1").url.host
                == "iam.us-gov.amazonaws.com")
        #expect(
            try aws.endpoint(for: .iam, region: "us-gov-east-1").signingRegion == "us-gov-west-1")
        #expect(
            try aws.endpoint(for: .s3, region: "eu-west-1").url.host == "s3.eu-west-1.amazonaws.com"
        )
    }

    /// Virtual-hosted style on AWS, path style on a custom endpoint; the Host signed is the
    /// Host sent, with the port only when it is not the scheme's default.
    @Test func s3Addressing() async throws {
        let credentials = StaticCredentialProvider(
            AWSCredentials(accessKeyID: "AK", secretAccessKey: "s", source: "t"))
        let recorder = RecordingHTTPClient()
        let onAWS = AWSContext(region: "sa-east-1", credentials: credentials, http: recorder)
        _ = try? await S3Client(onAWS).getObject("my-bucket", key: "raw data/a~b.json")
        let local = AWSContext(
            region: "sa-east-1", credentials: credentials,
            endpoints: EndpointResolver(commandLineOverride: URL(string: "http://127.0.0.1:4566")!),
            http: recorder)
        _ = try? await S3Client(local).getObject("my-bucket", key: "raw data/a~b.json")
        _ = try? await S3Client(onAWS).getObject("dotted.bucket", key: "k")
        let urls = recorder.requests.map(\.url.absoluteString)
        #expect(
            urls == [
                "https://my-bucket.s3.sa-east-1.amazonaws.com/raw%20data/a~b.json",
                "http://127.0.0.1:4566/my-bucket/raw%20data/a~b.json",
                "https://s3.sa-east-1.amazonaws.com/dotted.bucket/k",
            ])
        let authorization = recorder.requests[0].header("Authorization") ?? ""
        #expect(authorization.contains("/sa-east-1/s3/aws4_request"))
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
        #expect(
            recorder.requests.allSatisfy {
                $0.header("User-Agent") == nil && $0.header("Host") == nil
            })
    }

    /// A stack file's region wins over the environment and the profile, and `--region` may
    /// only repeat it; without one, the AWS CLI's order.
    @Test func regionOrder() throws {
        func resolve(
            _ commandLine: String?, _ environment: [String: String],
            _ profile: [String: String]?, _ stackFile: String?
        ) throws -> RegionResolver.Resolved {
            try RegionResolver.resolve(
                commandLine: commandLine, environment: environment, profile: profile,
                stackFile: stackFile)
        }
        #expect(
            try resolve(nil, ["AWS_REGION": "us-east-2"], ["region": "ap-south-1"], "sa-east-1")
                == .init(name: "sa-east-1", origin: "the stack file"))
        #expect(try resolve("sa-east-1", [:], nil, "sa-east-1").name == "sa-east-1")
        let moved = #expect(throws: ConfigurationError.self) {
            try resolve("eu-west-1", [:], nil, "sa-east-1")
        }
        #expect(moved?.description.contains("differs from the stack file's region") == true)
        #expect(
            try resolve("eu-west-1", ["AWS_REGION": "us-east-1"], nil, nil)
                == .init(name: "eu-west-1", origin: "--region"))
        #expect(
            try resolve(
                nil, ["AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": "us-east-2"], nil, nil)
                == .init(name: "us-east-2", origin: "AWS_REGION"))
        #expect(
            try resolve(nil, [:], ["region": "ap-south-1"], nil)
                == .init(name: "ap-south-1", origin: "the profile's region"))
        #expect(throws: ConfigurationError.self) { try resolve(nil, [:], nil, nil) }
        #expect(throws: ConfigurationError.self) { try resolve("Brazil", [:], nil, nil) }
        let unknown = #expect(throws: ConfigurationError.self) {
            try resolve(nil, ["AWS_REGION": "sa-east-9"], nil, nil)
        }
        #expect(
            unknown?.description
                == "AWS_REGION is 'sa-east-9': no such region; did you mean sa-east-1?")
    }

    @Test func queryBodiesEncodeEverythingButUnreserved() {
        #expect(
            FormEncoding.encode([("Policy", #"{"a": "b/c+d=e,f&g:h~i"}"#)])
                == "Policy=%7B%22a%22%3A+%22b%2Fc%2Bd%3De%2Cf%26g%3Ah~i%22%7D")
    }

    @Test(
        arguments: [
            (
                #"{"__type":"com.amazonaws.kinesis.v20131202#ResourceNotFoundException","message":"Stream x not found"}"#,
                [:], "ResourceNotFoundException", "Stream x not found"
            ),
            (
                #"{"__type":"ResourceInUseException","Message":"in use"}"#, [:],
                "ResourceInUseException", "in use"
            ),
            (
                "", ["x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/"],
                "AccessDeniedException", ""
            ),
            (
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>no role</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
                [:], "NoSuchEntity", "no role"
            ),
            (
                "\n  <?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>gone</Message><RequestId>r-2</RequestId></Error>",
                [:], "NoSuchBucket", "gone"
            ),
            ("", [:], "NotFound", ""),
        ] as [(String, [String: String], String, String)])
    func errorFormats(body: String, headers: [String: String], code: String, message: String) {
        let error = AWSError.decode(
            HTTPResponse(
                status: body.isEmpty && headers.isEmpty ? 404 : 400, headers: headers,
                body: Data(body.utf8)),
            service: "svc", operation: "Op")
        #expect(error.code == code)
        #expect(error.message == message)
    }

    @Test func errorsNameServiceOperationRequestAndStatus() {
        let error = AWSError.decode(
            HTTPResponse(
                status: 301,
                headers: ["x-amz-request-id": "abc", "x-amz-bucket-region": "eu-west-1"],
                body: Data()),
            service: "s3", operation: "HeadBucket")
        #expect(
            error.description
                == "s3 HeadBucket failed: PermanentRedirect (HTTP 301, request id abc)\n  The bucket is in eu-west-1: use that region."
        )
    }

    @Test func verboseLogLinesCarryNoSecrets() async throws {
        let server = try await MotoServer.shared()
        let logger = RecordingLogger()
        let token = StaticCredentialProvider(
            AWSCredentials(
                accessKeyID: server.accessKeyID, secretAccessKey: server.secretAccessKey,
                sessionToken: "SESSIONTOKEN", source: "t"))
        _ = try? await KinesisClient(motoContext(server, credentials: token, logger: logger))
            .listStreams()
        let lines = logger.all.map(\.line)
        #expect(lines.first?.hasPrefix("aws: kinesis.ListStreams POST 127.0.0.1 → ") == true)
        for line in lines {
            #expect(!line.contains(server.secretAccessKey))
            #expect(!line.contains("SESSIONTOKEN"))
            #expect(!line.contains("Signature="))
        }
    }
}

/// Records requests and answers 404, for tests of what is sent.
final class RecordingHTTPClient: HTTPClient, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return HTTPResponse(status: 404, body: Data("<Error><Code>NoSuchKey</Code></Error>".utf8))
    }
}

struct AWSSettingsTests {
    @Test func settingsFollowTheAWSCLI() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try
            "[profile dev]\nregion = eu-west-1\naws_access_key_id = DEV\naws_secret_access_key = d\n"
            .write(
                to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let environment = [
            "AWS_CONFIG_FILE": directory.appendingPathComponent("config").path,
            "HOME": directory.path,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "2",
        ]
        let context = try AWSSettings(profile: "dev", environment: environment).context(
            stackRegion: nil)
        #expect(context.region == "eu-west-1")
        #expect(context.regionOrigin == "the profile's region")
        // A stack file's region is where its stack lives, whatever the profile says.
        let pinned = try AWSSettings(profile: "dev", environment: environment).context(
            stackRegion: "sa-east-1")
        #expect(pinned.region == "sa-east-1")
        #expect(pinned.regionOrigin == "the stack file")
        #expect(context.retry.maxAttempts == 2)
        #expect(try await context.credentials.credentials()?.accessKeyID == "DEV")
        let flagged = try AWSSettings(
            profile: "dev", region: "us-west-2", endpointURL: "http://127.0.0.1:1",
            environment: environment
        ).context(stackRegion: nil)
        #expect(flagged.region == "us-west-2")
        #expect(
            try flagged.client(for: .kinesis).endpoint.url.absoluteString == "http://127.0.0.1:1")
        #expect(throws: ConfigurationError.self) {
            try AWSSettings(environment: environment.merging(["AWS_MAX_ATTEMPTS": "zero"]) { $1 })
                .context(stackRegion: "sa-east-1")
        }
        #expect(throws: ConfigurationError.self) {
            try AWSSettings(endpointURL: "not a url", environment: environment).context(
                stackRegion: "sa-east-1")
        }
    }
}
