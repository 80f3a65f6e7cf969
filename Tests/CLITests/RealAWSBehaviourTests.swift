import AWS
import Foundation
import Kinds
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The binary against the proxy's real-AWS mode: each test meets one behaviour AWS has and moto
/// lacks, and would fail if streamstack did what moto lets it get away with.
struct RealAWSBehaviourTests {
    typealias Scenario = StackScenarioTests.Scenario

    /// A stream, a bucket and a delivery stream between them, and `extra` resources.
    static func pipeline(_ scenario: Scenario, extra: String = "") throws {
        try scenario.write(
            scenario.stream("source") + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake, force_destroy: true }
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-delivery
                      source: { kinesis_stream: "${source.arn}" }
                      s3: { bucket: "${lake.arn}", prefix: raw/ }
                \(extra)
                """)
    }

    /// A new stream is CREATING and refuses tag calls: the tags go with CreateStream, the role
    /// is created alongside the stream, and Firehose's "unable to assume role" is ridden out.
    @Test func firstApplyMeetsCreatingStatesAndIAMPropagation() async throws {
        // IAM slower than the stream's creation, so that Firehose meets the new role too early.
        var timings = RealAWSBehaviour.Timings()
        timings.rolePropagation = .seconds(4)
        let scenario = try await Scenario("firstapply", timings: timings)
        try Self.pipeline(scenario)
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let refusals = scenario.realAWS?.refusals ?? []
        #expect(!refusals.contains("ResourceInUseException"), "\(refusals)")
        #expect(refusals.contains("InvalidArgumentException"), "role propagation never met")
        #expect(
            try await KinesisClient(scenario.aws).listTags(stream: "\(scenario.stack)-source")[
                "streamstack:stack"] == scenario.stack)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// Resharding leaves the stream UPDATING; the retention change waits for ACTIVE.
    @Test func updatesWaitForActiveBetweenSteps() async throws {
        let scenario = try await Scenario("updating")
        try scenario.write(scenario.stream("one"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try scenario.write(
            "  one:\n    type: kinesis.stream\n    properties: { name: \(scenario.stack)-one, shards: 3, retention_hours: 48 }\n"
        )
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        #expect(scenario.realAWS?.refusals.contains("ResourceInUseException") == false)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// destroy then apply at once: names still DELETING and a bucket name S3 has not released
    /// (409 OperationAborted) are waited for.
    @Test func destroyThenImmediateApply() async throws {
        let scenario = try await Scenario("again")
        // However slowly a busy machine runs the destroy, the apply meets the held name.
        scenario.realAWS?.set { $0.bucketNameRefusals = 2 }
        try Self.pipeline(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        let again = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(
            scenario.realAWS?.refusals.contains("OperationAborted") == true,
            "\(scenario.realAWS?.refusals ?? []) \(again.stdout)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A changed role policy and destination in one apply: format conversion switched on gives
    /// the role Glue permissions, and UpdateDestination meets Firehose's "Access was denied
    /// when calling Glue" while IAM propagates them, and rides it.
    @Test func updateDestinationRidesRolePropagation() async throws {
        // Propagation long enough to outlast the Glue table's creation however loaded the
        // machine is: the update must meet it to show that it rides it.
        var timings = RealAWSBehaviour.Timings()
        timings.rolePropagation = .seconds(8)
        let scenario = try await Scenario("rolechange", timings: timings)
        try Self.pipeline(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let before = scenario.realAWS?.refusals.filter { $0 == "InvalidArgumentException" }.count
        let database = scenario.stack.replacingOccurrences(of: "-", with: "_")
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(
                of: "prefix: raw/ }",
                with: """
                    prefix: raw/, buffering: { size_mb: 64, interval_seconds: 60 },
                            format_conversion: { output_format: parquet, schema: { database: \(database),
                              table: events, columns: [{ name: kind, type: string }] } } }
                    """
            )
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let after = scenario.realAWS?.refusals.filter { $0 == "InvalidArgumentException" }.count
        #expect((after ?? 0) > (before ?? 0), "UpdateDestination never met IAM propagation")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// CREATING_FAILED stops the apply with AWS's reason and is then planned as a replacement;
    /// DELETING_FAILED stops destroy with AWS's reason instead of waiting for ever.
    @Test func failedStatesStopWithAWSReasons() async throws {
        let scenario = try await Scenario("failed")
        let behaviour = try #require(scenario.realAWS)
        try Self.pipeline(scenario)
        behaviour.set { $0.failDeliveryCreates = true }
        let failed = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(failed.status == 1)
        #expect(
            failed.stdout.contains("CREATING_FAILED: UNKNOWN_ERROR"), "\(failed.stdout)")
        behaviour.set { $0.failDeliveryCreates = false }
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("-/+ firehose.delivery_stream delivery"), "\(plan.stdout)")
        #expect(plan.stdout.contains("AWS reports it CREATING_FAILED"))
        let fixed = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(fixed.status == 0, "\(fixed.stdout)\n\(fixed.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)

        behaviour.set { $0.failDeliveryDeletes = true }
        let started = ContinuousClock.now
        let stuck = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(stuck.status == 1)
        #expect(
            stuck.stdout.contains("DELETING_FAILED: UNKNOWN_ERROR"), "\(stuck.stdout)")
        #expect(ContinuousClock.now - started < .seconds(60))
        behaviour.set { $0.failDeliveryDeletes = false }
        let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
    }

    /// A public ACL needs the public-access block off first, and ACLs enabled.
    @Test func publicACLComesAfterThePublicAccessBlock() async throws {
        let scenario = try await Scenario("acl")
        try scenario.write(
            """
              open:
                type: s3.bucket
                properties:
                  name: \(scenario.stack)-open
                  object_ownership: bucket-owner-preferred
                  acl: public-read
                  public_access_block: { block_public_acls: false, ignore_public_acls: false, block_public_policy: false, restrict_public_buckets: false }

