import StackFile

/// The Glue table a format conversion reads its schema from, complete enough for Athena to
/// query what lands: location, SerDe and formats, partition keys with partition projection.
public struct GlueTableSpec: Sendable, Equatable {
    public var database: String
    public var table: String
    public var columns: [DeliveryStreamSpec.Column]
    public var partitionKeys: [DeliveryStreamSpec.Column]
    /// `s3://bucket/prefix/`: the fixed part of the delivery stream's prefix.
    public var location: String
    /// An `OutputFormat`'s word, or the SerDe of a table in some other format.
    public var format: String
    /// Athena's partition projection (`projection.*`, `storage.location.template`).
    public var projection: [String: String]
    /// Glue tables take no tags: these are kept in the table's parameters.
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    /// `database.table`, the name plans show and discovery finds.
    public var name: String { "\(database).\(table)" }

    public init(
        database: String, table: String, columns: [DeliveryStreamSpec.Column],
        partitionKeys: [DeliveryStreamSpec.Column], location: String, format: String,
        projection: [String: String], tags: [String: String]
    ) {
        self.database = database
        self.table = table
        self.columns = columns
        self.partitionKeys = partitionKeys
        self.location = location
        self.format = format
        self.projection = projection
        self.tags = tags
    }
}
