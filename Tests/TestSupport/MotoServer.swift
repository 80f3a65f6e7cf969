import AWS
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// moto's standalone server on 127.0.0.1 at a free port, with signature checking on: an IAM
/// user with an allow-all policy and an access key is created, then
/// `reset-auth` makes moto verify every request's SigV4 signature.
///
/// One server serves a whole test process (`MotoServer.shared`); tests keep apart by naming
/// their resources uniquely. It is killed when the process exits.
public final class MotoServer: Sendable {
    public let endpoint: URL
    public let accessKeyID: String
    public let secretAccessKey: String
    /// moto keeps IAM per partition: the same administrator, with keys of its own, in the China
    /// partition, for the tests of a stack there.
    public let chinaKeys: (id: String, secret: String)
    public let accountID = "123456789012"
    public let logFile: URL
    let pid: Int32

    /// The server every test of this process shares, started on first use.
    public static func shared() async throws -> MotoServer {
        try await sharedServer.value
    }

    private static let sharedServer = Task { try await MotoServer.start() }

    public static func start() async throws -> MotoServer {
        let port = try freeLocalPort()
        let logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("streamstack-moto-\(port).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The guard stops the server when this test process ends, however it ends.
        process.arguments = [
            ProcessInfo.processInfo.environment["STREAMSTACK_PYTHON"] ?? "python3",
            packageRoot.appendingPathComponent("Tests/TestSupport/moto_guard.py").path,
            String(port),
        ]
        // A file, not a pipe: a server outliving its test process must not hold a pipe open.
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let endpoint = URL(string: "http://127.0.0.1:\(port)")!
        try await waitUntilUp(endpoint, process: process, logFile: logFile)
        let keys = try await createAdministrator(endpoint, region: "us-east-1")
        let chinaKeys = try await createAdministrator(endpoint, region: "cn-north-1")
        try await post(
            endpoint.appendingPathComponent("moto-api/reset-auth"), body: "0",
            contentType: "text/plain")
        return MotoServer(
            endpoint: endpoint, accessKeyID: keys.id, secretAccessKey: keys.secret,
            chinaKeys: chinaKeys, logFile: logFile,
            pid: process.processIdentifier)
    }

    private init(
        endpoint: URL, accessKeyID: String, secretAccessKey: String,
        chinaKeys: (id: String, secret: String), logFile: URL, pid: Int32
    ) {
        self.chinaKeys = chinaKeys
        self.endpoint = endpoint
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.logFile = logFile
        self.pid = pid
    }

    public func stop() {
        kill(pid, SIGTERM)
    }

    /// Environment for a child process (the CLI) to reach this server with these keys.
    /// The administrator's keys in the region's partition.
    public func keys(region: String) -> (id: String, secret: String) {
        Partition.of(region: region) == .china ? chinaKeys : (accessKeyID, secretAccessKey)
    }

    /// The keys are those of the region's partition.
    public func environment(region: String = "sa-east-1") -> [String: String] {
        let keys = keys(region: region)
        return [
            "AWS_ENDPOINT_URL": endpoint.absoluteString,
            "AWS_ACCESS_KEY_ID": keys.id,
            "AWS_SECRET_ACCESS_KEY": keys.secret,
            "AWS_REGION": region,
        ]
    }

    private static func waitUntilUp(_ endpoint: URL, process: Process, logFile: URL) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                throw MotoError(
                    "moto server exited at start (is moto[server]==5.2.1 installed? scripts/test installs it):\n\(log)"
                )
            }
            var request = URLRequest(url: endpoint.appendingPathComponent("moto-api/"))
            request.timeoutInterval = 2
            if let (_, response) = try? await URLSession.shared.data(for: request),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MotoError("moto server did not answer within 60 s; log: \(logFile.path)")
    }

    /// Before reset-auth moto accepts unsigned requests: make the user with plain Query calls.
    private static func createAdministrator(_ endpoint: URL, region: String) async throws -> (
        id: String, secret: String
    ) {
        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        let calls = [
            "Action=CreateUser&UserName=streamstack-admin",
            "Action=PutUserPolicy&UserName=streamstack-admin&PolicyName=allow-all&PolicyDocument="
                + policy.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            "Action=CreateAccessKey&UserName=streamstack-admin",
        ]
        var last = ""
        for call in calls {
            last = try await post(
                endpoint, body: call + "&Version=2010-05-08",
                contentType: "application/x-www-form-urlencoded",
                authorization:
                    "AWS4-HMAC-SHA256 Credential=setup/20250101/\(region)/iam/aws4_request, SignedHeaders=host, Signature=0"
            )
        }
        guard let id = element("AccessKeyId", in: last),
            let secret = element("SecretAccessKey", in: last)
        else { throw MotoError("CreateAccessKey answered without keys: \(last)") }
        return (id, secret)
    }

    @discardableResult
    static func post(_ url: URL, body: String, contentType: String, authorization: String? = nil)
        async throws -> String
    {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw MotoError("moto setup call to \(url.path) failed: \(text)")
        }
        return text
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>") else {
            return nil
        }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}

public struct MotoError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
