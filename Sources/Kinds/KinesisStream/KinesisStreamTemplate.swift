import Providers
import StackFile

/// A stream as CloudFormation makes it (AWS::Kinesis::Stream).
extension KinesisStreamKind {
    public static func template(_ stream: KinesisStreamSpec) -> [TemplateResource] {
        var properties: [String: TemplateValue] = [
            "Name": .string(stream.name),
            "RetentionPeriodHours": .integer(stream.retentionHours),
            "StreamModeDetails": .object([
                "StreamMode": .string(stream.mode == .onDemand ? "ON_DEMAND" : "PROVISIONED")
            ]),
            "Tags": .tags(stream.tags),
        ]
        if stream.mode == .provisioned { properties["ShardCount"] = .integer(stream.shards ?? 1) }
        if let key = stream.kmsKeyID {
            properties["StreamEncryption"] = .object([
                "EncryptionType": .string("KMS"), "KeyId": .string(key),
            ])
        }
        return [TemplateResource(type: "AWS::Kinesis::Stream", properties: properties)]
    }
}
