import Foundation

/// Amazon CloudWatch Logs (JSON 1.1): the log group and stream of Firehose's error logging.
public struct CloudWatchLogsClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .logs) }

    struct CreateGroupInput: Encodable {
        var logGroupName: String
        var tags: [String: String]?
    }

    /// Creates the group; one that exists already is left as it is.
    public func createLogGroup(name: String, tags: [String: String] = [:]) async throws {
        do {
            try await client.jsonResponse(
                "CreateLogGroup",
                CreateGroupInput(logGroupName: name, tags: tags.isEmpty ? nil : tags))
        } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {
            return
        }
    }

    struct CreateStreamInput: Encodable {
        var logGroupName: String
        var logStreamName: String
    }

    public func createLogStream(group: String, name: String) async throws {
        do {
            try await client.jsonResponse(
                "CreateLogStream", CreateStreamInput(logGroupName: group, logStreamName: name))
        } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {
            return
        }
    }

    struct DescribeGroupsInput: Encodable {
        var logGroupNamePrefix: String
        var nextToken: String?
    }
    struct DescribeGroupsOutput: Decodable {
        var logGroups: [Group]
        var nextToken: String?
        struct Group: Decodable {
            var logGroupName: String
            var arn: String?
            var retentionInDays: Int?
            var kmsKeyId: String?
            var deletionProtectionEnabled: Bool?
        }
    }

    /// A log group as DescribeLogGroups reports it.
    public struct LogGroup: Sendable {
        /// Without the trailing `:*` (as tagging calls take it).
        public var arn: String
        /// Settings of the group streamstack never changes, by CloudWatch Logs' names.
        public var otherSettings: [String: String]
    }

    /// The group's ARN without the trailing `:*` (as tagging calls take it); nil when there is
    /// no such group.
    public func logGroupARN(name: String) async throws -> String? {
        try await logGroup(name: name)?.arn
    }

    /// nil when there is no such group.
    public func logGroup(name: String) async throws -> LogGroup? {
        var tokens = PageTokens(operation: "DescribeLogGroups")
        var token: String?
        repeat {
            let page = try await client.json(
                "DescribeLogGroups",
                DescribeGroupsInput(logGroupNamePrefix: name, nextToken: token),
                as: DescribeGroupsOutput.self)
            if let group = page.logGroups.first(where: { $0.logGroupName == name }) {
                let arn = group.arn ?? ""
                var settings: [String: String] = [:]
                settings["retentionInDays"] = group.retentionInDays.map(String.init)
                settings["kmsKeyId"] = group.kmsKeyId
                if group.deletionProtectionEnabled == true {
                    settings["deletionProtectionEnabled"] = "true"
                }
                return LogGroup(
                    arn: arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn,
                    otherSettings: settings)
            }
            token = try tokens.next(page.nextToken)
        } while token != nil
        return nil
    }

    struct DescribeStreamsInput: Encodable {
        var logGroupName: String
        var logStreamNamePrefix: String
    }
    struct DescribeStreamsOutput: Decodable {
        var logStreams: [Stream]
        struct Stream: Decodable { var logStreamName: String }
    }

    /// Whether the group holds a stream of this name.
    public func logStreamExists(group: String, name: String) async throws -> Bool {
        do {
            return try await client.json(
                "DescribeLogStreams",
                DescribeStreamsInput(logGroupName: group, logStreamNamePrefix: name),
                as: DescribeStreamsOutput.self
            ).logStreams.contains { $0.logStreamName == name }
        } catch let error as AWSError where error.isNotFound {
            return false
        }
    }

    private struct GetEventsInput: Encodable {
        var logGroupName: String
        var logStreamName: String
        var startTime: Int64
        var startFromHead = false
        var limit = 1
    }
    private struct GetEventsOutput: Decodable {
        var events: [Event]
        struct Event: Decodable {
            var timestamp: Int64
            var message: String
        }
    }

    /// The newest event of a stream since a time (what Firehose last wrote to its error log);
    /// nil when there is none, or no such group or stream.
    public func latestEvent(group: String, stream: String, since start: Date) async throws
        -> (time: Date, message: String)?
    {
        do {
            let output = try await client.json(
                "GetLogEvents",
                GetEventsInput(
                    logGroupName: group, logStreamName: stream,
                    startTime: Int64(start.timeIntervalSince1970 * 1000)),
                as: GetEventsOutput.self)
            return output.events.max { $0.timestamp < $1.timestamp }.map {
                (Date(timeIntervalSince1970: Double($0.timestamp) / 1000), $0.message)
            }
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
    }

    /// The tags of a group by its ARN.
    public func tags(ofResource arn: String) async throws -> [String: String] {
        try await client.json(
            "ListTagsForResource", TagsInput(resourceArn: arn), as: TagsOutput.self
        )
        .tags ?? [:]
    }

    struct TagResourceInput: Encodable {
        var resourceArn: String
        var tags: [String: String]
    }
    struct UntagResourceInput: Encodable {
        var resourceArn: String
        var tagKeys: [String]
    }

    public func tag(resource arn: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        try await client.jsonResponse("TagResource", TagResourceInput(resourceArn: arn, tags: tags))
    }

    public func untag(resource arn: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await client.jsonResponse(
            "UntagResource", UntagResourceInput(resourceArn: arn, tagKeys: keys))
    }

    public func logGroupExists(name: String) async throws -> Bool {
        try await logGroupARN(name: name) != nil
    }

    struct TagsInput: Encodable { var resourceArn: String }
    struct TagsOutput: Decodable { var tags: [String: String]? }

    struct GroupInput: Encodable { var logGroupName: String }

    public func deleteLogGroup(name: String) async throws {
        do {
            try await client.jsonResponse("DeleteLogGroup", GroupInput(logGroupName: name))
        } catch let error as AWSError where error.isNotFound {
            return
        }
    }
}