            """)
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// S3 refuses `aws:` tags from requesters: a tag update leaves the system's tags to S3, and
    /// they are no drift.
    @Test func bucketTagUpdatesNeverSendSystemTags() async throws {
        let scenario = try await Scenario("awstags")
        let bucket = "\(scenario.stack)-tagged"
        try scenario.write(
            "  tagged:\n    type: s3.bucket\n    properties: { name: \(bucket), tags: { team: a } }\n"
        )
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        // The bucket as a CloudFormation stack leaves it: moto refuses to store such a tag, so
        // the proxy adds it to what S3 answers.
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            guard request.method == "GET", request.path.hasSuffix("?tagging") else {
                return .forward
            }
            return .rewrite { body in
                let text = String(decoding: body, as: UTF8.self).replacingOccurrences(
                    of: "</TagSet>",
                    with:
                        "<Tag><Key>aws:cloudformation:stack-name</Key><Value>legacy</Value></Tag></TagSet>"
                )
                return Data(text.utf8)
            }
        }
        let s3 = try S3Client(scenario.aws)
        #expect(
            try await scenario.run(
                ["plan", "STACK", "--detailed-exitcode"], through: proxy.endpoint
            )
            .status == 0)
        try scenario.write(
            "  tagged:\n    type: s3.bucket\n    properties: { name: \(bucket), tags: { team: b } }\n"
        )
        let apply = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        #expect(scenario.realAWS?.refusals.contains("InvalidTag") == false)
        #expect(try await s3.getTags(bucket)["team"] == "b")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A no-op plan makes the same calls with 0 or 200 unrelated streams in the account: owned
    /// streams come from the tagging API, not from ListTagsForStream on every stream.
    /// Kinesis refuses a sixth stream in CREATING: a stack of seven applies in one go, and
    /// streams someone else is creating meanwhile are waited for, not taken for a quota.
    @Test func moreThanFiveStreamsWaitForTheCreatingLimit() async throws {
        let scenario = try await Scenario("six-streams")
        let behaviour = try #require(scenario.realAWS)
        try scenario.write((1...7).map { scenario.stream("s\($0)") }.joined())
        let applied = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(!behaviour.refusals.contains("LimitExceededException"))
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)

        // Five streams of someone else's CREATING, held there until the stack's next create has
        // been refused: it waits its turn.
        behaviour.set { $0.holdStreams = true }
        let others = try KinesisClient(scenario.awsThroughRealAWSMode)
        for index in 1...5 {
            try await others.createStream(
                name: "\(scenario.stack)-other-\(index)", shardCount: 1, mode: "PROVISIONED")
        }
        try scenario.write((1...8).map { scenario.stream("s\($0)") }.joined())
        let running = try await scenario.start(["apply", "STACK", "--auto-approve"])
        let deadline = ContinuousClock.now + .seconds(60)
        while !behaviour.refusals.contains("LimitExceededException"), ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(behaviour.refusals.contains("LimitExceededException"))
        behaviour.set { $0.holdStreams = false }
        let waited = await running.finished()
        #expect(waited.status == 0, "\(waited.stdout)\(waited.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        let direct = try KinesisClient(scenario.aws)
        for index in 1...5 {
            try await direct.deleteStream(name: "\(scenario.stack)-other-\(index)")
        }
    }

    @Test func noOpPlanCallsDoNotGrowWithTheAccount() async throws {
        let scenario = try await Scenario("scale")
        try Self.pipeline(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        /// Calls per operation.
        func calls() async throws -> [String: Int] {
            // Each per-second rate budget full again, so that no call is a throttled retry.
            try await Task.sleep(for: .seconds(2))
            return try await scenario.callsOfAnEmptyPlan()
        }
        let alone = try await calls()
        let kinesis = try KinesisClient(scenario.aws)
        for index in 0..<200 {
            try await kinesis.createStream(
                name: "\(scenario.stack)-other-\(index)", shardCount: 1, mode: "PROVISIONED")
        }
        let crowded = try await calls()
        #expect(crowded == alone)
        for index in 0..<200 {
            try await kinesis.deleteStream(name: "\(scenario.stack)-other-\(index)")
        }
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A plan takes the streams' and delivery streams' tags from the tagging API's one call
    /// while it agrees with the file, and reads their own tags where it does not: right after a
    /// create (not listed yet) or a tag change (listed with the old value) the plan stays empty.
    @Test func tagsComeFromTheTaggingAPIWhileItAgrees() async throws {
        let scenario = try await Scenario("taggingview")
        let behaviour = try #require(scenario.realAWS)
        try Self.pipeline(scenario)
        behaviour.set { $0.holdTagging = true }
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let tagReads = [
            "ListTagsForStream", "ListTagsForDeliveryStream", "GET /\(scenario.stack)-lake?tagging",
        ]
        // The new stream and delivery stream are not listed yet.
        let late = try await scenario.callsOfAnEmptyPlan()
        #expect(tagReads.prefix(2).allSatisfy { late[$0, default: 0] > 0 }, "\(late)")
        behaviour.set { $0.holdTagging = false }
        let settled = try await scenario.callsOfAnEmptyPlan()
        #expect(tagReads.allSatisfy { settled[$0, default: 0] == 0 }, "\(settled)")
        #expect(settled["GetResources", default: 0] == 1, "\(settled)")

        // A tag change the tagging API still shows the old value of.
        behaviour.set { $0.holdTagging = true }
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(of: "resources:\n", with: "tags: { team: data }\nresources:\n")
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let stale = try await scenario.callsOfAnEmptyPlan()
        #expect(tagReads.prefix(2).allSatisfy { stale[$0, default: 0] > 0 }, "\(stale)")
        behaviour.set { $0.holdTagging = false }
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// Pruning a stream without the tagging API's help: plain moto with the documented scan.
    @Test func theStreamScanIsAnExplicitChoice() async throws {
        let scenario = try await Scenario("scan", realAWS: false)
        try scenario.write(scenario.stream("keep") + scenario.stream("drop"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try scenario.write(scenario.stream("keep"))
        var environment = scenario.server.environment()
        environment["STREAMSTACK_STREAM_DISCOVERY"] = "scan"
        let plan = try await runStreamstack(
            ["plan", scenario.file.path, "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("kinesis.stream:\(scenario.stack)-drop"))
        environment["STREAMSTACK_STREAM_DISCOVERY"] = "everything"
        let wrong = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("STREAMSTACK_STREAM_DISCOVERY is 'everything'"))
        try scenario.write(scenario.stream("keep") + scenario.stream("drop"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// One file, two regions: IAM is global, yet each region keeps its own role, and each
    /// region's plan, prune and destroy see only their own resources.
    @Test func oneStackInTwoRegions() async throws {
        let scenario = try await Scenario("regions")
        try Self.pipeline(scenario)
        // Bucket names are global: the region goes into this one.
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(
                of: "name: \(scenario.stack)-lake",
                with: "name: \"\(scenario.stack)-${aws.region}\""
            )
            .replacingOccurrences(of: "region: sa-east-1\n", with: "")
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        func run(_ region: String, _ arguments: [String]) async throws -> CommandResult {
            try await scenario.run(arguments + ["--region", region])
        }
        for region in ["sa-east-1", "us-east-2"] {
            let apply = try await run(region, ["apply", "STACK", "--auto-approve"])
            #expect(apply.status == 0, "\(region): \(apply.stdout)\n\(apply.stderr)")
        }
        for region in ["sa-east-1", "us-east-2"] {
            let plan = try await run(region, ["plan", "STACK", "--detailed-exitcode"])
            #expect(plan.status == 0, "\(region): \(plan.stdout)")
        }
        let destroy = try await run("sa-east-1", ["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
        let ohio = motoContext(scenario.server, region: "us-east-2")
        #expect(try await KinesisClient(ohio).listStreams().contains("\(scenario.stack)-source"))
        #expect(try await S3Client(ohio).headBucket("\(scenario.stack)-us-east-2") != .missing)
        #expect(
            try await IAMClient(ohio).getRole(
                name: "streamstack-\(scenario.stack)-delivery-us-east-2")
                != nil)
        #expect(
            try await IAMClient(ohio).getRole(
                name: "streamstack-\(scenario.stack)-delivery-sa-east-1")
                == nil)
        #expect(try await run("us-east-2", ["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await run("us-east-2", ["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A shard quota is reported before apply and, when AWS refuses, not retried as throttling.
    @Test func shardQuotaIsWarnedAndNotRetried() async throws {
        let scenario = try await Scenario("quota")
        let behaviour = try #require(scenario.realAWS)
        let open = try await KinesisClient(scenario.aws).describeLimits().openShardCount
        behaviour.set { $0.shardLimit = open + 2 }
        defer { behaviour.set { $0.shardLimit = nil } }
        try scenario.write(scenario.stream("big", shards: 3))
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("Warning: this plan opens 3 shards"), "\(plan.stdout)")
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        let apply = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(apply.status == 1)
        #expect(apply.stdout.contains("shard limit"), "\(apply.stdout)")
        #expect(apply.stdout.contains("account quota, not a momentary rate limit"))
        #expect(proxy.requests.filter { $0.request.operation == "CreateStream" }.count == 1)
    }

    /// A stream with consumers is deleted only when the stack says so; otherwise the error
    /// names them.
    @Test func consumersAreDeletedOnlyWhenTheStackSaysSo() async throws {
        let scenario = try await Scenario("consumers")
        try scenario.write(scenario.stream("fanout"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let kinesis = try KinesisClient(scenario.aws)
        let arn = try await kinesis.describeStreamSummary(name: "\(scenario.stack)-fanout")
            .streamARN
        try await kinesis.registerConsumer(streamARN: arn, name: "reporting-app")
        let refused = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(refused.status == 1)
        #expect(
            refused.stdout.contains("has registered consumers (reporting-app)"), "\(refused.stdout)"
        )
        #expect(try await kinesis.listStreams().contains("\(scenario.stack)-fanout"))
        try scenario.write(
            "  fanout:\n    type: kinesis.stream\n    properties: { name: \(scenario.stack)-fanout, shards: 1, enforce_consumer_deletion: true }\n"
        )
        let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
        #expect(try await !kinesis.listStreams().contains("\(scenario.stack)-fanout"))
    }

    /// Dynamic partitioning is chosen at creation: switching it on replaces the delivery
    /// stream (Firehose refuses it in place), while its keys then change in place.
    @Test func dynamicPartitioningOnReplacesAndItsKeysUpdate() async throws {
        let scenario = try await Scenario("partitioning")
        try Self.pipeline(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        func partitionBy(_ key: String) throws {
            try String(contentsOf: scenario.file, encoding: .utf8)
                .replacingOccurrences(
                    of: #"prefix: raw/ }"#,
                    with: """
                        prefix: "raw/!{partitionKeyFromQuery:\(key)}/",
                                error_output_prefix: errors/, buffering: { size_mb: 64, interval_seconds: 60 },
                                dynamic_partitioning: { partition_keys: { \(key): .\(key) } } }
                        """
                )
                .write(to: scenario.file, atomically: true, encoding: .utf8)
        }
        try partitionBy("kind")
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("-/+ firehose.delivery_stream delivery"), "\(plan.stdout)")
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        try Self.pipeline(scenario)
        try partitionBy("region")
        let keys = try await scenario.run(["plan", "STACK"])
        #expect(keys.stdout.contains("~   firehose.delivery_stream delivery"), "\(keys.stdout)")
        let update = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(update.status == 0, "\(update.stdout)\n\(update.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// The role Firehose reads the source with is fixed at creation: a new role replaces the
    /// delivery stream, and the managed role it leaves is pruned only after.
    @Test func aNewSourceRoleReplacesTheDeliveryStream() async throws {
        let scenario = try await Scenario("srcrole")
        try Self.pipeline(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let role = try await createAssumableRole("\(scenario.stack)-given", context: scenario.aws)
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(
                of: "      name: \(scenario.stack)-delivery\n",
                with: "      name: \(scenario.stack)-delivery\n      role_arn: \(role.arn)\n"
            )
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("-/+ firehose.delivery_stream delivery"), "\(plan.stdout)")
        #expect(plan.stdout.contains("source.role_arn"))
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let described = try await FirehoseClient(scenario.aws).describeDeliveryStream(
            name: "\(scenario.stack)-delivery")
        #expect(described.source?.kinesisStreamSourceDescription?.roleARN == role.arn)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        try await IAMClient(scenario.aws).deleteRolePolicy(roleName: role.name, policyName: "all")
        try await IAMClient(scenario.aws).deleteRole(name: role.name)
    }

    /// Outside the `aws` partition Firehose's update refuses CustomTimeZone and FileExtension:
    /// an update that asks for the defaults goes through without them; a time zone the file
    /// names is refused with the key to remove.
    @Test func anUpdateInAnotherPartitionLeavesOutWhatItDoesNotTake() async throws {
        let scenario = try await Scenario("partition")
        func write(_ s3: String) throws {
            try """
            stack: \(scenario.stack)
            region: cn-north-1
            resources:
              lake:
                type: s3.bucket
                properties: { name: \(scenario.stack)-lake, force_destroy: true }
              delivery:
                type: firehose.delivery_stream
                properties:
                  name: \(scenario.stack)-delivery
                  s3: { bucket: "${lake.arn}", prefix: raw/\(s3) }

            """.write(to: scenario.file, atomically: true, encoding: .utf8)
        }
        // moto keeps IAM per partition: the China partition's keys.
        let china = scenario.server.environment(region: "cn-north-1")
        func run(_ arguments: [String]) async throws -> CommandResult {
            try await scenario.run(arguments, environment: china)
        }
        try write("")
        let apply = try await run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        try write(", buffering: { size_mb: 5, interval_seconds: 120 }")
        let update = try await run(["apply", "STACK", "--auto-approve"])
        #expect(update.status == 0, "\(update.stdout)\n\(update.stderr)")
        #expect(scenario.realAWS?.refusals.contains("ValidationException") == true)
        #expect(try await run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        try write(
            ", buffering: { size_mb: 5, interval_seconds: 120 }, custom_time_zone: Asia/Shanghai")
        let refused = try await run(["apply", "STACK", "--auto-approve"])
        #expect(refused.status == 1)
        #expect(
            (refused.stdout + refused.stderr).contains(
                "Firehose in this partition does not take s3.custom_time_zone; remove it from the stack file"
            ), "\(refused.stdout)\n\(refused.stderr)")
        let destroy = try await run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
    }

    /// A run killed while AWS was still creating (or deleting) leaves resources in transition:
    /// the next run waits for them instead of meeting ResourceInUseException. The test holds
    /// the transitions until the next run has shown that it waits.
    @Test func theNextRunWaitsForResourcesStillInTransition() async throws {
        var timings = RealAWSBehaviour.Timings()
        timings.rolePropagation = .milliseconds(50)
        let scenario = try await Scenario("transit", timings: timings)
        let behaviour = try #require(scenario.realAWS)
        try Self.pipeline(scenario)
        /// Runs `arguments` in the background, lets AWS finish once the run has polled the
        /// resource in transition a few times, and returns what the run printed.
        func waitingRun(_ arguments: [String], polling operation: String) async throws
            -> CommandResult
        {
            let before = scenario.calls(operation)
            let running = try await scenario.start(arguments)
            try await scenario.waitForCall(operation, beyond: before + 2)
            behaviour.set {
                $0.holdStreams = false
                $0.holdDeliveryStreams = false
            }
            return await running.finished()
        }
        func killed(_ arguments: [String], after operation: String) async throws {
            behaviour.set {
                $0.holdStreams = operation == "DeleteStream"
                $0.holdDeliveryStreams = operation == "CreateDeliveryStream"
            }
            // Killed once the run polls for the end of what it started: AWS answered it.
            let poll =
                operation == "DeleteStream" ? "DescribeStreamSummary" : "DescribeDeliveryStream"
            let before = scenario.calls(operation)
            let running = try await scenario.start(arguments)
            try await scenario.waitForCall(operation, beyond: before)
            try await scenario.waitForCall(poll, beyond: scenario.calls(poll))
            kill(running.processIdentifier, SIGKILL)
            _ = await running.finished()
        }

        // Killed while the delivery stream is CREATING: a changed apply waits to update it.
        try await killed(["apply", "STACK", "--auto-approve"], after: "CreateDeliveryStream")
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(of: "prefix: raw/", with: "prefix: raw2/")
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        let update = try await waitingRun(
            ["apply", "STACK", "--auto-approve"], polling: "DescribeDeliveryStream")
        #expect(update.status == 0, "\(update.stdout)\n\(update.stderr)")
        #expect(update.stdout.contains("AWS reports it CREATING"), "\(update.stdout)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)

        // Killed while the delivery stream is CREATING again: destroy waits before deleting.
        try await killed(["apply", "STACK", "--auto-approve"], after: "CreateDeliveryStream")
        let destroy = try await waitingRun(
            ["destroy", "STACK", "--auto-approve"], polling: "DescribeDeliveryStream")
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
        #expect(scenario.realAWS?.refusals.contains("ResourceInUseException") == false)

        // Killed while the stream is DELETING: plan says so, and apply waits for the name.
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try await killed(["destroy", "STACK", "--auto-approve"], after: "DeleteStream")
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("AWS is still deleting the previous one"), "\(plan.stdout)")
        let recreate = try await waitingRun(
            ["apply", "STACK", "--auto-approve"], polling: "DescribeStreamSummary")
        #expect(recreate.status == 0, "\(recreate.stdout)\n\(recreate.stderr)")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}

/// UpdateShardCount's daily limit, as AWS plays it and as the plan tells it.
struct ReshardLimitTests {
    typealias Scenario = StackScenarioTests.Scenario

    /// 3 → 4 shards ends one shard up, but Kinesis may hold the old and the new shards open
    /// on the way, and those count towards the quota.
    @Test func shortLivedShardsCountTowardsTheQuota() async throws {
        let scenario = try await Scenario("shortlived")
        let behaviour = try #require(scenario.realAWS)
        try scenario.write(scenario.stream("s", shards: 3))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let open = try await KinesisClient(scenario.aws).describeLimits().openShardCount
        behaviour.set { $0.shardLimit = open + 2 }
        try scenario.write(scenario.stream("s", shards: 4))
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(
            plan.stdout.contains("counting the short-lived shards a reshard opens on its way"),
            "\(plan.stdout)")
        behaviour.set { $0.shardLimit = nil }
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// 1 → 8 → 1 shards: each UpdateShardCount at most doubles or halves, each waits for the
    /// stream to be ACTIVE again, and six scalings stay within the day's ten.
    @Test func aReshardUpAndDownGoesInStepsAWSTakes() async throws {
        let scenario = try await Scenario("updown")
        try scenario.write(scenario.stream("s"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let kinesis = try KinesisClient(scenario.aws)
        for shards in [8, 1] {
            try scenario.write(scenario.stream("s", shards: shards))
            let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
            #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
            #expect(
                try await kinesis.describeStreamSummary(name: "\(scenario.stack)-s").openShardCount
                    == shards)
            #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        }
        #expect(scenario.calls("UpdateShardCount") == 6)
        #expect(scenario.realAWS?.refusals.contains("LimitExceededException") == false)
        #expect(scenario.realAWS?.refusals.contains("ResourceInUseException") == false)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func peakShardsOfAReshard() {
        #expect(KinesisStreamProvider.peakShards(from: 1, to: 2) == 2)
        #expect(KinesisStreamProvider.peakShards(from: 4, to: 2) == 4)
        #expect(KinesisStreamProvider.peakShards(from: 3, to: 4) == 7)
        // 1 → 2 → 4 → 5: the last step is not exact.
        #expect(KinesisStreamProvider.peakShards(from: 1, to: 5) == 9)
        #expect(KinesisStreamProvider.peakShards(from: 6, to: 6) == 6)
    }

    @Test func aReshardAWSWouldStopHalfwayIsSaidBeforeApply() async throws {
        let scenario = try await Scenario("reshard")
        try scenario.write(scenario.stream("s"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        // 1 → 2000 shards: 2, 4, ... 1024, 2000 is eleven calls.
        try scenario.write(scenario.stream("s", shards: 2000))
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(
            plan.stdout.contains("takes 11 UpdateShardCount calls"), "\(plan.stdout)")
        #expect(plan.stdout.contains("apply would stop at 1024 shards"))
        // Within the day's ten, nothing to say.
        try scenario.write(scenario.stream("s", shards: 1000))
        #expect(try await !scenario.run(["plan", "STACK"]).stdout.contains("UpdateShardCount"))

        // AWS's side: the eleventh scaling of a day is refused, as is more than double.
        let kinesis = try KinesisClient(scenario.awsThroughRealAWSMode)
        let name = "\(scenario.stack)-s"
        func waitActive() async throws {
            for _ in 0..<200 {
                if try await kinesis.describeStreamSummary(name: name).streamStatus == "ACTIVE" {
                    return
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        await #expect(throws: AWSError.self) {
            try await kinesis.updateShardCount(stream: name, target: 3)
        }
        for call in 0..<10 {
            try await kinesis.updateShardCount(stream: name, target: call % 2 == 0 ? 2 : 1)
            try await waitActive()
        }
        let refused = await #expect(throws: AWSError.self) {
            try await kinesis.updateShardCount(stream: name, target: 2)
        }
        #expect(refused?.code == "LimitExceededException")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
