import AWS
import Providers
import StackFile

extension ResourceType {
    public static let glueDatabase = ResourceType("glue.database")
}

extension GlueDatabaseSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueDatabase }
}

/// `glue.database`: the database of a format conversion's table (`ID.glue_database`). Deleted after its tables.
public enum GlueDatabaseKind: ResourceKind {
    public typealias Spec = GlueDatabaseSpec
    public typealias Provider = GlueDatabaseProvider

    public static let deletionRank = 3
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.beside

    public static func provider(_ services: ProviderServices) throws -> GlueDatabaseProvider {
        GlueDatabaseProvider(
            glue: try GlueClient(services.context), region: services.context.region)
    }
}
