import AWS
import Foundation
import Kinds
import StackFile
import TestSupport
import Testing

/// A pipeline built by hand becomes a stack file: imported, planned with nothing but the
/// adoption's tags to add, adopted, then planned empty.
struct ImportTests {
    typealias Scenario = StackScenarioTests.Scenario

    /// The course's pipeline as the console makes it, with boto3: a one-shard stream; a bucket
    /// with ACLs disabled, public access unblocked and versioning on; the console's service role
    /// and managed policy; a delivery stream with 60 s buffering and error logging into the log
    /// group and stream the console makes for it.
    static let consolePipeline = """
        import json, os, sys, boto3
        p = sys.argv[1]
        kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="sa-east-1")
        account = "123456789012"
        kinesis = boto3.client("kinesis", **kw)
        kinesis.create_stream(StreamName=p + "-stream1", ShardCount=1)
        s3 = boto3.client("s3", **kw)
        bucket = p + "-landing-" + account
        s3.create_bucket(Bucket=bucket, ObjectOwnership="BucketOwnerEnforced",
                         CreateBucketConfiguration={"LocationConstraint": "sa-east-1"})
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": False, "IgnorePublicAcls": False,
            "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "course", "Value": "kinesis"}]})
        iam = boto3.client("iam", **kw)
        role = "KinesisFirehoseServiceRole-" + p[:20] + "-sa-east-1"
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                 "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        arn = iam.create_role(RoleName=role, Path="/service-role/",
                              AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        policy = iam.create_policy(PolicyName="KinesisFirehoseServicePolicy-" + p, Path="/service-role/",
                                   PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                                       {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        iam.attach_role_policy(RoleName=role, PolicyArn=policy["Policy"]["Arn"])
        logs = boto3.client("logs", **kw)
        logs.create_log_group(logGroupName="/aws/kinesisfirehose/" + p + "-to-s3")
        logs.create_log_stream(logGroupName="/aws/kinesisfirehose/" + p + "-to-s3",
                               logStreamName="DestinationDelivery")
        stream_arn = kinesis.describe_stream_summary(StreamName=p + "-stream1")["StreamDescriptionSummary"]["StreamARN"]
        boto3.client("firehose", **kw).create_delivery_stream(
            DeliveryStreamName=p + "-to-s3", DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={"KinesisStreamARN": stream_arn, "RoleARN": arn},
            ExtendedS3DestinationConfiguration={
                "RoleARN": arn, "BucketARN": "arn:aws:s3:::" + bucket,
                "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 60},
                "CompressionFormat": "UNCOMPRESSED",
                "EncryptionConfiguration": {"NoEncryptionConfig": "NoEncryption"},
                "CloudWatchLoggingOptions": {"Enabled": True,
                    "LogGroupName": "/aws/kinesisfirehose/" + p + "-to-s3",
                    "LogStreamName": "DestinationDelivery"},
                "ProcessingConfiguration": {"Enabled": False},
                "S3BackupMode": "Disabled"})
        print(arn)
        """

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every change a plan of the imported file shows: only the tags adoption adds.
    func expectOnlyAdoption(
        _ scenario: Scenario, sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        async throws
    {
        let plan = try json(try await scenario.run(["plan", "STACK", "--format", "json"]).stdout)
        let resources = try #require(plan["resources"] as? [[String: Any]])
        #expect(resources.count == 4, sourceLocation: sourceLocation)  // and the log group
        for resource in resources {
            let keys = (resource["changes"] as? [[String: Any]] ?? []).compactMap {
                $0["attribute"] as? String
            }
            #expect(
                keys.allSatisfy { $0.hasPrefix("tags.streamstack:") },
                "\(resource["id"] ?? "") would change \(keys)", sourceLocation: sourceLocation)
            #expect(resource["action"] as? String == "update", sourceLocation: sourceLocation)
        }
    }

