import AWS
import Foundation
import Synchronization
import TestSupport

/// A context for moto with its administrator's keys, through a fault proxy when given one.
func motoContext(
    _ server: MotoServer, through proxy: FaultProxy? = nil, region: String = "sa-east-1",
    credentials: (any CredentialProvider)? = nil, retry: RetryPolicy = fastRetries(),
    logger: (any RequestLogger)? = nil
) -> AWSContext {
    AWSContext(
        region: region,
        credentials: credentials
            ?? StaticCredentialProvider(
                AWSCredentials(
                    accessKeyID: server.accessKeyID, secretAccessKey: server.secretAccessKey,
                    source: "test")),
        endpoints: EndpointResolver(commandLineOverride: proxy?.endpoint ?? server.endpoint),
        retry: retry, logger: logger, timeout: .seconds(10))
}

/// Retries as in production, with delays short enough for tests.
func fastRetries(maxAttempts: Int = 5) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
}

/// A name no other test uses: lower-case letters and digits only (moto's signature checking
/// trips over `+ = %` and non-ASCII in S3 names).
func uniqueName(_ prefix: String) -> String {
    prefix + "-" + UUID().uuidString.lowercased().prefix(12)
}

/// Collects `--verbose` entries.
final class RecordingLogger: RequestLogger {
    private let entries = Mutex<[RequestLogEntry]>([])
    func log(_ entry: RequestLogEntry) { entries.withLock { $0.append(entry) } }
    var all: [RequestLogEntry] { entries.withLock { $0 } }
}
