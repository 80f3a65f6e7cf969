import AWS
import Providers
import StackFile

/// How owned Kinesis streams are found.
public enum StreamDiscovery: String, Sendable {
    /// The Resource Groups Tagging API, one paginated call whatever the account holds.
    case taggingAPI = "tagging-api"
    /// ListStreams and ListTagsForStream on every stream: for emulators whose tagging API
    /// lists no streams. On AWS it makes a call per stream of the region, at five a second.
    case scan

    /// The environment variable that chooses it.
    public static let environmentVariable = "STREAMSTACK_STREAM_DISCOVERY"

    /// The choice STREAMSTACK_STREAM_DISCOVERY makes; the tagging API when it is unset.
    public init(environment: [String: String]) throws {
        guard let text = environment[Self.environmentVariable], !text.isEmpty else {
            self = .taggingAPI
            return
        }
        guard let value = Self(rawValue: text) else {
            throw ConfigurationError(
                "\(Self.environmentVariable) is '\(text)'; it must be tagging-api (the default) or scan"
            )
        }
        self = value
    }
}

/// Finds every resource carrying `streamstack:stack=<stack>` in the context's region, so that
/// one removed from the file is deleted and nothing untagged is ever touched. Streams, buckets
/// and delivery streams come from the tagging API, managed roles from their IAM path (which
/// names the region).
struct OwnedResourceDiscovery {
    let context: AWSContext
    let streams: StreamDiscovery

    struct Found: Hashable {
        var type: ResourceType
        var name: String
    }

    /// - Parameter declared: the stack's resources; a scan skips their streams, whose tags
    ///   the plan reads anyway.
    func resources(ownedBy stack: String, declared: [ResolvedResource]) async throws -> [Found] {
        let known = Set(
            declared.compactMap { $0.type == .kinesisStream ? $0.spec.name : nil })
        async let tagged = ResourceGroupsTaggingClient(context).resourceARNs(
            taggedWith: Ownership.tagKey, value: stack,
            types: ["s3", "firehose", "kinesis:stream", "glue:database", "logs"])
        async let roles = IAMClient(context).listRoleNames(
            pathPrefix: Ownership.rolePath(stack: stack, region: context.region))
        async let scanned = streams == .scan ? scanStreams(stack, skipping: known) : []
        var found: [Found] = []
        for arn in try await tagged {
            if let found1 = Self.resource(arn: arn) { found.append(found1) }
        }
        found += try await roles.map { Found(type: .role, name: $0) }
        found += try await scanned.map { Found(type: .kinesisStream, name: $0) }
        found += try await ownedTables(
            stack,
            databases: Set(
                found.filter { $0.type == .glueDatabase }.map(\.name)
                    + declared.compactMap {
                        if case .glueDatabase(let database) = $0.spec { return database.name }
                        return nil
                    }))
        var seen: Set<Found> = []
        return found.filter { seen.insert($0).inserted }
    }

    /// The type and name an ARN from the tagging API stands for.
    static func resource(arn: String) -> Found? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        let (service, resource) = (parts[2], parts[5])
        switch service {
        case "s3" where !resource.contains("/"):
            return Found(type: .bucket, name: String(resource))
        case "firehose" where resource.hasPrefix("deliverystream/"):
            return Found(
                type: .deliveryStream,
                name: String(resource.dropFirst("deliverystream/".count)))
        case "kinesis" where resource.hasPrefix("stream/") && !resource.contains("/consumer/"):
            return Found(
                type: .kinesisStream, name: String(resource.dropFirst("stream/".count)))
        case "glue" where resource.hasPrefix("database/"):
            return Found(
                type: .glueDatabase, name: String(resource.dropFirst("database/".count)))
        case "logs" where resource.hasPrefix("log-group:"):
            var name = resource.dropFirst("log-group:".count)
            if name.hasSuffix(":*") { name = name.dropLast(2) }
            return Found(type: .logGroup, name: String(name))
        default:
            return nil
        }
    }

    /// Glue tables take no tags: the stack's are found in the databases it declares or owns,
    /// by the ownership tag kept in their parameters.
    private func ownedTables(_ stack: String, databases: Set<String>) async throws -> [Found] {
        let glue = try GlueClient(context)
        var found: [Found] = []
        for database in databases.sorted() {
            for table in try await glue.tables(database: database)
            where table.parameters[Ownership.tagKey] == stack {
                found.append(Found(type: .glueTable, name: "\(database).\(table.name)"))
            }
        }
        return found
    }

    private func scanStreams(_ stack: String, skipping known: Set<String>) async throws -> [String]
    {
        let kinesis = try KinesisClient(context)
        let names = try await kinesis.listStreams().filter { !known.contains($0) }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            for name in names {
                group.addTask {
                    do {
                        return try await kinesis.listTags(stream: name)[Ownership.tagKey] == stack
                            ? name : nil
                    } catch let error as AWSError where error.isNotFound {
                        return nil  // deleted meanwhile
                    }
                }
            }
            var owned: [String] = []
            for try await name in group { if let name { owned.append(name) } }
            return owned.sorted()
        }
    }
}
