import Providers
import StackFile

/// Every kind of resource streamstack manages: the one list the engine, the stack language,
/// the schema and `import` read. A new kind is a folder beside the others and a line here.
public enum ResourceKinds {
    /// In the order the schema and the reference list the kinds a file declares.
    public static let all: [any ResourceKind.Type] = [
        KinesisStreamKind.self,
        BucketKind.self,
        DeliveryStreamKind.self,
        RoleKind.self,
        LogGroupKind.self,
        GlueDatabaseKind.self,
        GlueTableKind.self,
        AlarmKind.self,
    ]

    /// The kinds stack files declare under `resources:`; the others come with them.
    public static let language = StackLanguage(
        kinds: all.compactMap { $0 as? any DeclarableKind.Type },
        settings: [MonitoringFields.section], settingsRules: [MonitoringRules.check])

    private static let byType = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })

    /// The kind of a resource type; nil for a type no kind declares (a saved plan of another
    /// version).
    public static func kind(of type: ResourceType) -> (any ResourceKind.Type)? { byType[type] }
}

extension ResourceType {
    /// Its kind's deletion rank; last for a type no kind declares.
    public var deletionRank: Int { ResourceKinds.kind(of: self)?.deletionRank ?? .max }

    /// Whether its kind's creates are written down first.
    public var isJournaled: Bool { ResourceKinds.kind(of: self)?.isJournaled ?? false }
}
