/// Every kind of resource a stack holds, by the name plans and stack files use. What each
/// kind needs (its deletion rank, whether its creates are journaled) is declared here, so a
/// new kind is a new case every switch must answer.
public enum ResourceType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case kinesisStream = "kinesis.stream"
    case bucket = "s3.bucket"
    case deliveryStream = "firehose.delivery_stream"
    /// The role streamstack keeps for a delivery stream (`ID.role`).
    case role = "iam.role"
    /// A delivery stream's satellites (`ID.log_group`, `ID.glue_database`, `ID.glue_table`).
    case logGroup = "logs.log_group"
    case glueDatabase = "glue.database"
    case glueTable = "glue.table"

    public var description: String { rawValue }

    /// Deleted in rank order: delivery streams first (they use the others), then roles, then
    /// Glue tables before their databases, then the rest.
    public var deletionRank: Int {
        switch self {
        case .deliveryStream: 0
        case .role: 1
        case .glueTable: 2
        case .glueDatabase: 3
        case .kinesisStream, .bucket, .logGroup: 4
        }
    }

    /// Created under a name the stack chose but tagged only after AWS answers: a lost answer
    /// would leave an untagged resource, so the create is written down first.
    public var isJournaled: Bool {
        switch self {
        case .bucket, .kinesisStream: true
        case .deliveryStream, .role, .logGroup, .glueDatabase, .glueTable: false
        }
    }
}

/// The kinds a stack file declares under `resources:`; the others come with a delivery stream.
public enum DeclaredResourceType: Sendable, CaseIterable {
    case kinesisStream, bucket, deliveryStream

    public var resourceType: ResourceType {
        switch self {
        case .kinesisStream: .kinesisStream
        case .bucket: .bucket
        case .deliveryStream: .deliveryStream
        }
    }

    /// Its properties with their defaults, and the attributes `${ID.ATTRIBUTE}` can name.
    public var schema: ResourceTypeSchema {
        switch self {
        case .kinesisStream: KinesisStreamFields.schema
        case .bucket: BucketFields.schema
        case .deliveryStream: DeliveryStreamFields.schema
        }
    }
}
