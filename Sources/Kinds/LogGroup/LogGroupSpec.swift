import StackFile

/// The CloudWatch Logs group a delivery stream writes its errors to, with the streams in it.
public struct LogGroupSpec: Sendable, Equatable {
    public var name: String
    public var logStreams: [String]
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()
    public init(name: String, logStreams: [String], tags: [String: String]) {
        self.name = name
        self.logStreams = logStreams
        self.tags = tags
    }
}
