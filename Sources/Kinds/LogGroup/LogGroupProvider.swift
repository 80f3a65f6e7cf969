import AWS
import Providers
import StackFile

/// `logs.log_group`: the CloudWatch Logs group (and its streams) a delivery stream writes its
/// errors to. Tagged like every resource of the stack, so that one made by someone else is
/// never taken or deleted silently.
public struct LogGroupProvider: ResourceProvider {
    public let logs: CloudWatchLogsClient

    public init(logs: CloudWatchLogsClient) { self.logs = logs }

    public var replacingAttributes: Set<String> { [] }

    public func attributes(of group: LogGroupSpec) -> Attributes {
        var attributes = Attributes(name: group.name)
        attributes.append(("log_streams", .list(group.logStreams.sorted())))
        attributes.addTags(group.tags)
        return attributes
    }

    public func read(_ desired: LogGroupSpec) async throws -> LiveResource? {
        try await read(name: desired.name, streams: desired.logStreams)
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var taggingAPIType: String? { "logs" }

    /// `log-group:NAME`, or `log-group:NAME:*` as some APIs spell it.
    public func name(taggedAs arn: ARN) -> String? {
        guard arn.service == "logs", arn.resource.hasPrefix("log-group:") else { return nil }
        var name = arn.resource.dropFirst("log-group:".count)
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        return String(name)
    }

    /// - Parameter streams: the streams to look for (a deleted one is drift).
    public func read(name: String, streams: [String] = []) async throws -> LiveResource? {
        guard let group = try await logs.logGroup(name: name) else { return nil }
        let arn = group.arn
        let tags = try await nilIfNotFound { try await logs.tags(ofResource: arn) } ?? [:]
        var present: [String] = []
        for stream in streams where try await logs.logStreamExists(group: name, name: stream) {
            present.append(stream)
        }
        var spec = LogGroupSpec(name: name, logStreams: present, tags: tags)
        // Retention, a key, deletion protection: streamstack sets none of them, and keeps them.
        spec.unmodelled.keptByApply = group.otherSettings
        return LiveResource(spec: spec.resourceSpec, owner: tags[Ownership.tagKey], arn: ARN(arn))
    }

    public func create(_ group: LogGroupSpec, progress: ProgressReporter) async throws {
        try await logs.createLogGroup(name: group.name, tags: group.tags)
        for stream in group.logStreams {
            try await logs.createLogStream(group: group.name, name: stream)
        }
    }

    public func update(
        _ desired: LogGroupSpec, from current: LogGroupSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        for stream in desired.logStreams where !current.logStreams.contains(stream) {
            try await logs.createLogStream(group: desired.name, name: stream)
        }
        let arn = try live.requiredARN().description
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await logs.tag(resource: arn, tags: $0) },
            untag: { try await logs.untag(resource: arn, keys: $0) })
    }

    public func delete(
        _ current: LogGroupSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        try await logs.deleteLogGroup(name: current.name)
    }
}
