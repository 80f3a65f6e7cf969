import AWS
import Foundation
import TestSupport
import Testing

/// `synth`: the stack as a CloudFormation template that cfn-lint passes, that names the
/// account and region through AWS's pseudo parameters, and that CloudFormation (moto's, for
/// the types it supports) deploys into what `show` reads back.
struct SynthTests {
    typealias Scenario = StackScenarioTests.Scenario

    func synth(_ path: String, _ extra: [String] = []) async throws -> CommandResult {
        try await runStreamstack(
            ["synth", path] + extra,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
    }

    func cfnLint(_ files: [String]) throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONWARNINGS"] = "ignore"
        return try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                // The module, not the `cfn-lint` script: pip's scripts may not be on PATH.
                "python3", "-c",
                "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; main()",
                "--",
            ] + files,
            environment: environment)
    }

    static let everything = """
        stack: full
        region: sa-east-1
        monitoring:
          alarms: true
          notify: arn:aws:sns:sa-east-1:123456789012:ops
        tags: { team: data }
        resources:
          events:
            type: kinesis.stream
            properties: { name: full-events, mode: on-demand, encryption: { kms_key_id: alias/aws/kinesis } }
          lake:
            type: s3.bucket
            properties:
              name: full-lake-${aws.account_id}
              versioning: enabled
              encryption: { type: sse-kms, kms_key_id: alias/lake, bucket_key: true }
              lifecycle:
                - { id: expire, prefix: raw/, expire_after_days: 30, transition: { after_days: 7, storage_class: STANDARD_IA } }
                - { id: uploads, abort_incomplete_uploads_after_days: 1 }
              policy:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { AWS: "arn:aws:iam::${aws.account_id}:root" }
                    Action: s3:GetObject
                    Resource: "arn:aws:s3:::full-lake-${aws.account_id}/$${aws:username}/*"
              require_tls: true
          delivery:
            type: firehose.delivery_stream
            properties:
              name: full-delivery
              source: { kinesis_stream: "${events.arn}" }
              s3:
                bucket: "${lake.arn}"
                prefix: "events/type=!{partitionKeyFromQuery:kind}/day=!{timestamp:yyyy-MM-dd}/"
                error_output_prefix: "errors/!{firehose:error-output-type}/"
                buffering: { size_mb: 64, interval_seconds: 120 }
                logging: { enabled: true }
                transformation: { lambda_arn: "arn:aws:lambda:sa-east-1:123456789012:function:enrich" }
                dynamic_partitioning: { partition_keys: { kind: .kind } }
                format_conversion:
                  output_format: parquet
                  schema:
                    database: full_db
                    table: events
                    columns: [ { name: kind, type: string }, { name: user_id, type: bigint } ]
                backup: { bucket: "${lake.arn}", prefix: backup/ }
        """

    @Test func theExampleStacksPassCfnLintInJSONAndYAML() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "synth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files: [String] = []
        for stack in ["firehose-demo", "clickstream-parquet"] {
            for (format, suffix) in [("cloudformation", "json"), ("cloudformation-yaml", "yaml")] {
                let out = directory.appendingPathComponent("\(stack).\(suffix)").path
                let result = try await synth(
                    packageRoot.appendingPathComponent("Stacks/\(stack).yaml").path,
                    ["--format", format, "--out", out])
                #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
                files.append(out)
            }
        }
        // Every kind and setting: alarms, KMS, lifecycle, a policy with IAM's own variables, a
        // transformation, partitioning, conversion with its Glue table, logging, a backup.
        let everything = directory.appendingPathComponent("everything.yaml")
        try Self.everything.write(to: everything, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("everything.json").path
        let result = try await synth(everything.path, ["--out", out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        files.append(out)
        let lint = try cfnLint(files)
        #expect(lint.status == 0, "cfn-lint:\n\(lint.stdout)\(lint.stderr)")

        let demo = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: files[0]))) as? [String: Any])
        let resources = try #require(demo["Resources"] as? [String: [String: Any]])
        #expect(Set(resources.keys) == ["Stream1", "Landing", "Delivery", "DeliveryRole"])
        let landing = try #require(resources["Landing"]?["Properties"] as? [String: Any])
        // The account the file's ${aws.account_id} stands for is the deploying one.
        #expect(
            (landing["BucketName"] as? [String: String]) == [
                "Fn::Sub": "firehose-demo-${AWS::AccountId}"
            ])
        #expect(
            resources["Delivery"]?["DependsOn"] as? [String] == [
                "DeliveryRole", "Landing", "Stream1",
            ])
        let outputs = try #require(demo["Outputs"] as? [String: [String: Any]])
        #expect(outputs["Stream1Arn"]?["Description"] as? String == "stream1.arn")
    }

    /// moto's CloudFormation deploys the streams, buckets, roles and log groups of a
    /// template; what it made is what the stack declares, as `show` reads it.
    @Test func aDeployedTemplateIsTheStack() async throws {
        let scenario = try await Scenario("synth", realAWS: false)
        let stack = scenario.stack
        try scenario.write(
            scenario.stream("events", shards: 2) + """
                  lake:
                    type: s3.bucket
                    properties: { name: "\(stack)-lake-${aws.account_id}", versioning: enabled, force_destroy: true }
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      name: \(stack)-delivery
                      source: { kinesis_stream: "${events.arn}" }
                      s3: { bucket: "${lake.arn}", logging: { enabled: true } }

                """)
        let out = scenario.directory.appendingPathComponent("template.json").path
        let synthesized = try await scenario.run(["synth", "STACK", "--out", out])
        #expect(synthesized.status == 0, "\(synthesized.stdout)\(synthesized.stderr)")
        var environment = scenario.server.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        let deploy = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import json, os, sys, time, boto3
                template = json.load(open(sys.argv[1]))
                supported = {"AWS::Kinesis::Stream", "AWS::S3::Bucket", "AWS::IAM::Role", "AWS::Logs::LogGroup"}
                kept = {k: v for k, v in template["Resources"].items() if v["Type"] in supported}
                for resource in kept.values():
                    resource.pop("DependsOn", None)
                template["Resources"] = kept
                template.pop("Outputs", None)
                cfn = boto3.client("cloudformation", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name="sa-east-1")
                cfn.create_stack(StackName=sys.argv[2], TemplateBody=json.dumps(template), Capabilities=["CAPABILITY_NAMED_IAM"])
                for _ in range(100):
                    status = cfn.describe_stacks(StackName=sys.argv[2])["Stacks"][0]["StackStatus"]
                    if not status.endswith("IN_PROGRESS"):
                        break
                    time.sleep(0.2)
                print(status, sorted(kept))
                """, out, stack,
            ], environment: environment)
        #expect(deploy.status == 0, "\(deploy.stdout)\(deploy.stderr)")
        #expect(deploy.stdout.contains("CREATE_COMPLETE"), "\(deploy.stdout)\(deploy.stderr)")

        let show = try await scenario.run(["show", "STACK", "--format", "json"])
        #expect(show.status == 0, "\(show.stdout)\(show.stderr)")
        let shown = try #require(
            try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let resources = try #require(shown["resources"] as? [[String: Any]])
        func resource(_ id: String) -> [String: Any]? {
            resources.first { $0["id"] as? String == id }
        }
        // Made by CloudFormation, not by this stack: there, and not the stack's.
        for id in ["events", "lake", "delivery.role", "delivery.log_group"] {
            #expect(
                resource(id)?["status"] as? String == "exists, not owned by this stack",
                "\(id): \(resource(id) ?? [:])")
        }
        let attributes = try #require(resource("events")?["attributes"] as? [String: Any])
        #expect(attributes["shards"] as? Int == 2)
        #expect(attributes["name"] as? String == "\(stack)-events")
        let lake = try #require(resource("lake")?["attributes"] as? [String: Any])
        #expect(lake["name"] as? String == "\(stack)-lake-123456789012")
        // (moto's CloudFormation makes the bucket but ignores VersioningConfiguration.)
        let role = try #require(resource("delivery.role")?["attributes"] as? [String: Any])
        #expect(role["path"] as? String == "/streamstack/\(stack)/sa-east-1/")
        #expect(resource("delivery")?["status"] as? String == "absent", "moto cannot deploy it")
    }
}
