import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// The whole pipeline: record transformation, source backup, lifecycle and policy declared and
/// kept; and what AWS holds beyond the file shown before any apply changes it.
struct WholePipelineTests {
    typealias Scenario = StackScenarioTests.Scenario

    /// Runs a boto3 script against moto itself (out of band, as a console user would) and
    /// returns what it prints as JSON.
    func boto3(_ scenario: Scenario, _ script: String, arguments: [String] = []) throws
        -> [String: Any]
    {
        var environment = scenario.server.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        let prelude = """
            import json, os, sys, boto3
            p = sys.argv[1]
            kw = dict(endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="sa-east-1")
            firehose = boto3.client("firehose", **kw)
            s3 = boto3.client("s3", **kw)
            iam = boto3.client("iam", **kw)
            out = {}

            """
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                ProcessInfo.processInfo.environment["STREAMSTACK_PYTHON"] ?? "python3", "-c",
                prelude + script + "\nprint(json.dumps(out, default=str))\n", scenario.stack,
            ] + arguments, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? "{}"
        return try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// A plan's lines as `SIGN KEY = VALUE`, without the padding that aligns a resource's keys.
    static func changeLines(_ text: String) -> [String] {
        text.split(separator: "\n").map {
            $0.replacingOccurrences(of: #" +="#, with: " =", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
        }
    }

    /// A transformation function of the test's own, made with boto3.
    func makeFunction(_ scenario: Scenario) throws -> String {
        let made = try boto3(
            scenario,
            """
            import io, zipfile
            code = io.BytesIO()
            with zipfile.ZipFile(code, "w") as z:
                z.writestr("index.py", "def handler(event, context):\\n    return event\\n")
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                     "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            role = iam.create_role(RoleName=p + "-fn", AssumeRolePolicyDocument=json.dumps(trust))
            out["arn"] = boto3.client("lambda", **kw).create_function(
                FunctionName=p + "-enrich", Runtime="python3.12", Handler="index.handler",
                Role=role["Role"]["Arn"], Code={"ZipFile": code.getvalue()})["FunctionArn"]
            """)
        return try #require(made["arn"] as? String)
    }

    /// Stream, landing bucket with lifecycle and policy, a bucket for the source records, and a
    /// delivery stream that transforms with Lambda and backs up its source.
    func wholeStack(
        _ scenario: Scenario, function: String, retries: String = "", expireDays: Int = 7
    ) -> String {
        let stack = scenario.stack
        return scenario.stream("stream") + """
              landing:
                type: s3.bucket
                properties:
                  name: \(stack)-landing
                  versioning: enabled
                  lifecycle:
                    - id: expire-raw
                      prefix: raw/
                      expire_after_days: \(expireDays)
                      noncurrent_versions_expire_after_days: 1
                    - id: cheaper
                      abort_incomplete_uploads_after_days: 1
                      transition: { after_days: 30, storage_class: STANDARD_IA }
                  require_tls: true
                  policy:
                    Version: "2012-10-17"
                    Statement:
                      - Sid: ReadForAnalytics
                        Effect: Allow
                        Principal: { AWS: "arn:aws:iam::${aws.account_id}:root" }
                        Action: s3:GetObject
                        Resource: "arn:aws:s3:::\(stack)-landing/*"
              copies:
                type: s3.bucket
                properties: { name: \(stack)-copies }
              delivery:
                type: firehose.delivery_stream
                properties:
                  name: \(stack)-delivery
                  source: { kinesis_stream: "${stream.arn}" }
                  s3:
                    bucket: ${landing.arn}
                    prefix: raw/
                    transformation:
                      lambda_arn: \(function)\(retries)
                    backup: { bucket: "${copies.arn}", prefix: source/ }

            """
    }

    /// A stream, a bucket and a delivery stream between them, with these lines in `s3`.
    func plainPipeline(_ scenario: Scenario, s3: String) -> String {
        let stack = scenario.stack
        let lines = s3.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
        return scenario.stream("stream") + """
              landing:
                type: s3.bucket
                properties: { name: \(stack)-landing }
              delivery:
                type: firehose.delivery_stream
                properties:
                  name: \(stack)-delivery
                  source: { kinesis_stream: "${stream.arn}" }
                  s3:
                    bucket: ${landing.arn}
            \(lines)

            """
    }

    static let readBack = """
        d = firehose.describe_delivery_stream(DeliveryStreamName=p + "-delivery")
        s3d = d["DeliveryStreamDescription"]["Destinations"][0]["ExtendedS3DestinationDescription"]
        out["processors"] = s3d.get("ProcessingConfiguration", {}).get("Processors", [])
        out["backup_mode"] = s3d.get("S3BackupMode")
        out["backup_bucket"] = s3d.get("S3BackupDescription", {}).get("BucketARN")
        out["version"] = d["DeliveryStreamDescription"]["VersionId"]
        out["rules"] = s3.get_bucket_lifecycle_configuration(Bucket=p + "-landing")["Rules"]
        out["policy"] = json.loads(s3.get_bucket_policy(Bucket=p + "-landing")["Policy"])
        roles = [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("streamstack-" + p)]
        out["role_policy"] = iam.get_role_policy(RoleName=roles[0]["RoleName"],
                                                 PolicyName="firehose-delivery")["PolicyDocument"]
        """

    @Test func transformationBackupLifecycleAndPolicyAreAppliedAndKept() async throws {
        let scenario = try await Scenario("whole")
        let stack = scenario.stack
        let function = try makeFunction(scenario)
        try scenario.write(wholeStack(scenario, function: function))
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")

        var held = try boto3(scenario, Self.readBack)
        let processors = try #require(held["processors"] as? [[String: Any]])
        #expect(processors.map { $0["Type"] as? String } == ["Lambda"])
        let parameters = (processors.first?["Parameters"] as? [[String: String]] ?? [])
            .reduce(into: [String: String]()) { $0[$1["ParameterName"]!] = $1["ParameterValue"] }
        #expect(parameters["LambdaArn"] == function)
        #expect(parameters["NumberOfRetries"] == "3")
        #expect(held["backup_mode"] as? String == "Enabled")
        #expect(held["backup_bucket"] as? String == "arn:aws:s3:::\(stack)-copies")
        let rules = try #require(held["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["ID"] as? String }) == ["expire-raw", "cheaper"])
        let statements = try #require(
            (held["policy"] as? [String: Any])?["Statement"] as? [[String: Any]])
        #expect(
            statements.compactMap { $0["Sid"] as? String } == [
                "ReadForAnalytics", "DenyInsecureTransport",
            ])
        // The role may invoke exactly the function and write the backup bucket.
        let rolePolicy = try #require(held["role_policy"] as? [String: Any])
        let grants = try #require(rolePolicy["Statement"] as? [[String: Any]])
        let transform = try #require(grants.first { $0["Sid"] as? String == "TransformRecords" })
        #expect(transform["Resource"] as? [String] == [function, function + ":*"])
        #expect(
            transform["Action"] as? [String] == [
                "lambda:GetFunctionConfiguration", "lambda:InvokeFunction",
            ])
        let write = try #require(grants.first { $0["Sid"] as? String == "WriteToBucket" })
        #expect(
            (write["Resource"] as? [String])?.contains("arn:aws:s3:::\(stack)-copies/*") == true)

        // AWS reports the Lambda parameters' defaults the file left out: still no change.
        let again = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")

        // Each value changes in place.
        let version = held["version"] as? String
        try scenario.write(
            wholeStack(
                scenario, function: function, retries: "\n          retries: 5", expireDays: 14))
        let changed = try await scenario.run(["plan", "STACK", "--format", "json"])
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        let resources = try #require(plan["resources"] as? [[String: Any]])
        func action(_ id: String) -> String? {
            resources.first { $0["id"] as? String == id }?["action"] as? String
        }
        #expect(action("delivery") == "update")
        #expect(action("landing") == "update")
        #expect(
            try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        held = try boto3(scenario, Self.readBack)
        #expect(held["version"] as? String != version)
        let updated =
            (held["processors"] as? [[String: Any]])?.first?["Parameters"]
            as? [[String: String]]
        #expect(
            updated?.contains {
                $0["ParameterName"] == "NumberOfRetries" && $0["ParameterValue"] == "5"
            }
                == true)
        let expiry =
            (held["rules"] as? [[String: Any]])?.first { $0["ID"] as? String == "expire-raw" }?[
                "Expiration"] as? [String: Any]
        #expect(expiry?["Days"] as? Int == 14)
        #expect(
            try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func settingsMadeOutsideTheFileAreShownBeforeApplyRemovesThem() async throws {
        let scenario = try await Scenario("drift-whole")
        let stack = scenario.stack
        try scenario.write(plainPipeline(scenario, s3: "prefix: raw/"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)

        // In the console: a Lambda transformation with decompression before it, a backup, a
        // lifecycle rule filtered by tag, a policy, and CORS, which streamstack never writes.
        _ = try boto3(
            scenario,
            """
            d = firehose.describe_delivery_stream(DeliveryStreamName=p + "-delivery")["DeliveryStreamDescription"]
            role = d["Destinations"][0]["ExtendedS3DestinationDescription"]["RoleARN"]
            firehose.update_destination(
                DeliveryStreamName=p + "-delivery", CurrentDeliveryStreamVersionId=d["VersionId"],
                DestinationId=d["Destinations"][0]["DestinationId"],
                ExtendedS3DestinationUpdate={
                    "ProcessingConfiguration": {"Enabled": True, "Processors": [
                        {"Type": "Decompression", "Parameters": [
                            {"ParameterName": "CompressionFormat", "ParameterValue": "GZIP"}]},
                        {"Type": "Lambda", "Parameters": [
                            {"ParameterName": "LambdaArn", "ParameterValue": "arn:aws:lambda:sa-east-1:123456789012:function:enrich"}]}]},
                    "S3BackupMode": "Enabled",
                    "S3BackupUpdate": {"RoleARN": role, "BucketARN": "arn:aws:s3:::" + p + "-landing",
                                       "Prefix": "copies/"}})
            s3.put_bucket_lifecycle_configuration(Bucket=p + "-landing", LifecycleConfiguration={
                "Rules": [{"ID": "by-tag", "Status": "Enabled",
                           "Filter": {"Tag": {"Key": "tier", "Value": "cold"}},
                           "Expiration": {"Days": 3}}]})
            s3.put_bucket_policy(Bucket=p + "-landing", Policy=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Sid": "Console", "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::" + p + "-landing/*"}]}))
            s3.put_bucket_cors(Bucket=p + "-landing", CORSConfiguration={"CORSRules": [
                {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}]})
            """)

        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        let text = plan.stdout
        #expect(text.contains("- s3.transformation.lambda_arn"), "\(text)")
        let lines = Self.changeLines(text)
        #expect(
            lines.contains(
                "- unmodelled.ProcessingConfiguration.Processors.Decompression = \"Decompression(CompressionFormat=GZIP)\"  # not in the stack file: apply will remove it"
            ), "\(text)")
        #expect(lines.contains("~ s3.backup = true → false  # forces replacement"), "\(text)")
        #expect(
            lines.contains(
                "- unmodelled.LifecycleConfiguration.Rule.by-tag = \"Filter.Tag\"  # not in the stack file: apply will remove it"
            ), "\(text)")
        #expect(text.contains("- policy ="), "\(text)")
        #expect(
            text.contains(
                "s3.bucket \(stack)-landing: AWS holds CORSConfiguration = 1 CORSRule, which the stack file cannot express; apply leaves it as it is"
            ), "\(text)")

        // Import says the same in the file it writes.
        let imported = try await scenario.run([
            "import", "--delivery-stream", "\(stack)-delivery", "--stack", stack,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdout.contains(
                """
                    # AWS holds settings this file cannot express; apply removes them:
                    #   ProcessingConfiguration.Processors.Decompression = Decompression(CompressionFormat=GZIP)
                """), "\(imported.stdout)")
        #expect(
            imported.stdout.contains("#   CORSConfiguration = 1 CORSRule"), "\(imported.stdout)")

        // Apply removes what the plan showed, and nothing else.
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let held = try boto3(
            scenario,
            """
            s3d = firehose.describe_delivery_stream(DeliveryStreamName=p + "-delivery")[
                "DeliveryStreamDescription"]["Destinations"][0]["ExtendedS3DestinationDescription"]
            out["processing"] = s3d.get("ProcessingConfiguration", {})
            out["backup_mode"] = s3d.get("S3BackupMode", "Disabled")
            try:
                out["rules"] = s3.get_bucket_lifecycle_configuration(Bucket=p + "-landing")["Rules"]
            except s3.exceptions.ClientError as e:
                out["rules"] = e.response["Error"]["Code"]
            try:
                out["policy"] = s3.get_bucket_policy(Bucket=p + "-landing")["Policy"]
            except s3.exceptions.ClientError as e:
                out["policy"] = e.response["Error"]["Code"]
            out["cors"] = s3.get_bucket_cors(Bucket=p + "-landing")["CORSRules"]
            """)
        let processors = (held["processing"] as? [String: Any])?["Processors"] as? [Any]
        #expect(processors?.isEmpty != false)
        #expect(held["backup_mode"] as? String == "Disabled")
        #expect(held["rules"] as? String == "NoSuchLifecycleConfiguration")
        #expect(held["policy"] as? String == "NoSuchBucketPolicy")
        #expect((held["cors"] as? [Any])?.count == 1)
        let after = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aTransformationFunctionThatDoesNotExistIsAnErrorAtItsLine() async throws {
        let scenario = try await Scenario("no-function", realAWS: false)
        let missing = "arn:aws:lambda:sa-east-1:123456789012:function:\(scenario.stack)-absent"
        try scenario.write(
            wholeStack(scenario, function: missing).replacingOccurrences(
                of: "require_tls: true", with: "require_tls: false"))
        let lines = try String(contentsOf: scenario.file, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("lambda_arn:") }) + 1
        let column =
            try #require(lines[line - 1].range(of: "arn:aws")).lowerBound.utf16Offset(
                in: lines[line - 1]) + 1
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.status == 1)
        #expect(
            plan.stderr.contains(
                "\(scenario.file.path):\(line):\(column): error: delivery: there is no Lambda function \(missing) in this account and region"
            ), "\(plan.stderr)")
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 1)
        // Nothing was created.
        #expect(
            try await KinesisClient(scenario.aws).listStreams().allSatisfy {
                !$0.hasPrefix(scenario.stack)
            })
    }

    @Test func settingsOfEveryOtherKindAreShownKeptOrRemoved() async throws {
        let scenario = try await Scenario("other-kinds")
        let stack = scenario.stack
        let database = stack.replacingOccurrences(of: "-", with: "_")
        try scenario.write(
            plainPipeline(
                scenario,
                s3: """
                    buffering: { size_mb: 64, interval_seconds: 60 }
                    logging: { enabled: true }
                    format_conversion:
                      output_format: parquet
                      schema:
                        database: \(database)
                        table: events
                        columns: [{ name: kind, type: string }]
                    """))
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")

        // Settings streamstack never writes, made by hand on the stream, the log group and the
        // role; and a parameter on the Glue table, which UpdateTable writes whole.
        _ = try boto3(
            scenario,
            """
            boto3.client("kinesis", **kw).enable_enhanced_monitoring(
                StreamName=p + "-stream", ShardLevelMetrics=["IncomingBytes"])
            boto3.client("logs", **kw).put_retention_policy(
                logGroupName="/aws/kinesisfirehose/" + p + "-delivery", retentionInDays=14)
            role = [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("streamstack-" + p)][0]
            iam.update_role(RoleName=role["RoleName"], MaxSessionDuration=7200)
            glue = boto3.client("glue", **kw)
            table = glue.get_table(DatabaseName="\(database)", Name="events")["Table"]
            parameters = dict(table.get("Parameters", {}), owner_team="data")
            glue.update_table(DatabaseName="\(database)", TableInput={
                "Name": "events", "StorageDescriptor": table["StorageDescriptor"],
                "PartitionKeys": table.get("PartitionKeys", []), "Parameters": parameters})
            """)
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        let text = plan.stdout
        for kept in [
            "kinesis.stream \(stack)-stream: AWS holds EnhancedMonitoring = IncomingBytes",
            "logs.log_group /aws/kinesisfirehose/\(stack)-delivery: AWS holds retentionInDays = 14",
            "AWS holds MaxSessionDuration = 7200",
        ] {
            #expect(
                text.contains(
                    kept + ", which the stack file cannot express; apply leaves it as it is"),
                "\(kept) in:\n\(text)")
        }
        let lines = Self.changeLines(text)
        #expect(
            lines.contains(
                "- unmodelled.Parameters.owner_team = \"data\"  # not in the stack file: apply will remove it"
            ), "\(text)")

        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let held = try boto3(
            scenario,
            """
            out["metrics"] = boto3.client("kinesis", **kw).describe_stream_summary(
                StreamName=p + "-stream")["StreamDescriptionSummary"]["EnhancedMonitoring"]
            out["retention"] = boto3.client("logs", **kw).describe_log_groups(
                logGroupNamePrefix="/aws/kinesisfirehose/" + p)["logGroups"][0].get("retentionInDays")
            out["parameters"] = boto3.client("glue", **kw).get_table(
                DatabaseName="\(database)", Name="events")["Table"].get("Parameters", {})
            """)
        #expect("\(held["metrics"] ?? "")".contains("IncomingBytes"))
        #expect(held["retention"] as? Int == 14)
        #expect((held["parameters"] as? [String: String])?["owner_team"] == nil)
        let after = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
