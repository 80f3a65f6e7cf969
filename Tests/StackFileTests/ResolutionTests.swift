import Foundation
import StackFile
import Testing

/// References filled in, defaults applied, managed roles derived.
struct ResolutionTests {
    let context = ResolutionContext(accountID: "210987654321", region: "eu-west-1")

    @Test func theDemoStackResolves() throws {
        let document = try StackLoader.load(path: "\(packageRoot)/Stacks/firehose-demo.yaml").get()
        let stack = try document.resolve(context).get()
        #expect(stack.resources.map(\.id) == ["stream1", "landing", "delivery.role", "delivery"])
        guard case .deliveryStream(let delivery) = stack.resource("delivery")?.spec,
            case .role(let role) = stack.resource("delivery.role")?.spec,
            case .bucket(let bucket) = stack.resource("landing")?.spec
        else {
            Issue.record("wrong types")
            return
        }
        #expect(bucket.name == "firehose-demo-210987654321")
        #expect(bucket.versioning == "enabled")
        #expect(
            bucket.publicAccessBlock
                == {
                    var block = BucketSpec.PublicAccessBlock()
                    block.blockPublicAcls = false
                    block.ignorePublicAcls = false
                    block.blockPublicPolicy = false
                    block.restrictPublicBuckets = false
                    return block
                }())
        // The ownership tag, the id (so that a rename is seen as one) and force_destroy (so
        // that a bucket removed from the file keeps it).
        #expect(
            bucket.tags == [
                "course": "kinesis", "streamstack:stack": "firehose-demo",
                "streamstack:id": "landing", "streamstack:force_destroy": "true",
            ])
        #expect(delivery.sourceStreamARN == "arn:aws:kinesis:eu-west-1:210987654321:stream/stream1")
        #expect(delivery.bucketARN == "arn:aws:s3:::firehose-demo-210987654321")
        #expect(delivery.bufferSizeMB == 5 && delivery.bufferIntervalSeconds == 60)
        #expect(delivery.managesRole)
        #expect(
            delivery.roleARN
                == "arn:aws:iam::210987654321:role/streamstack/firehose-demo/eu-west-1/streamstack-firehose-demo-delivery-eu-west-1"
        )
        #expect(
            stack.resource("delivery")?.dependencies == ["landing", "stream1", "delivery.role"])
        // The role's policy needs only ARNs known in advance: it is created alongside.
        #expect(stack.resource("delivery.role")?.dependencies == [])
        #expect(role.trustPolicy.contains(#""sts:ExternalId":"210987654321""#))
        #expect(
            role.inlinePolicy.contains(
                #""Resource":"arn:aws:kinesis:eu-west-1:210987654321:stream/stream1""#))
        #expect(!role.inlinePolicy.contains("logs:"))
    }

    @Test func omittedPropertiesAreAWSDefaults() throws {
        let yaml = """
            stack: d
            resources:
              s: { type: kinesis.stream, properties: { shards: 1 } }
              b: { type: s3.bucket, properties: { name: d-bucket-x } }
              f:
                type: firehose.delivery_stream
                properties:
                  role_arn: arn:aws:iam::210987654321:role/mine
                  s3: { bucket: "${b.arn}" }
            """
        let stack = try StackLoader.load(text: yaml, file: "d.yaml").get().resolve(context).get()
        #expect(stack.resources.map(\.id) == ["s", "b", "f"])
        guard case .kinesisStream(let stream) = stack.resource("s")?.spec,
            case .bucket(let bucket) = stack.resource("b")?.spec,
            case .deliveryStream(let delivery) = stack.resource("f")?.spec
        else {
            Issue.record("wrong types")
            return
        }
        #expect(stream.name == "s" && stream.retentionHours == 24 && stream.mode == .provisioned)
        #expect(bucket.objectOwnership == "bucket-owner-enforced" && bucket.acl == "private")
        #expect(bucket.publicAccessBlock == BucketSpec.PublicAccessBlock())
        #expect(bucket.versioning == "disabled" && !bucket.forceDestroy)
        #expect(
            bucket.encryption
                == BucketSpec.Encryption(type: "sse-s3", kmsKeyID: nil, bucketKey: false))
        #expect(delivery.name == "f" && delivery.sourceStreamARN == nil && !delivery.managesRole)
        #expect(delivery.roleARN == "arn:aws:iam::210987654321:role/mine")
        #expect(delivery.bufferSizeMB == 5 && delivery.bufferIntervalSeconds == 300)
        #expect(delivery.compression == "none" && delivery.customTimeZone == "UTC")
    }

    @Test func resolvedBucketNamesAreCheckedAgain() throws {
        // Offline the region stands in as us-east-1; the real one makes the name too long.
        let yaml =
            "stack: d\nresources:\n  b: { type: s3.bucket, properties: { name: \"\(String(repeating: "b", count: 40))-${aws.region}-${aws.account_id}\" } }\n"
        let document = try StackLoader.load(text: yaml, file: "d.yaml").get()
        let error = try #require(
            {
                if case .failure(let error) = document.resolve(
                    ResolutionContext(accountID: "210987654321", region: "ap-southeast-2"))
                {
                    return error
                }
                return nil
            }())
        #expect(
            error.diagnostics.first?.message.contains("bucket name must be at most 63 characters")
                == true)
    }

    @Test func managedRoleNamesFitIAM() {
        #expect(
            Ownership.managedRoleName(stack: "demo", resourceID: "delivery", region: "sa-east-1")
                == "streamstack-demo-delivery-sa-east-1")
        #expect(
            Ownership.managedRoleName(stack: "demo", resourceID: "delivery", region: "sa-east-1")
                != Ownership.managedRoleName(
                    stack: "demo", resourceID: "delivery", region: "us-east-2"))
        #expect(
            Ownership.rolePath(stack: "demo", region: "sa-east-1") == "/streamstack/demo/sa-east-1/"
        )
        let long = Ownership.managedRoleName(
            stack: String(repeating: "s", count: 40), resourceID: String(repeating: "r", count: 40),
            region: "ap-southeast-2")
        #expect(long.count <= 64)
        #expect(
            long
                != Ownership.managedRoleName(
                    stack: String(repeating: "s", count: 40),
                    resourceID: String(repeating: "r", count: 40), region: "ap-southeast-1"))
    }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().path
