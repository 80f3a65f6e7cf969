import AWS
import Foundation
import Synchronization
import TestSupport

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
