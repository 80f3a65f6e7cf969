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
        struct Group: Decodable { var logGroupName: String }
    }

    public func logGroupExists(name: String) async throws -> Bool {
        var tokens = PageTokens(operation: "DescribeLogGroups")
        var token: String?
        repeat {
            let page = try await client.json(
                "DescribeLogGroups",
                DescribeGroupsInput(logGroupNamePrefix: name, nextToken: token),
                as: DescribeGroupsOutput.self)
            if page.logGroups.contains(where: { $0.logGroupName == name }) { return true }
            token = try tokens.next(page.nextToken)
        } while token != nil
        return false
    }

    struct TagsInput: Encodable { var resourceArn: String }
    struct TagsOutput: Decodable { var tags: [String: String]? }

    /// The group's tags (by the group's ARN, without the trailing `:*`).
    public func tags(
        ofGroup name: String, region: String, accountID: String, partition: String = "aws"
    )
        async throws -> [String: String]
    {
        do {
            return try await client.json(
                "ListTagsForResource",
                TagsInput(
                    resourceArn: "arn:\(partition):logs:\(region):\(accountID):log-group:\(name)"),
                as: TagsOutput.self
            ).tags ?? [:]
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return [:]
        }
    }

    struct GroupInput: Encodable { var logGroupName: String }

    public func deleteLogGroup(name: String) async throws {
        do {
            try await client.jsonResponse("DeleteLogGroup", GroupInput(logGroupName: name))
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return
        }
    }
}
