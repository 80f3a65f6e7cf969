import AWS
import Providers
import StackFile

/// `glue.database`: the catalog database that holds a format conversion's table. Deleting it
/// would delete every table in it, so a database that holds tables of others is kept (and
/// given back: the stack's tags come off).
public struct GlueDatabaseProvider: ResourceProvider {
    public let glue: GlueClient
    public let region: String
    public let partition: String

    public init(glue: GlueClient, region: String) {
        self.glue = glue
        self.region = region
        partition = Partition.of(region: region).name
    }

    public var replacingAttributes: Set<String> { [] }

    public func attributes(of database: GlueDatabaseSpec) -> Attributes {
        var attributes = Attributes(name: database.name)
        attributes.addTags(database.tags)
        return attributes
    }

    public func read(_ desired: GlueDatabaseSpec) async throws -> LiveResource? {
        try await read(name: desired.name)
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var taggingAPIType: String? { "glue:database" }

    public func name(taggedAs arn: ARN) -> String? {
        guard arn.service == "glue", arn.resource.hasPrefix("database/") else { return nil }
        return String(arn.resource.dropFirst("database/".count))
    }

    public func read(name: String) async throws -> LiveResource? {
        guard let catalog = try await glue.databaseCatalogID(name: name) else { return nil }
        let arn = ARN(
            partition: partition, service: "glue", region: region, accountID: catalog,
            resource: "database/\(name)")
        let tags =
            try await nilIfNotFound { try await glue.tags(ofResource: arn.description) } ?? [:]
        return LiveResource(
            spec: GlueDatabaseSpec(name: name, tags: tags).resourceSpec,
            owner: tags[Ownership.tagKey], arn: arn)
    }

    public func create(_ database: GlueDatabaseSpec, progress: ProgressReporter) async throws {
        if try await glue.createDatabase(
            name: database.name, description: "schemas of streamstack delivery streams",
            tags: database.tags)
        {
            throw LostAnswerClaim.unproven("Glue database", database.name)
        }
    }

    public func update(
        _ desired: GlueDatabaseSpec, from current: GlueDatabaseSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        let arn = try live.requiredARN().description
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await glue.tag(resource: arn, tags: $0) },
            untag: { try await glue.untag(resource: arn, keys: $0) })
    }

    public func delete(
        _ current: GlueDatabaseSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        let name = current.name
        let others = try await glue.tables(database: name).map(\.name)
        guard others.isEmpty else {
            try await glue.untag(
                resource: try live.requiredARN().description,
                keys: current.tags.keys.filter { $0.hasPrefix("streamstack:") }.sorted())
            progress.note(
                "kept Glue database \(name): it holds tables that are not the stack's (\(others.joined(separator: ", "))); the stack's tags came off it"
            )
            return
        }
        do {
            try await glue.deleteDatabase(name: name)
        } catch let error as AWSError where error.isNotFound {
            return
        }
    }
}
