import Engine
import Kinds
import Providers

/// A plan with one resource of each kind of decision, for the renderers and saved plans.
public enum SamplePlan {
    public static let oldPolicy =
        #"{"Statement":[{"Action":["s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::old","arn:aws:s3:::old/*"]}],"Version":"2012-10-17"}"#
    public static let newPolicy =
        #"{"Statement":[{"Action":["s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::new","arn:aws:s3:::new/*"]}],"Version":"2012-10-17"}"#

    public static var plan: Plan {
        var plan = Plan(
            stack: "demo", region: "sa-east-1", accountID: "123456789012",
            resources: [
                PlannedResource(
                    id: "stream1", type: .kinesisStream, name: "stream1", action: .create,
                    changes: [
                        AttributeChange(
                            key: "shards", old: nil, new: .number(1), forcesReplacement: false),
                        AttributeChange(
                            key: "tags.streamstack:stack", old: nil, new: .string("demo"),
                            forcesReplacement: false),
                    ]),
                PlannedResource(
                    id: "landing", type: .bucket, name: "demo-landing", action: .update,
                    changes: [
                        AttributeChange(
                            key: "versioning", old: .string("enabled"), new: .string("suspended"),
                            forcesReplacement: false)
                    ]),
                PlannedResource(
                    id: "delivery.role", type: .role, name: "streamstack-demo-delivery",
                    action: .update,
                    changes: [
                        AttributeChange(
                            key: "policy.firehose-delivery", old: .string(oldPolicy),
                            new: .string(newPolicy), forcesReplacement: false)
                    ]),
                PlannedResource(
                    id: "delivery", type: .deliveryStream, name: "to-new",
                    action: .replace,
                    changes: [
                        AttributeChange(
                            key: "name", old: .string("to-old"), new: .string("to-new"),
                            forcesReplacement: true)
                    ],
                    reason: .renamed(from: "to-old", to: "to-new"),
                    dependencies: ["delivery.role"]),
                PlannedResource(
                    id: "theirs", type: .kinesisStream, name: "theirs", action: .noChange,
                    changes: [],
                    // As a saved plan carries it: the words the plan showed.
                    conflict: .saved(
                        "kinesis.stream theirs already exists without the tag streamstack:stack=demo"
                    )
                ),
                PlannedResource(
                    id: "kinesis.stream:old", type: .kinesisStream, name: "old", action: .delete,
                    changes: [
                        AttributeChange(
                            key: "shards", old: .number(2), new: nil, forcesReplacement: false)
                    ],
                    reason: .noLongerDeclared(id: "old"),
                    foundByTag: true),
            ],
            liveStateFingerprint: "f00d")
        plan.regionOrigin = "the stack file"
        plan.warnings = ["bucket demo-old holds objects"]
        return plan
    }
}
