import AWS
import Providers
import StackFile

extension ResourceType {
    public static let logGroup = ResourceType("logs.log_group")
}

extension LogGroupSpec: TypedSpec {
    public static var resourceType: ResourceType { .logGroup }

    /// Two delivery streams that share a log group each bring their log stream.
    public func merged(with other: LogGroupSpec) -> LogGroupSpec {
        var group = self
        group.logStreams = Array(Set(logStreams + other.logStreams)).sorted()
        return group
    }
}

/// `logs.log_group`: the log group a delivery stream writes its errors to (`ID.log_group`).
public enum LogGroupKind: ResourceKind {
    public typealias Spec = LogGroupSpec
    public typealias Provider = LogGroupProvider

    public static let deletionRank = 4
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.beside

    public static func provider(_ services: ProviderServices) throws -> LogGroupProvider {
        LogGroupProvider(logs: try CloudWatchLogsClient(services.context))
    }
}