    /// A value AWS holds that looks like a reference is written so that it reads back as the
    /// same text; an edited stack file is not overwritten without --force.
    @Test func importWritesAWSValuesLiterallyAndKeepsAnExistingFile() async throws {
        let scenario = try await Scenario("literal", realAWS: false)
        let name = "\(scenario.stack)-raw"
        let s3 = try S3Client(scenario.aws)
        try await s3.createBucket(name)
        try await s3.putLifecycle(
            name,
            [
                .init(
                    id: "expire", prefix: "raw/${var.who}/", expirationDays: 7,
                    noncurrentExpirationDays: nil, abortIncompleteUploadDays: nil,
                    transition: nil)
            ])
        let imported = try await scenario.run([
            "import", "--bucket", name, "--stack", scenario.stack, "--out", scenario.file.path,
        ])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let text = try String(contentsOf: scenario.file, encoding: .utf8)
        #expect(text.contains(#"prefix: "raw/$${var.who}/""#), "\(text)")
        let validated = try await scenario.run(["validate", "STACK"])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        // Adopted as written: the tag is the literal text, so nothing changes.
        #expect(
            try await scenario.run(["apply", "STACK", "--auto-approve", "--adopt-all"]).status == 0)
        #expect(try await s3.getLifecycle(name).first?.prefix == "raw/${var.who}/")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)

