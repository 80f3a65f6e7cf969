import Providers
import StackFile

/// The log group as CloudFormation makes it (AWS::Logs::LogGroup, and AWS::Logs::LogStream
/// for each of its streams).
extension LogGroupKind {
    public static func template(_ group: LogGroupSpec) -> [TemplateResource] {
        [
            TemplateResource(
                type: "AWS::Logs::LogGroup",
                properties: ["LogGroupName": .string(group.name), "Tags": .tags(group.tags)])
        ]
            + group.logStreams.sorted().enumerated().map { index, stream in
                TemplateResource(
                    suffix: "Stream\(index + 1)", type: "AWS::Logs::LogStream",
                    properties: [
                        "LogGroupName": .string(group.name), "LogStreamName": .string(stream),
                    ])
            }
    }
}
