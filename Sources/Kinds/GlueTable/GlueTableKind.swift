import AWS
import Providers
import StackFile

extension ResourceType {
    public static let glueTable = ResourceType("glue.table")
}

extension GlueTableSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueTable }
}

/// `glue.table`: the table a format conversion reads its schema from (`ID.glue_table`). Deleted before its database.
public enum GlueTableKind: ResourceKind {
    public typealias Spec = GlueTableSpec
    public typealias Provider = GlueTableProvider

    public static let deletionRank = 2
    public static let isJournaled = false
    public static let recordFlow = RecordFlow.beside

    public static func provider(_ services: ProviderServices) throws -> GlueTableProvider {
        GlueTableProvider(glue: try GlueClient(services.context))
    }
}
