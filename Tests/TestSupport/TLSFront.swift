import Foundation

/// moto behind TLS with a certificate from a private CA (tls_front.py): an endpoint that only a
/// client given the CA's bundle can reach. The relay passes bytes unchanged, so signatures
/// stay valid.
public final class TLSFront: Sendable {
    public let endpoint: URL
    /// The CA's certificate, PEM.
    public let caBundle: URL
    private let process: Process

    public init(upstream: URL) throws {
        caBundle = FileManager.default.temporaryDirectory.appendingPathComponent(
            "streamstack-ca-\(UUID().uuidString).pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            ProcessInfo.processInfo.environment["STREAMSTACK_PYTHON"] ?? "python3",
            packageRoot.appendingPathComponent("Tests/TestSupport/tls_front.py").path,
            String(upstream.port ?? 80), caBundle.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first line is the port, written once the CA is on disk.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty,
            byte != Data("\n".utf8)
        {
            line += byte
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw MotoError("tls_front.py did not start (is Python's cryptography installed?)")
        }
        endpoint = URL(string: "https://127.0.0.1:\(port)")!
        self.process = process
    }

    public func stop() { process.terminate() }
}
