import AWS
import Providers
import StackFile

extension ResourceType {
    public static let alarm = ResourceType("cloudwatch.alarm")
}

extension AlarmSpec: TypedSpec {
    public static var resourceType: ResourceType { .alarm }
}

/// `cloudwatch.alarm`: the alarms `monitoring: { alarms: true }` gives each stream and delivery
/// stream. Deleted first: nothing uses an alarm, and an alarm on a resource being deleted
/// would only fire.
public enum AlarmKind: ResourceKind {
    public typealias Spec = AlarmSpec
    public typealias Provider = AlarmProvider

    public static let deletionRank = 0
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.beside

    public static func provider(_ services: ProviderServices) throws -> AlarmProvider {
        AlarmProvider(cloudwatch: try CloudWatchClient(services.context))
    }
}
