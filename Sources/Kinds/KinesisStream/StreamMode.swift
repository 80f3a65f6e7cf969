import StackFile

/// A stream's capacity mode.
public enum StreamMode: String, Vocabulary {
    case provisioned
    case onDemand = "on-demand"

    /// Kinesis's `StreamModeDetails.StreamMode`.
    public var awsName: String {
        switch self {
        case .provisioned: "PROVISIONED"
        case .onDemand: "ON_DEMAND"
        }
    }
}
