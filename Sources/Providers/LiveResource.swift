import StackFile

/// A resource as AWS has it now, in the stack language's terms.
public struct LiveResource: Sendable {
    public var spec: ResourceSpec
    /// The value of its `streamstack:stack` tag: nil when untagged.
    public var owner: String?
    /// Provider details the plan does not show (Firehose's version and destination ids).
    public var details: [String: String]
    /// A state that is not ready for changes (`CREATING`, `UPDATING`, ...), if any.
    public var transitionalStatus: String?

    public init(
        spec: ResourceSpec, owner: String?, details: [String: String] = [:],
        transitionalStatus: String? = nil
    ) {
        self.spec = spec
        self.owner = owner
        self.details = details
        self.transitionalStatus = transitionalStatus
    }
}
