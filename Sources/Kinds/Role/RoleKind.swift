import AWS
import Providers
import StackFile

extension ResourceType {
    public static let role = ResourceType("iam.role")
}

extension RoleSpec: TypedSpec {
    public static var resourceType: ResourceType { .role }
}

/// `iam.role`: the role streamstack keeps for a delivery stream that names none (`ID.role`). Deleted after the delivery streams that use it.
public enum RoleKind: ResourceKind {
    public typealias Spec = RoleSpec
    public typealias Provider = RoleProvider

    public static let deletionRank = 1
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.beside

    public static func provider(_ services: ProviderServices) throws -> RoleProvider {
        RoleProvider(iam: try IAMClient(services.context), region: services.context.region)
    }
}