        try "# edited by hand\n".write(to: scenario.file, atomically: true, encoding: .utf8)
        let again = try await scenario.run([
            "import", "--bucket", name, "--stack", scenario.stack, "--out", scenario.file.path,
        ])
        #expect(again.status == 64, "\(again.stderr)")
        #expect(again.stderr.contains("exists; give --force to replace it"))
        #expect(try String(contentsOf: scenario.file, encoding: .utf8) == "# edited by hand\n")
        let forced = try await scenario.run([
            "import", "--bucket", name, "--stack", scenario.stack, "--out", scenario.file.path,
            "--force",
        ])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            try String(contentsOf: scenario.file, encoding: .utf8).contains(
                #"prefix: "raw/$${var.who}/""#))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func theCoursePipelineBuiltInTheConsoleIsImportedAdoptedAndThenStill() async throws {
        let scenario = try await Scenario("imported", realAWS: false)
        let prefix = scenario.stack
        var environment = scenario.server.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        let created = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                ProcessInfo.processInfo.environment["STREAMSTACK_PYTHON"] ?? "python3", "-c",
                Self.consolePipeline, prefix,
            ], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let consoleRole = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let imported = try await scenario.run([
            "import", "--delivery-stream", "\(prefix)-to-s3", "--stack", prefix, "--out",
            scenario.file.path,
        ])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let text = try String(contentsOf: scenario.file, encoding: .utf8)
        // Short as if written by hand: the values the console changed, nothing else.
        #expect(
            text.contains("source:\n        kinesis_stream: ${\(prefix)-stream1.arn}"), "\(text)")
        #expect(text.contains("bucket: ${\(prefix)-landing.arn}"))
        #expect(text.contains("name: \(prefix)-landing-${aws.account_id}"))
        #expect(text.contains("versioning: enabled"))
        #expect(text.contains("block_public_acls: false"))
        #expect(
            text.contains(
                "role_arn: "
                    + consoleRole.replacingOccurrences(
                        of: "123456789012", with: "${aws.account_id}"
                    )
                    .replacingOccurrences(of: "-sa-east-1", with: "-${aws.region}")))
        #expect(text.contains("interval_seconds: 60"))
        #expect(text.contains("logging:\n          enabled: true\n"))
        #expect(text.contains("course: kinesis"))
        for absent in [
            "retention_hours", "object_ownership", "compression", "custom_time_zone", "log_group",
        ] {
            #expect(!text.contains(absent), "\(absent) is a default and should be left out")
        }
        #expect(try await scenario.run(["validate", "STACK"]).status == 0)

        // A pipeline without a delivery stream yet: the stream and the bucket alone.
        let parts = try await scenario.run([
            "import", "--stream", "\(prefix)-stream1", "--bucket", "\(prefix)-landing-123456789012",
        ])
        #expect(parts.status == 0, "\(parts.stderr)")
        #expect(parts.stdout.contains("stack: \(prefix)-stream1\n"))
        #expect(
            parts.stdout.contains("type: kinesis.stream")
                && parts.stdout.contains("type: s3.bucket"))
        #expect(!parts.stdout.contains("firehose.delivery_stream"))

        try await expectOnlyAdoption(scenario)
        let adopted = try await scenario.run(["apply", "STACK", "--adopt-all", "--auto-approve"])
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        let after = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(after.status == 0, "\(after.stdout)")
        // The console's role is kept: nothing the delivery stream reads with was replaced.
        #expect(
            try await FirehoseClient(scenario.aws).describeDeliveryStream(name: "\(prefix)-to-s3")
                .destinations.first?.extendedS3DestinationDescription?.roleARN == consoleRole)

        // Now another stack's: importing it again under a different name is refused.
        let other = try await scenario.run([
            "import", "--delivery-stream", "\(prefix)-to-s3", "--stack", "someone-else",
        ])
        #expect(other.status == 1)
        #expect(other.stderr.contains("belongs to stack '\(prefix)'"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aStackWithEveryFeatureSurvivesTheRoundTrip() async throws {
        let scenario = try await Scenario("roundtrip", realAWS: false)
        let function = try WholePipelineTests().makeFunction(scenario)
        let original = """
            stack: \(scenario.stack)
            region: sa-east-1
            resources:
              clicks:
                type: kinesis.stream
                properties:
                  name: \(scenario.stack)-clicks
                  mode: on-demand
                  retention_hours: 48
                  encryption: { kms_key_id: alias/aws/kinesis }
              lake:
                type: s3.bucket
                properties:
                  name: \(scenario.stack)-lake-${aws.account_id}-${aws.region}
                  versioning: enabled
                  encryption: { type: sse-kms, kms_key_id: alias/lake, bucket_key: true }
                  lifecycle:
                    - { id: expire, prefix: events/, expire_after_days: 30, noncurrent_versions_expire_after_days: 2 }
                    - { id: uploads, abort_incomplete_uploads_after_days: 1, transition: { after_days: 60, storage_class: GLACIER_IR } }
                  require_tls: true
                  policy:
                    Version: "2012-10-17"
                    Statement:
                      - Sid: OwnFolders
                        Effect: Allow
                        Principal: { AWS: "arn:aws:iam::${aws.account_id}:root" }
                        Action: s3:ListBucket
                        Resource: "arn:aws:s3:::\(scenario.stack)-lake-${aws.account_id}-${aws.region}"
                        Condition: { StringLike: { "s3:prefix": "home/$${aws:username}/*" } }
                  tags: { team: data }
              copies:
                type: s3.bucket
                properties: { name: \(scenario.stack)-copies }
              to-lake:
                type: firehose.delivery_stream
                properties:
                  name: \(scenario.stack)-to-lake
                  source: { kinesis_stream: "${clicks.arn}" }
                  s3:
                    bucket: ${lake.arn}
                    buffering: { size_mb: 64, interval_seconds: 120 }
                    prefix: events/type=!{partitionKeyFromQuery:event_type}/day=!{timestamp:yyyy-MM-dd}/
                    error_output_prefix: errors/!{firehose:error-output-type}/
                    custom_time_zone: America/Sao_Paulo
                    encryption: { kms_key_arn: "arn:aws:kms:sa-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" }
                    logging: { enabled: true, log_stream: Errors }
                    transformation: { lambda_arn: "\(function)", buffer_size_mb: 0.5, retries: 5 }
                    backup:
                      bucket: ${copies.arn}
                      prefix: source/
                      compression: gzip
                      buffering: { size_mb: 10, interval_seconds: 120 }
                    dynamic_partitioning:
                      partition_keys: { event_type: .event_type }
                      retry_duration_seconds: 600
                    format_conversion:
                      output_format: orc
                      input_format: hive-json
                      schema:
                        database: \(scenario.stack.replacingOccurrences(of: "-", with: "_"))
                        table: events
                        columns:
                          - { name: event_id, type: string }
                          - { name: ts, type: timestamp }

            """
        try original.write(to: scenario.file, atomically: true, encoding: .utf8)
        let applied = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")

        // What a hand-built pipeline would be: no ownership tags.
        let aws = scenario.aws
        let stream = "\(scenario.stack)-clicks"
        let bucket = "\(scenario.stack)-lake-123456789012-sa-east-1"
        let delivery = "\(scenario.stack)-to-lake"
        let owned = ["streamstack:stack", "streamstack:id"]
        try await KinesisClient(aws).removeTags(stream: stream, keys: owned)
        let s3 = try S3Client(aws)
        for name in [bucket, "\(scenario.stack)-copies"] {
            try await s3.putTags(
                name, try await s3.getTags(name).filter { !$0.key.hasPrefix("streamstack:") })
        }
        try await FirehoseClient(aws).untag(name: delivery, keys: owned)

        let importedFile = scenario.directory.appendingPathComponent("imported.yaml")
        let imported = try await scenario.run([
            "import", "--delivery-stream", delivery, "--stack", scenario.stack, "--out",
            importedFile.path,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let text = try String(contentsOf: importedFile, encoding: .utf8)

        // Equal in meaning: both files resolve to the same resources, apart from the role the
        // imported file names where the original let streamstack keep one.
        let context = ResolutionContext(
            accountID: "123456789012", region: "sa-east-1", partition: "aws")
        let before = try StackLoader.load(text: original, file: "original.yaml").resolve(context)
        let after = try StackLoader.load(text: text, file: "imported.yaml").resolve(context)
        func specs(_ stack: ResolvedStack) -> [String: ResourceSpec] {
            var byName: [String: ResourceSpec] = [:]
            for resource in stack.resources {
                let streamstack = { (tags: [String: String]) in
                    tags.filter { !$0.key.hasPrefix("streamstack:") }
                }
                if var spec = KinesisStreamSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    byName[spec.name] = spec.resourceSpec
                } else if var spec = BucketSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    spec.forceDestroy = false
                    byName[spec.name] = spec.resourceSpec
                } else if var spec = DeliveryStreamSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    spec.managesRole = false
                    byName[spec.name] = spec.resourceSpec
                } else if var spec = LogGroupSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    byName["log group " + spec.name] = spec.resourceSpec
                } else if var spec = GlueDatabaseSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    byName["database " + spec.name] = spec.resourceSpec
                } else if var spec = GlueTableSpec(resource.spec) {
                    spec.tags = streamstack(spec.tags)
                    byName["table " + spec.name] = spec.resourceSpec
                }
            }
            return byName
        }
        let originalSpecs = specs(before)
        let importedSpecs = specs(after)
        #expect(Set(originalSpecs.keys) == Set(importedSpecs.keys))
        for (name, spec) in originalSpecs {
            #expect(importedSpecs[name] == spec, "\(name) differs:\n\(text)")
        }
        try await FirehoseClient(aws).tag(
            name: delivery, tags: ["streamstack:stack": scenario.stack])
        try await KinesisClient(aws).addTags(
            stream: stream, tags: ["streamstack:stack": scenario.stack])
        try await s3.putTags(bucket, ["streamstack:stack": scenario.stack])
        try await s3.putTags("\(scenario.stack)-copies", ["streamstack:stack": scenario.stack])
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// Everything the console offers: a Lambda transformation, a backup, ORC conversion with a
    /// Glue table, dynamic partitioning; a bucket with SSE-S3 and a Bucket Key (as the console
    /// makes it), lifecycle rules and a policy.
    static let consoleEverything = """
        glue = boto3.client("glue", **kw)
        kinesis = boto3.client("kinesis", **kw)
        account = "123456789012"
        kinesis.create_stream(StreamName=p + "-events", ShardCount=1)
        stream_arn = kinesis.describe_stream_summary(StreamName=p + "-events")["StreamDescriptionSummary"]["StreamARN"]
        for name in [p + "-lake", p + "-raw"]:
            s3.create_bucket(Bucket=name, ObjectOwnership="BucketOwnerEnforced",
                             CreateBucketConfiguration={"LocationConstraint": "sa-east-1"})
            s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [{
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]})
        s3.put_bucket_versioning(Bucket=p + "-lake", VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_lifecycle_configuration(Bucket=p + "-lake", LifecycleConfiguration={"Rules": [
            {"ID": "old-versions", "Status": "Enabled", "Filter": {"Prefix": ""},
             "NoncurrentVersionExpiration": {"NoncurrentDays": 1}},
            {"ID": "archive", "Status": "Enabled", "Filter": {"Prefix": "events/"},
             "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}]}]})
        s3.put_bucket_policy(Bucket=p + "-lake", Policy=json.dumps({"Version": "2012-10-17",
            "Statement": [{"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                           "Resource": ["arn:aws:s3:::" + p + "-lake", "arn:aws:s3:::" + p + "-lake/*"],
                           "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
        database = p.replace("-", "_")
        glue.create_database(DatabaseInput={"Name": database})
        glue.create_table(DatabaseName=database, TableInput={"Name": "events",
            "StorageDescriptor": {"Columns": [{"Name": "kind", "Type": "string"},
                                              {"Name": "n", "Type": "bigint"}]}})
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                 "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        role = iam.create_role(RoleName="KinesisFirehoseServiceRole-" + p[:30], Path="/service-role/",
                               AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        firehose.create_delivery_stream(
            DeliveryStreamName=p + "-to-lake", DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={"KinesisStreamARN": stream_arn, "RoleARN": role},
            ExtendedS3DestinationConfiguration={
                "RoleARN": role, "BucketARN": "arn:aws:s3:::" + p + "-lake",
                "Prefix": "events/kind=!{partitionKeyFromQuery:kind}/",
                "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
                "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 60},
                "CompressionFormat": "UNCOMPRESSED",
                "ProcessingConfiguration": {"Enabled": True, "Processors": [
                    {"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": sys.argv[2]}]},
                    {"Type": "MetadataExtraction", "Parameters": [
                        {"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{kind:.kind}"},
                        {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
                    {"Type": "AppendDelimiterToRecord"}]},
                "DynamicPartitioningConfiguration": {"Enabled": True, "RetryOptions": {"DurationInSeconds": 300}},
                "DataFormatConversionConfiguration": {"Enabled": True,
                    "SchemaConfiguration": {"RoleARN": role, "DatabaseName": database, "TableName": "events",
                                            "Region": "sa-east-1", "VersionId": "LATEST"},
                    "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                    "OutputFormatConfiguration": {"Serializer": {"OrcSerDe": {}}}},
                "S3BackupMode": "Enabled",
                "S3BackupConfiguration": {"RoleARN": role, "BucketARN": "arn:aws:s3:::" + p + "-raw",
                                          "Prefix": "source/", "CompressionFormat": "GZIP",
                                          "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 300}}})
        """

    /// What AWS holds for the console pipeline, to compare before and after adoption.
    static let consoleState = """
        d = firehose.describe_delivery_stream(DeliveryStreamName=p + "-to-lake")["DeliveryStreamDescription"]
        out["destination"] = d["Destinations"][0]["ExtendedS3DestinationDescription"]
        out["source"] = d["Source"]
        for name in [p + "-lake", p + "-raw"]:
            out[name] = {"encryption": s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"],
                         "versioning": s3.get_bucket_versioning(Bucket=name).get("Status")}
        out["lifecycle"] = s3.get_bucket_lifecycle_configuration(Bucket=p + "-lake")["Rules"]
        out["policy"] = json.loads(s3.get_bucket_policy(Bucket=p + "-lake")["Policy"])
        """

    @Test func theConsolesWholePipelineIsImportedAndAdoptedWithoutAChange() async throws {
        let scenario = try await Scenario("console-all")
        let prefix = scenario.stack
        let pipeline = WholePipelineTests()
        let function = try pipeline.makeFunction(scenario)
        _ = try pipeline.boto3(scenario, Self.consoleEverything, arguments: [function])
        let before = try pipeline.boto3(scenario, Self.consoleState)

        let imported = try await scenario.run([
            "import", "--delivery-stream", "\(prefix)-to-lake", "--stack", prefix, "--out",
            scenario.file.path,
        ])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let text = try String(contentsOf: scenario.file, encoding: .utf8)
        for feature in [
            "transformation:", "backup:", "bucket: ${\(prefix)-raw.arn}", "format_conversion:",
            "dynamic_partitioning:", "lifecycle:", "policy:", "output_format: orc",
        ] {
            #expect(text.contains(feature), "\(feature) is missing from:\n\(text)")
        }
        // SSE-S3 with a Bucket Key, as the console sets it, is S3's default: left out.
        #expect(!text.contains("bucket_key"), "\(text)")
        let validated = try await scenario.run(["validate", "STACK"])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)\n\(text)")

        let plan = try json(try await scenario.run(["plan", "STACK", "--format", "json"]).stdout)
        // The Glue table is completed for Athena (location, format, partitions), as the plan
        // shows; everything else only gets the stack's tags.
        for resource in try #require(plan["resources"] as? [[String: Any]])
        where resource["type"] as? String != "glue.table" {
            let keys = (resource["changes"] as? [[String: Any]] ?? []).compactMap {
                $0["attribute"] as? String
            }
            #expect(
                keys.allSatisfy { $0.hasPrefix("tags.streamstack:") },
                "\(resource["id"] ?? "") would change \(keys)")
        }
        let adopted = try await scenario.run(["apply", "STACK", "--adopt-all", "--auto-approve"])
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        let after = try pipeline.boto3(scenario, Self.consoleState)
        for key in before.keys {
            #expect(
                NSDictionary(dictionary: before).value(forKey: key) as? NSObject
                    == NSDictionary(dictionary: after).value(forKey: key) as? NSObject,
                "\(key) changed on adoption")
        }
        let empty = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(empty.status == 0, "\(empty.stdout)\(empty.stderr)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
