import StackFile

/// A resource as AWS has it now, in the stack language's terms.
public struct LiveResource: Sendable {
    public var spec: ResourceSpec
    /// The value of its `streamstack:stack` tag: nil when untagged.
    public var owner: String?
    /// As AWS reports it; nil for types read without one (buckets, Glue tables).
    public var arn: ARN?
    public var status: ResourceStatus

    public init(
        spec: ResourceSpec, owner: String?, arn: ARN? = nil, status: ResourceStatus = .ready
    ) {
        self.spec = spec
        self.owner = owner
        self.arn = arn
        self.status = status
    }

    /// The ARN a change needs; an error names the resource when the read found none.
    public func requiredARN() throws -> ARN {
        guard let arn else {
            throw ProviderFailure.internalError(
                "\(spec.type) \(spec.name): AWS reported no ARN for it")
        }
        return arn
    }
}

/// Where a resource stands in AWS's lifecycle, as its service reports it.
public enum ResourceStatus: Sendable, Equatable {
    /// Ready for changes (`ACTIVE`).
    case ready
    case creating
    case updating
    case deleting
    /// A delivery stream whose creation failed: it can only be deleted. AWS's reason, if any.
    case creationFailed(reason: String?)
    /// Any other state AWS reports (`DELETING_FAILED`, `SUSPENDED`), by its name.
    case other(String)

    /// From Kinesis's `StreamStatus` or Firehose's `DeliveryStreamStatus`.
    public init(aws status: String, failure: String? = nil) {
        switch status {
        case "ACTIVE": self = .ready
        case "CREATING": self = .creating
        case "UPDATING": self = .updating
        case "DELETING": self = .deleting
        case "CREATING_FAILED": self = .creationFailed(reason: failure)
        default: self = .other(status)
        }
    }

    /// AWS's word for a state that is not ready, for plans; nil when ready.
    public var awsName: String? {
        switch self {
        case .ready: nil
        case .creating: "CREATING"
        case .updating: "UPDATING"
        case .deleting: "DELETING"
        case .creationFailed: "CREATING_FAILED"
        case .other(let name): name
        }
    }
}
