import Foundation

/// One line of `--verbose`: which call, how it ended, how long it took, which attempt.
/// Nothing here carries a header or a body, so no secret can reach the log.
public struct RequestLogEntry: Sendable {
    public var service: String
    public var operation: String
    public var method: String
    public var host: String
    /// HTTP status, or nil when no response arrived.
    public var status: Int?
    /// The AWS error code or transport failure, if any.
    public var failure: String?
    public var duration: Duration
    public var attempt: Int
    public var maxAttempts: Int

    public var line: String {
        let milliseconds =
            Int(duration.components.seconds * 1000)
            + Int(duration.components.attoseconds / 1_000_000_000_000_000)
        var text =
            "aws: \(service).\(operation) \(method) \(host) → \(status.map(String.init) ?? "no response")"
        if let failure { text += " \(failure)" }
        text += " \(milliseconds)ms attempt \(attempt)/\(maxAttempts)"
        return text
    }
}

/// Receives `--verbose` entries.
public protocol RequestLogger: Sendable {
    func log(_ entry: RequestLogEntry)
}

/// Writes each entry to standard error, through `write` when given (the command line makes
/// the lines safe for a terminal: an error code or host comes from the network).
public struct StandardErrorRequestLogger: RequestLogger {
    let write: @Sendable (String) -> Void

    public init(write: (@Sendable (String) -> Void)? = nil) {
        self.write =
            write ?? { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    public func log(_ entry: RequestLogEntry) { write(entry.line) }
}
