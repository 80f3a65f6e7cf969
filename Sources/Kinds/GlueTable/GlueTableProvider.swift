import AWS
import Providers
import StackFile

/// `glue.table`: the table a format conversion reads its schema from, written whole so that
/// Athena can query what lands (location, SerDe, formats, partition keys and their
/// projection). Glue tables take no tags, so the stack's tags live in the table's parameters.
public struct GlueTableProvider: ResourceProvider {
    public let glue: GlueClient

    public init(glue: GlueClient) { self.glue = glue }

    public var replacingAttributes: Set<String> { [] }

    /// Hive's classes for each output format.
    static func classes(_ format: OutputFormat) -> (input: String, output: String, serde: String) {
        switch format {
        case .parquet:
            (
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
            )
        case .orc:
            (
                "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcSerde"
            )
        }
    }

    /// The parameter Athena and Glue read a table's format from.
    static let classification = "classification"

    public func attributes(of table: GlueTableSpec) -> Attributes {
        var attributes = Attributes(name: table.name)
        attributes.add("location", table.location)
        attributes.add("format", table.format)
        attributes.append(("columns", .list(table.columns.map { "\($0.name) \($0.type)" })))
        attributes.append(
            ("partition_keys", .list(table.partitionKeys.map { "\($0.name) \($0.type)" })))
        for (key, value) in table.projection.sorted(by: { $0.key < $1.key }) {
            attributes.add("parameters.\(key)", value)
        }
        attributes.addTags(table.tags)
        attributes.addUnmodelled(table.unmodelled)
        return attributes
    }

    public func read(_ desired: GlueTableSpec) async throws -> LiveResource? {
        try await read(name: desired.name)
    }

    /// - Parameter name: `database.table`.
    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var listsFromTagged: Bool { true }

    /// Glue tables take no tags: the stack's are found in the databases it declares or owns,
    /// by the ownership tag kept in their parameters.
    public func listOwned(_ search: OwnedSearch) async throws -> [String] {
        let databases = Set(
            (search.tagged[.glueDatabase] ?? [])
                + search.declared.compactMap { $0.type == .glueDatabase ? $0.spec.name : nil })
        var found: [String] = []
        for database in databases.sorted() {
            for table in try await glue.tables(database: database)
            where table.parameters[Ownership.tagKey] == search.stack {
                found.append("\(database).\(table.name)")
            }
        }
        return found
    }

    public func read(name: String) async throws -> LiveResource? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let database = String(name[..<dot])
        let tableName = String(name[name.index(after: dot)...])
        guard let table = try await glue.getTable(database: database, name: tableName) else {
            return nil
        }
        let format =
            OutputFormat.allCases.first { Self.classes($0).serde == table.serializationLibrary }?
            .rawValue
            ?? table.serializationLibrary ?? ""
        let tags = table.parameters.filter { $0.key.hasPrefix("streamstack:") }
        let projection = table.parameters.filter {
            $0.key.hasPrefix("projection.") || $0.key == "storage.location.template"
        }
        var spec = GlueTableSpec(
            database: database, table: table.name,
            columns: table.columns.map { DeliveryStreamSpec.Column(name: $0.name, type: $0.type) },
            partitionKeys: table.partitionKeys.map {
                DeliveryStreamSpec.Column(name: $0.name, type: $0.type)
            }, location: table.location ?? "", format: format, projection: projection, tags: tags)
        // UpdateTable writes the parameters whole: any other is removed by apply.
        for (key, value) in table.parameters
        where tags[key] == nil && projection[key] == nil
            && !(key == Self.classification && value == format)
        {
            spec.unmodelled.removedByApply["Parameters.\(key)"] = value
        }
        return LiveResource(spec: spec.resourceSpec, owner: tags[Ownership.tagKey])
    }

    static func table(_ spec: GlueTableSpec) -> GlueClient.Table {
        let format = OutputFormat(rawValue: spec.format) ?? .parquet
        let classes = classes(format)
        return GlueClient.Table(
            name: spec.table,
            columns: spec.columns.map { GlueClient.Column(name: $0.name, type: $0.type) },
            partitionKeys: spec.partitionKeys.map {
                GlueClient.Column(name: $0.name, type: $0.type)
            },
            location: spec.location, inputFormat: classes.input, outputFormat: classes.output,
            serializationLibrary: classes.serde,
            parameters: spec.projection.merging(spec.tags) { $1 }.merging([
                classification: format.rawValue
            ]) { $1 })
    }

    public func create(_ table: GlueTableSpec, progress: ProgressReporter) async throws {
        if try await glue.createTable(database: table.database, Self.table(table)) {
            throw LostAnswerClaim.unproven("Glue table", table.name)
        }
    }

    /// UpdateTable replaces the whole definition: the stack's table is the stack's to define.
    public func update(
        _ desired: GlueTableSpec, from current: GlueTableSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        try await glue.updateTable(database: desired.database, Self.table(desired))
    }

    public func delete(
        _ current: GlueTableSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        do {
            try await glue.deleteTable(database: current.database, name: current.table)
        } catch let error as AWSError where error.isNotFound {
            return
        }
    }
}
