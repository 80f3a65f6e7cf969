import StackFile

/// A Kinesis data stream as the stack wants it, with every `${...}` filled in and every omitted
/// property set to the AWS default, so that it compares directly with what AWS reports.
public struct KinesisStreamSpec: Sendable, Equatable {
    public typealias Mode = StreamMode
    public var name: String
    public var mode: Mode
    /// nil for on-demand streams.
    public var shards: Int?
    public var retentionHours: Int
    /// nil when unencrypted.
    public var kmsKeyID: String?
    /// Stack tags, resource tags and the ownership tag.
    public var tags: [String: String]
    /// Delete the stream even with registered consumers: the file's word, not AWS state.
    public var enforceConsumerDeletion: Bool
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, mode: Mode, shards: Int?, retentionHours: Int, kmsKeyID: String?,
        tags: [String: String], enforceConsumerDeletion: Bool = false
    ) {
        self.name = name
        self.mode = mode
        self.shards = shards
        self.retentionHours = retentionHours
        self.kmsKeyID = kmsKeyID
        self.tags = tags
        self.enforceConsumerDeletion = enforceConsumerDeletion
    }
}
