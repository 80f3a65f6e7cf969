import AWS
import Providers
import StackFile

/// A delivery stream as CloudFormation makes it (AWS::KinesisFirehose::DeliveryStream): its
/// destination is the very configuration apply sends to CreateDeliveryStream, whose members
/// CloudFormation shares.
extension DeliveryStreamKind {
    public static func template(_ delivery: DeliveryStreamSpec) -> [TemplateResource] {
        var properties: [String: TemplateValue] = [
            "DeliveryStreamName": .string(delivery.name),
            "ExtendedS3DestinationConfiguration": TemplateValue(
                encoding: DeliveryStreamProvider.destination(
                    delivery, region: TemplatePlaceholders.region, forUpdate: false)),
            "Tags": .tags(delivery.tags),
        ]
        if let source = delivery.sourceStreamARN {
            properties["DeliveryStreamType"] = .string("KinesisStreamAsSource")
            properties["KinesisStreamSourceConfiguration"] = .object([
                "KinesisStreamARN": .string(source),
                "RoleARN": .string(delivery.sourceRoleARN ?? delivery.roleARN),
            ])
        } else {
            properties["DeliveryStreamType"] = .string("DirectPut")
        }
        return [
            TemplateResource(type: "AWS::KinesisFirehose::DeliveryStream", properties: properties)
        ]
    }
}
