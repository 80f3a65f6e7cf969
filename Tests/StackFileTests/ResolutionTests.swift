import Foundation
import Kinds
import StackFile
import Testing

/// References filled in, defaults applied, managed roles derived.
struct ResolutionTests {
    let context = ResolutionContext(accountID: "210987654321", region: "eu-west-1")

    /// The managed role may use exactly the customer managed keys around its delivery stream,
    /// through the one service each serves and for the one encryption context.
    @Test func theManagedRoleGetsTheKeysOfItsStreamBucketAndObjects() throws {
        func policy(streamKey: String, bucketEncryption: String, deliveryKey: String?) throws
            -> [String: [String: Any]]
        {
            let yaml = """
                stack: keys
                resources:
                  in:
                    type: kinesis.stream
                    properties: { shards: 1, encryption: { kms_key_id: \(streamKey) } }
                  lake:
                    type: s3.bucket
                    properties: { name: keys-lake, encryption: \(bucketEncryption) }
                  out:
                    type: firehose.delivery_stream
                    properties:
                      source: { kinesis_stream: "${in.arn}" }
                      s3:
                        bucket: ${lake.arn}
                \(deliveryKey.map { "        encryption: { kms_key_arn: \"\($0)\" }" } ?? "")
                """
            let stack = try StackFileTests.load(yaml).get().resolve(context)
            guard let role = RoleSpec(stack.resource("out.role")?.spec) else { return [:] }
            let document = try JSONSerialization.jsonObject(with: Data(role.inlinePolicy.utf8))
            let statements = (document as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
            return Dictionary(statements.map { ($0["Sid"] as? String ?? "", $0) }) { $1 }
        }
        let keyARN = "arn:aws:kms:eu-west-1:210987654321:key/1111-2222"
        let all = try policy(
            streamKey: "alias/stream-key",
            bucketEncryption: "{ type: sse-kms, kms_key_id: \"\(keyARN)\", bucket_key: true }",
            deliveryKey: "arn:aws:kms:eu-west-1:210987654321:key/3333-4444")
        let stream = try #require(all["DecryptSourceStream"])
        #expect(stream["Action"] as? [String] == ["kms:Decrypt"])
        #expect(stream["Resource"] as? String == "arn:aws:kms:eu-west-1:210987654321:key/*")
        let streamCondition = try #require(stream["Condition"] as? [String: [String: Any]])
        #expect(
            streamCondition["ForAnyValue:StringEquals"]?["kms:ResourceAliases"] as? String
                == "alias/stream-key")
        #expect(
            streamCondition["StringEquals"]?["kms:ViaService"] as? String
                == "kinesis.eu-west-1.amazonaws.com")
        #expect(
            streamCondition["StringLike"]?["kms:EncryptionContext:aws:kinesis:arn"] as? [String]
                == ["arn:aws:kinesis:eu-west-1:210987654321:stream/in"])
        let bucket = try #require(all["EncryptWithBucketKey"])
        #expect(bucket["Resource"] as? String == keyARN)
        #expect(bucket["Action"] as? [String] == ["kms:Decrypt", "kms:GenerateDataKey"])
        let bucketCondition = try #require(bucket["Condition"] as? [String: [String: Any]])
        #expect(
            bucketCondition["StringEquals"]?["kms:ViaService"] as? String
                == "s3.eu-west-1.amazonaws.com")
        // With an S3 Bucket Key the context is the bucket's ARN, without it the object's.
        #expect(
            bucketCondition["StringLike"]?["kms:EncryptionContext:aws:s3:arn"] as? [String]
                == ["arn:aws:s3:::keys-lake", "arn:aws:s3:::keys-lake/*"])
        #expect(
            all["EncryptObjects"]?["Resource"] as? String
                == "arn:aws:kms:eu-west-1:210987654321:key/3333-4444")

        // AWS managed keys need no statement; SSE-S3 needs none.
        let managed = try policy(
            streamKey: "alias/aws/kinesis", bucketEncryption: "{ type: sse-s3 }", deliveryKey: nil)
        #expect(Set(managed.keys) == ["WriteToBucket", "ReadSourceStream"])
    }

    @Test func theDemoStackResolves() throws {
        let document = try StackLoader.load(path: "\(packageRoot)/Stacks/firehose-demo.yaml")
        let stack = try document.resolve(context)
        #expect(stack.resources.map(\.id) == ["stream1", "landing", "delivery.role", "delivery"])
        guard let delivery = DeliveryStreamSpec(stack.resource("delivery")?.spec),
            let role = RoleSpec(stack.resource("delivery.role")?.spec),
            let bucket = BucketSpec(stack.resource("landing")?.spec)
        else {
            Issue.record("wrong types")
            return
        }
        #expect(bucket.name == "firehose-demo-210987654321")
        #expect(bucket.versioning == .enabled)
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
        #expect(delivery.buffering == .init(sizeMB: 5, intervalSeconds: 60))
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
        let stack = try StackLoader.load(text: yaml, file: "d.yaml").resolve(context)
        #expect(stack.resources.map(\.id) == ["s", "b", "f"])
        guard let stream = KinesisStreamSpec(stack.resource("s")?.spec),
            let bucket = BucketSpec(stack.resource("b")?.spec),
            let delivery = DeliveryStreamSpec(stack.resource("f")?.spec)
        else {
            Issue.record("wrong types")
            return
        }
        #expect(stream.name == "s" && stream.retentionHours == 24 && stream.mode == .provisioned)
        #expect(bucket.objectOwnership == .bucketOwnerEnforced && bucket.acl == .private)
        #expect(bucket.publicAccessBlock == BucketSpec.PublicAccessBlock())
        #expect(bucket.versioning == .disabled && !bucket.forceDestroy)
        #expect(
            bucket.encryption
                == BucketSpec.Encryption(type: .sseS3, kmsKeyID: nil, bucketKey: false))
        #expect(delivery.name == "f" && delivery.sourceStreamARN == nil && !delivery.managesRole)
        #expect(delivery.roleARN == "arn:aws:iam::210987654321:role/mine")
        #expect(delivery.buffering == .init(sizeMB: 5, intervalSeconds: 300))
        #expect(delivery.compression == Compression.none && delivery.customTimeZone == "UTC")
    }

    @Test func resolvedBucketNamesAreCheckedAgain() throws {
        // Offline the region stands in as us-east-1; the real one makes the name too long.
        let yaml =
            "stack: d\nresources:\n  b: { type: s3.bucket, properties: { name: \"\(String(repeating: "b", count: 40))-${aws.region}-${aws.account_id}\" } }\n"
        let document = try StackLoader.load(text: yaml, file: "d.yaml")
        let error = try #require(throws: StackFileError.self) {
            try document.resolve(
                ResolutionContext(accountID: "210987654321", region: "ap-southeast-2"))
        }
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
