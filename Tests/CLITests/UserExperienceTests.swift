import AWS
import Engine
import Foundation
import Kinds
import TestSupport
import Testing

/// What a user reads and types: plans that say what AWS says, the region the file names,
/// renames as replacements, readable policies, messages that help, output for scripts.
struct UserExperienceTests {
    typealias Scenario = StackScenarioTests.Scenario

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Plans end with the month's cost and the plan's change to it, at the traffic the stack
    /// file (or --traffic) states, with prices whose source the plan names.
    @Test func plansSayWhatTheStackCostsAndWhatTheChangeAdds() async throws {
        let scenario = try await Scenario("cost", realAWS: false)
        func write(shards: Int) throws {
            try """
            stack: \(scenario.stack)
            region: sa-east-1
            cost:
              records_per_second: 50
              average_record_bytes: 2048
            resources:
            \(scenario.stream("events", shards: shards))
            """.write(to: scenario.file, atomically: true, encoding: .utf8)
        }
        try write(shards: 2)
        let first = try await scenario.run(["plan", "STACK", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let cost = try #require(try json(first.stdout)["cost"] as? [String: Any])
        let shardHour = EmbeddedPrices.table["sa-east-1"]![.shardHour]!
        let lines = try #require(cost["lines"] as? [[String: Any]])
        let shards = try #require(lines.first { $0["item"] as? String == "kinesis_shard_hour" })
        #expect(shards["quantity"] as? Double == 1460)
        #expect(shards["resource"] as? String == "events")
        #expect(cost["current_monthly"] as? Double == 0)
        let traffic = try #require(cost["traffic"] as? [String: Any])
        #expect(traffic["records_per_second"] as? Double == 50)
        #expect(traffic["origin"] as? String == "the stack file's cost:")
        let prices = try #require(cost["prices"] as? [String: Any])
        #expect(prices["source"] as? String == "embedded")
        #expect((prices["description"] as? String)?.contains("an emulator has no prices") == true)

        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        // One more shard: the change is one shard's month.
        try write(shards: 3)
        let resharding = try json(
            try await scenario.run(["plan", "STACK", "--format", "json"]).stdout)
        let change = try #require(
            (resharding["cost"] as? [String: Any])?["change_monthly"] as? Double)
        #expect(abs(change - 730 * shardHour) < 0.0001)
        let text = try await scenario.run(["plan", "STACK", "--traffic", "5/s,512B"])
        #expect(text.stdout.contains("Estimated cost: "))
        #expect(text.stdout.contains("this plan changes it by +$18.6"))
        #expect(text.stdout.contains("Traffic: 5 records/s of 512 bytes (--traffic)."))
        #expect(text.stdout.contains("kinesis.stream events"))
        #expect(text.stdout.contains("/day"))
        #expect(!text.stdout.contains("Capacity:"))
        // Three shards take 3 MiB/s: 2,000 records/s of 2 KiB (3.91 MiB/s) need four.
        let busy = try await scenario.run(["plan", "STACK", "--traffic", "2000/s,2KiB"])
        #expect(
            busy.stdout.contains(
                "Capacity: events: 2000 records/s of 2 KiB (3.91 MiB/s) needs 4 shards; 3 shards take 3 MiB/s and 3000 records/s, and writes past that are throttled."
            ), "\(busy.stdout)")
        let wrong = try await scenario.run(["plan", "STACK", "--traffic", "lots"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("RATE/s,SIZE"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// On an 80-column terminal a plan fits: long reasons and values move to lines of their own,
    /// cost lines become a table; only what cannot break (an ARN, a policy's line) is wider.
    @Test func aPlanOnATerminalFitsEightyColumns() async throws {
        let scenario = try await Scenario("columns", realAWS: false)
        let stack = try String(
            contentsOf: packageRoot.appendingPathComponent("Stacks/clickstream-parquet.yaml"),
            encoding: .utf8)
        try stack.write(to: scenario.file, atomically: true, encoding: .utf8)
        var environment = scenario.server.environment()
        environment["COLUMNS"] = "80"
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        // A terminal of its own: `script` runs the plan on a pseudo-terminal.
        let command = "'\(streamstackBinary.path)' plan '\(scenario.file.path)' --no-color"
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"],
            environment: environment)
        let lines = result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("Estimated cost: ") }, "\(result.stdout)")
        // A busy machine may add a line on standard error about a slow answer (once per ten
        // seconds at most): not the plan's.
        for line in lines where line.count > 80 && !line.hasPrefix("still waiting for ") {
            let unbreakable =
                line.hasPrefix("          = ") || line.hasPrefix("          → ")
                || line.hasPrefix("            ") || line.hasPrefix("          -")
                || line.hasPrefix("          +")
            #expect(unbreakable, "wider than 80 columns: \(line)")
        }
        // Piped, the same plan keeps one line per item, for scripts.
        let piped = try await scenario.run(["plan", "STACK"])
        #expect(piped.stdout.split(separator: "\n").contains { $0.count > 80 })
    }

    @Test func showJSONHasTypedValuesAndNoARNForWhatIsAbsent() async throws {
        let scenario = try await Scenario("showjson", realAWS: false)
        try scenario.write(
            scenario.stream("one")
                + "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-b }\n")
        #expect(
            try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try scenario.write(
            scenario.stream("one") + scenario.stream("later")
                + "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-b }\n")
        let shown = try json(try await scenario.run(["show", "STACK", "--format", "json"]).stdout)
        let resources = try #require(shown["resources"] as? [[String: Any]])
        let stream = try #require(resources.first { $0["id"] as? String == "one" })
        let attributes = try #require(stream["attributes"] as? [String: Any])
        #expect(attributes["shards"] as? Int == 1)
        #expect(attributes["mode"] as? String == "provisioned")
        #expect(attributes["retention_hours"] as? Int == 24)
        let bucket = try #require(resources.first { $0["id"] as? String == "b" })
        let bucketAttributes = try #require(bucket["attributes"] as? [String: Any])
        #expect(bucketAttributes["public_access_block.block_public_acls"] as? Bool == true)
        // A never-versioned bucket is what S3 says it is: not "suspended".
        #expect(bucketAttributes["versioning"] as? String == "disabled")
        let later = try #require(resources.first { $0["id"] as? String == "later" })
        #expect(later["status"] as? String == "absent")
        #expect(later["arn"] is NSNull)
        let text = try await scenario.run(["show", "STACK"])
        #expect(text.stdout.contains("mode = \"provisioned\""))
        #expect(!text.stdout.contains("stream/\(scenario.stack)-later"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func versioningIsShownAsS3HasItAndDisabledCannotReturn() async throws {
        let scenario = try await Scenario("versioning", realAWS: false)
        func bucket(_ versioning: String) throws {
            try scenario.write(
                "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-b, versioning: \(versioning) }\n"
            )
        }
        try bucket("disabled")
        let first = try await scenario.run(["plan", "STACK"])
        #expect(first.stdout.contains(#"+ versioning"#))
        #expect(first.stdout.contains(#"= "disabled""#))
        #expect(!first.stdout.contains("suspended"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let clean = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(clean.status == 0)
        #expect(
            clean.stdout.contains("account 123456789012 (1 resource).\n\nEstimated cost: "),
            "\(clean.stdout)")

        try bucket("enabled")
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try bucket("disabled")
        let back = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(back.status == 2)
        #expect(back.stdout.contains(#"versioning = "enabled" → "suspended""#), "\(back.stdout)")
        #expect(back.stdout.contains("S3 cannot turn versioning off again"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        // Converged: nothing to change, and the plan still says why `disabled` is not what S3 has.
        let settled = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(settled.status == 0, "\(settled.stdout)")
        #expect(settled.stdout.contains("S3 cannot turn versioning off again"))
        #expect(
            try await S3Client(scenario.aws).getVersioning("\(scenario.stack)-b") == "Suspended")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func theStackFilesRegionWinsAndThePlanSaysWhereItActs() async throws {
        let scenario = try await Scenario("regionwins", realAWS: false)
        try scenario.write(scenario.stream("one"))
        let plan = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], environment: ["AWS_REGION": "eu-west-3"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("in sa-east-1 (region from the stack file)"))
        #expect(
            try await KinesisClient(scenario.aws).listStreams().contains("\(scenario.stack)-one"))
        #expect(
            try await KinesisClient(motoContext(scenario.server, region: "eu-west-3")).listStreams()
                .filter { $0.hasPrefix(scenario.stack) }.isEmpty)
        let moved = try await scenario.run(["plan", "STACK", "--region", "us-east-1"])
        #expect(moved.status == 1)
        #expect(
            moved.stderr.contains(
                "the stack file's region is sa-east-1, and --region says us-east-1"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)

        // Without `region:`, the environment decides, and the header says so.
        try "stack: \(scenario.stack)\nresources:\n\(scenario.stream("two"))"
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let fromEnvironment = try await scenario.run(["plan", "STACK"])
        #expect(fromEnvironment.stdout.contains("in sa-east-1 (region from AWS_REGION)"))
        let typo = try await scenario.run(
            ["plan", "STACK"], environment: ["AWS_REGION": "sa-east-9"])
        #expect(typo.status == 1)
        #expect(
            typo.stderr.contains(
                "AWS_REGION is 'sa-east-9': no such region; did you mean sa-east-1?"))

        // A region that does not exist is caught offline.
        try "stack: \(scenario.stack)\nregion: sa-east-9\nresources:\n\(scenario.stream("two"))"
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let validate = try await scenario.run(["validate", "STACK"])
        #expect(validate.status == 1)
        #expect(
            validate.stderr.contains(
                "stack.yaml:2:9: error: region 'sa-east-9': no such region (did you mean 'sa-east-1'?)"
            ))
    }

    @Test func anUndeclaredVariableIsATypoWithASuggestion() async throws {
        let scenario = try await Scenario("vartypo", realAWS: false)
        try
            "stack: \(scenario.stack)\nregion: sa-east-1\nvariables: { env: dev }\nresources:\n  s:\n    type: kinesis.stream\n    properties: { name: \"\(scenario.stack)-${var.env}\", shards: 1 }\n"
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let result = try await scenario.run(["validate", "STACK", "--var", "evn=prod"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "variable 'evn' is given (--var or --var-file) but the stack neither declares nor uses it (did you mean 'env'?)"
            ))
        #expect(try await scenario.run(["validate", "STACK", "--var", "env=prod"]).status == 0)
    }

    @Test func aRenameIsAReplacementAndABucketKeepsItsForceDestroy() async throws {
        let scenario = try await Scenario("rename")
        func stack(stream: String, bucket: String?) throws {
            var text = scenario.stream("s").replacingOccurrences(
                of: "\(scenario.stack)-s", with: "\(scenario.stack)-\(stream)")
            if let bucket {
                text +=
                    "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-\(bucket), force_destroy: true }\n"
            }
            try scenario.write(text)
        }
        try stack(stream: "first", bucket: "one")
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let s3 = try S3Client(scenario.aws)
        try await s3.putObject("\(scenario.stack)-one", key: "data.txt", body: Data("x".utf8))

        try stack(stream: "second", bucket: "two")
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("-/+ kinesis.stream s"), "\(plan.stdout)")
        #expect(plan.stdout.contains("# name: AWS cannot rename it"))
        #expect(plan.stdout.contains("0 to create, 0 to update, 2 to replace, 0 to delete."))
        #expect(
            plan.stdout.contains(
                "bucket \(scenario.stack)-one holds objects: apply deletes every object and version in it"
            ))
        let json = try json(try await scenario.run(["plan", "STACK", "--format", "json"]).stdout)
        let replaced = try #require(
            (json["resources"] as? [[String: Any]])?.first { $0["id"] as? String == "s" })
        #expect((replaced["reason"] as? String)?.hasPrefix("name:") == true)
        let markdown = try await scenario.run(["plan", "STACK", "--format", "markdown"])
        #expect(markdown.stdout.contains("| name: AWS cannot rename it"))

        let applied = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("0 created, 0 updated, 2 replaced, 0 deleted"))
        let streams = try await KinesisClient(scenario.aws).listStreams()
        #expect(
            streams.contains("\(scenario.stack)-second")
                && !streams.contains("\(scenario.stack)-first"))
        #expect(try await s3.headBucket("\(scenario.stack)-one") == .missing)

        // Removed from the file altogether, a bucket keeps the force_destroy it was applied with.
        try await s3.putObject("\(scenario.stack)-two", key: "data.txt", body: Data("x".utf8))
        try stack(stream: "second", bucket: nil)
        let pruned = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(pruned.status == 0, "\(pruned.stdout)\(pruned.stderr)")
        #expect(try await s3.headBucket("\(scenario.stack)-two") == .missing)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aPolicyChangeIsShownLineByLine() async throws {
        let scenario = try await Scenario("policydiff", realAWS: false)
        func stack(target: String) throws {
            try scenario.write(
                scenario.stream("in") + """
                      one:
                        type: s3.bucket
                        properties: { name: \(scenario.stack)-one, force_destroy: true }
                      two:
                        type: s3.bucket
                        properties: { name: \(scenario.stack)-two, force_destroy: true }
                      d:
                        type: firehose.delivery_stream
                        properties:
                          name: \(scenario.stack)-d
                          source: { kinesis_stream: "${in.arn}" }
                          s3: { bucket: "${\(target).arn}" }

                    """)
        }
        try stack(target: "one")
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try stack(target: "two")
        let plan = try await scenario.run(["plan", "STACK"])
        let lines = plan.stdout.components(separatedBy: "\n")
        #expect(lines.allSatisfy { $0.count < 200 }, "a line of \(lines.map(\.count).max() ?? 0)")
        #expect(
            lines.contains { $0.hasPrefix("          - ") && $0.contains("\(scenario.stack)-one") })
        #expect(
            lines.contains { $0.hasPrefix("          + ") && $0.contains("\(scenario.stack)-two") })
        #expect(lines.contains { $0.contains("\"Version\" : \"2012-10-17\"") })
        let markdown = try await scenario.run(["plan", "STACK", "--format", "markdown"])
        #expect(
            markdown.stdout.components(separatedBy: "\n").contains {
                $0.hasPrefix("+ ") && $0.contains("\(scenario.stack)-two")
            })
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aMisspeltCommandGetsTheOneItResembles() async throws {
        let result = try await runStreamstack(["plna", "stack.yaml"], environment: [:])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command 'plna' (did you mean 'plan'?)"))
    }

    @Test func outputGivesScriptsWhatApplyMade() async throws {
        let scenario = try await Scenario("output", realAWS: false)
        try scenario.write(
            scenario.stream("one")
                + "  b:\n    type: s3.bucket\n    properties: { name: \(scenario.stack)-b }\n")
        let before = try await scenario.run(["output", "STACK", "b"])
        #expect(before.status == 1)
        #expect(before.stderr.contains("does not exist in AWS yet: run streamstack apply"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)

        let all = try json(try await scenario.run(["output", "STACK", "--format", "json"]).stdout)
        let bucket = try #require(all["b"] as? [String: Any])
        #expect(bucket["exists"] as? Bool == true)
        #expect(bucket["type"] as? String == "s3.bucket")
        #expect(
            (bucket["attributes"] as? [String: String])?["arn"]
                == "arn:aws:s3:::\(scenario.stack)-b")
        let arn = try await scenario.run(["output", "STACK", "one.arn"])
        #expect(
            arn.stdout == "arn:aws:kinesis:sa-east-1:123456789012:stream/\(scenario.stack)-one\n")
        let graph = try await scenario.run(["graph", "STACK"])
        #expect(graph.stdout.hasPrefix("flowchart LR\n"))
        #expect(graph.stdout.contains(#"n_b["s3.bucket b"]"#))
        #expect(
            try await scenario.run(["graph", "STACK", "--format", "dot"]).stdout.hasPrefix(
                "digraph"))
        let typo = try await scenario.run(["output", "STACK", "oen"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("the stack declares no resource 'oen' (did you mean 'one'?)"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func sampleRecordsCarryTheFieldsThePipelineReads() async throws {
        let scenario = try await Scenario("shaped", realAWS: false)
        try scenario.write(
            scenario.stream("in") + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake }
                  d:
                    type: firehose.delivery_stream
                    properties:
                      source: { kinesis_stream: "${in.arn}" }
                      s3:
                        bucket: "${lake.arn}"
                        buffering: { size_mb: 64, interval_seconds: 60 }
                        prefix: "c=!{partitionKeyFromQuery:customer}/"
                        error_output_prefix: "errors/!{firehose:error-output-type}/"
                        dynamic_partitioning:
                          partition_keys: { customer: .customer.id }
                        format_conversion:
                          output_format: parquet
                          schema:
                            database: shaped
                            table: events
                            columns:
                              - { name: user_id, type: bigint }
                              - { name: ts, type: timestamp }

                """)
        // Only the stream needs to exist for produce.
        let kinesis = try KinesisClient(scenario.aws)
        try await kinesis.createStream(
            name: "\(scenario.stack)-in", shardCount: 1, mode: "PROVISIONED")
        let produced = try await scenario.run([
            "produce", "STACK", "--stream", "in", "--count", "3",
        ])
        #expect(produced.status == 0, "\(produced.stdout)\(produced.stderr)")
        let shard = try #require(try await kinesis.listShards(stream: "\(scenario.stack)-in").first)
        let iterator = try await kinesis.shardIterator(
            stream: "\(scenario.stack)-in", shardID: shard.shardId)
        let records = try await kinesis.getRecords(iterator: iterator).records
        #expect(records.count == 3)
        for record in records {
            let event = try #require(
                try JSONSerialization.jsonObject(with: record.data) as? [String: Any])
            #expect(event["user_id"] is Int)
            #expect((event["ts"] as? String)?.count == 19)
            #expect((event["customer"] as? [String: Any])?["id"] is String)
        }
        try await kinesis.deleteStream(name: "\(scenario.stack)-in")
    }
}
