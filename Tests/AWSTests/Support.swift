import AWS
import Foundation
import Synchronization
import TestSupport

/// Collects `--verbose` entries.
final class RecordingLogger: RequestLogger {
    private let entries = Mutex<[RequestLogEntry]>([])
    func log(_ entry: RequestLogEntry) { entries.withLock { $0.append(entry) } }
    var all: [RequestLogEntry] { entries.withLock { $0 } }
}
