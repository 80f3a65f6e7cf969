import AWS
import Foundation
import Kinds
import Synchronization
import TestSupport
import Testing

/// Stacks written by the tests, with names of their own, so that they can run side by side.
struct StackScenarioTests {
    struct Scenario {
        let server: MotoServer
        let stack: String
        let directory: URL
        /// The real-AWS mode every command of this scenario goes through; nil for the few
        /// scenarios that stay on plain moto.
        let realAWS: RealAWSBehaviour?
        private let proxy: FaultProxy?
        var file: URL { directory.appendingPathComponent("stack.yaml") }
        /// The creation journal of this stack in moto's account and sa-east-1, in the state
        /// folder every command of the tests uses.
        var journalPath: String {
            URL(fileURLWithPath: testStateDirectory).appendingPathComponent(
                "streamstack/journal/123456789012/sa-east-1/\(stack).json"
            ).path
        }
        /// Straight to moto, for the tests' own checks and out-of-band changes.
        var aws: AWSContext { motoContext(server) }
        /// Through the real-AWS mode, for out-of-band changes that must play AWS's transitions.
        var awsThroughRealAWSMode: AWSContext { motoContext(server, through: proxy) }

        init(
            _ prefix: String, realAWS: Bool = true,
            timings: RealAWSBehaviour.Timings = RealAWSBehaviour.Timings()
        ) async throws {
            server = try await MotoServer.shared()
            stack = uniqueName(prefix)
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(stack)
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            let behaviour = realAWS ? RealAWSBehaviour(server: server, timings: timings) : nil
            self.realAWS = behaviour
            let upstream = server.endpoint
            proxy = try behaviour.map { try FaultProxy(upstream: upstream, realAWS: $0) }
        }

        /// Starts a command in the background, through this scenario's real-AWS mode.
        func start(_ arguments: [String]) async throws -> RunningCommand {
            var environment = server.environment()
            if let endpoint = proxy?.endpoint {
                environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
            }
            return try await startStreamstack(
                arguments.map { $0 == "STACK" ? file.path : $0 }, environment: environment)
        }

        /// How many calls of `operation` the real-AWS mode's proxy has seen.
        func calls(_ operation: String) -> Int {
            proxy?.requests.filter { $0.request.operation == operation }.count ?? 0
        }

        /// Waits until the real-AWS mode's proxy has seen more than `seen` calls of `operation`.
        func waitForCall(_ operation: String, beyond seen: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if calls(operation) > seen { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("no new \(operation) call within 60 s")
        }

        /// The calls, per operation, of a plan that must find nothing to change.
        func callsOfAnEmptyPlan(sourceLocation: SourceLocation = #_sourceLocation) async throws
            -> [String: Int]
        {
            let proxy = try faultProxy()
            defer { proxy.stop() }
            let plan = try await run(
                ["plan", "STACK", "--detailed-exitcode"], through: proxy.endpoint)
            #expect(
                plan.status == 0, "\(plan.stdout)\n\(plan.stderr)", sourceLocation: sourceLocation)
            return proxy.requests.reduce(into: [:]) { $0[$1.request.operation, default: 0] += 1 }
        }

        /// A proxy for injected faults that keeps this scenario's real-AWS mode behind it.
        func faultProxy() throws -> FaultProxy {
            try FaultProxy(upstream: server.endpoint, realAWS: realAWS)
        }

        func write(_ resources: String) throws {
            try "stack: \(stack)\nregion: sa-east-1\nresources:\n\(resources)"
                .write(to: file, atomically: true, encoding: .utf8)
        }

        func stream(_ id: String, shards: Int = 1) -> String {
            "  \(id):\n    type: kinesis.stream\n    properties: { name: \(stack)-\(id), shards: \(shards) }\n"
        }

        func run(
            _ arguments: [String], through endpoint: URL? = nil,
            environment extra: [String: String] = [:]
        ) async throws -> CommandResult {
            var environment = server.environment().merging(extra) { $1 }
            if let endpoint = endpoint ?? proxy?.endpoint {
                environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
            }
            return try await runStreamstack(
                arguments.map { $0 == "STACK" ? file.path : $0 }, environment: environment)
        }
    }

    @Test func aResourceRemovedFromTheFileIsDeleted() async throws {
        let scenario = try await Scenario("prune")
        try scenario.write(scenario.stream("keep") + scenario.stream("drop"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try scenario.write(scenario.stream("keep"))
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("-   kinesis.stream kinesis.stream:\(scenario.stack)-drop"))
        #expect(plan.stdout.contains("no longer in the stack file"))
        // Found by the tag alone, shown apart from what the file declares.
        let heading = try #require(
            plan.stdout.range(of: "Not in the stack file, found in AWS by the tag"))
        let pruned = try #require(plan.stdout.range(of: "kinesis.stream:\(scenario.stack)-drop"))
        #expect(heading.lowerBound < pruned.lowerBound)
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let streams = try await KinesisClient(scenario.aws).listStreams()
        #expect(streams.contains("\(scenario.stack)-keep"))
        #expect(!streams.contains("\(scenario.stack)-drop"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A bucket that cannot be deleted (objects, no force_destroy) is found before anything is
    /// deleted: destroy stops whole, or with --keep-going deletes the rest and says what stays.
    @Test func destroyStopsBeforeAnyDeleteWhenABucketCannotGo() async throws {
        let scenario = try await Scenario("undeletable")
        let bucket = "\(scenario.stack)-full"
        try scenario.write(
            scenario.stream("events")
                + "  full:\n    type: s3.bucket\n    properties: { name: \(bucket) }\n")
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let s3 = try S3Client(scenario.aws)
        try await s3.putObject(bucket, key: "data.json", body: Data("{}".utf8))
        let kinesis = try KinesisClient(scenario.aws)

        let stopped = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(stopped.status == 1)
        #expect(
            stopped.stderr.contains(
                "destroy stopped before deleting anything: bucket \(bucket) holds objects and force_destroy is off for it"
            ), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("destroy --keep-going"))
        #expect(try await kinesis.listStreams().contains("\(scenario.stack)-events"))
        #expect(try await s3.headBucket(bucket) != .missing)

        let rest = try await scenario.run(["destroy", "STACK", "--auto-approve", "--keep-going"])
        #expect(rest.status == 1, "\(rest.stdout)\(rest.stderr)")
        #expect(try await !kinesis.listStreams().contains("\(scenario.stack)-events"))
        #expect(try await s3.listObjects(bucket).map(\.key) == ["data.json"])
        try await s3.deleteObject(bucket, key: "data.json")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        #expect(try await s3.headBucket(bucket) == .missing)
    }

    @Test func anUnownedResourceIsNeitherTakenOverNorDestroyed() async throws {
        let scenario = try await Scenario("adopt")
        let kinesis = try KinesisClient(scenario.aws)
        try await kinesis.createStream(
            name: "\(scenario.stack)-theirs", shardCount: 1, mode: "PROVISIONED")
        try scenario.write(scenario.stream("mine") + scenario.stream("theirs"))

        let plan = try await scenario.run(["plan", "STACK"])
        #expect(
            plan.stdout.contains(
                "already exists without the tag streamstack:stack=\(scenario.stack)"))
        // Markdown keeps the action column short and gives the way out in its own column.
        let markdown = try await scenario.run(["plan", "STACK", "--format", "markdown"])
        #expect(
            markdown.stdout.contains(
                "| **blocked** | `kinesis.stream theirs` | `\(scenario.stack)-theirs` |"))
        #expect(markdown.stdout.contains("run apply with --adopt theirs"))
        let refused = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("run apply with --adopt theirs"))
        #expect(refused.stderr.contains("Nothing was changed."))
        #expect(try await !kinesis.listStreams().contains("\(scenario.stack)-mine"))

        // destroy leaves the untagged stream alone, and says so.
        let destroyUnowned = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroyUnowned.stdout.contains("left alone"))
        #expect(try await kinesis.listStreams().contains("\(scenario.stack)-theirs"))

        let adopted = try await scenario.run([
            "apply", "STACK", "--auto-approve", "--adopt", "theirs",
        ])
        #expect(adopted.status == 0, "\(adopted.stdout)\(adopted.stderr)")
        #expect(
            try await kinesis.listTags(stream: "\(scenario.stack)-theirs")["streamstack:stack"]
                == scenario.stack)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        #expect(try await !kinesis.listStreams().contains("\(scenario.stack)-theirs"))
    }

    @Test func unknownAdoptIdIsRefused() async throws {
        let scenario = try await Scenario("adoptid", realAWS: false)
        try scenario.write(scenario.stream("one"))
        let result = try await scenario.run(["apply", "STACK", "--auto-approve", "--adopt", "oen"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "--adopt oen: the stack declares no resource with that id (did you mean 'one'?); its ids are one"
            ))
    }

    @Test func confirmationIsRefusedWithoutATerminal() async throws {
        let scenario = try await Scenario("confirm", realAWS: false)
        try scenario.write(scenario.stream("one"))
        let result = try await scenario.run(["apply", "STACK"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("confirmation needs a terminal; pass --auto-approve"))
        #expect(
            try await !KinesisClient(scenario.aws).listStreams().contains("\(scenario.stack)-one"))
    }

    @Test func savedPlansApplyAsPlannedAndAreRefusedWhenStale() async throws {
        let scenario = try await Scenario("saved")
        try scenario.write(scenario.stream("one"))
        let planFile = scenario.directory.appendingPathComponent("plan.json").path
        #expect(try await scenario.run(["plan", "STACK", "--out", planFile]).status == 0)
        let applied = try await scenario.run(["apply", planFile])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(
            applied.stdout.contains("Apply complete: 1 created, 0 updated, 0 replaced, 0 deleted."))

        try scenario.write(scenario.stream("one", shards: 2))
        #expect(try await scenario.run(["plan", "STACK", "--out", planFile]).status == 0)
        try await KinesisClient(scenario.aws).increaseRetention(
            stream: "\(scenario.stack)-one", hours: 30)
        let stale = try await scenario.run(["apply", planFile])
        #expect(stale.status == 1)
        #expect(
            stale.stderr.contains(
                "cannot be applied: the resources in AWS changed since the plan was saved")
        )
        #expect(
            try await KinesisClient(scenario.aws).describeStreamSummary(
                name: "\(scenario.stack)-one"
            ).openShardCount == 1)

        // The saved plan carries the stack file it was made from: editing the file afterwards
        // changes nothing about what it applies.
        #expect(try await scenario.run(["plan", "STACK", "--out", planFile]).status == 0)
        try scenario.write(scenario.stream("one", shards: 3))
        let edited = try await scenario.run(["apply", planFile])
        #expect(edited.status == 0, "\(edited.stdout)\(edited.stderr)")
        #expect(
            try await KinesisClient(scenario.aws).describeStreamSummary(
                name: "\(scenario.stack)-one"
            ).openShardCount == 2)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func jsonAndMarkdownPlans() async throws {
        let scenario = try await Scenario("formats", realAWS: false)
        try scenario.write(scenario.stream("one"))
        let json = try await scenario.run([
            "plan", "STACK", "--format", "json", "--detailed-exitcode",
        ])
        #expect(json.status == 2)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["format_version"] as? Int == 1)
        #expect(object["has_changes"] as? Bool == true)
        #expect((object["summary"] as? [String: Int])?["create"] == 1)
        let resource = try #require((object["resources"] as? [[String: Any]])?.first)
        #expect(resource["action"] as? String == "create")
        let changes = resource["changes"] as? [[String: Any]] ?? []
        #expect(
            changes.contains {
                $0["attribute"] as? String == "shards" && $0["new"] as? Int == 1
                    && $0["old"] is NSNull
            })
        let markdown = try await scenario.run(["plan", "STACK", "--format", "markdown"])
        #expect(
            markdown.stdout.contains(
                "### streamstack plan: `\(scenario.stack)` in sa-east-1 (region from the stack file), account 123456789012"
            ))
        #expect(
            markdown.stdout.contains("| create | `kinesis.stream one` | `\(scenario.stack)-one` |"))
        #expect(markdown.stdout.contains("| action | resource | name | changes | why |"))
    }

    @Test func aPartialFailureIsReportedAndARerunConverges() async throws {
        let scenario = try await Scenario("partial")
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            request.operation == "CreateDeliveryStream"
                ? .respond(
                    status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                    body: #"{"__type":"InvalidArgumentException","message":"Injected failure"}"#)
                : .forward
        }
        try scenario.write(
            scenario.stream("source") + scenario.stream("other") + """
                  bucket:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-bucket, force_destroy: true }
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-delivery
                      source: { kinesis_stream: "${source.arn}" }
                      s3: { bucket: "${bucket.arn}" }

                """)
        let failed = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("Apply incomplete."))
        #expect(
            failed.stdout.contains(
                "Failed: delivery (create): firehose CreateDeliveryStream failed: InvalidArgumentException: Injected failure"
            ))
        #expect(failed.stdout.contains("Done: "))
        for id in ["source", "other", "bucket", "delivery.role"] {
            #expect(failed.stdout.contains("\(id) (create)"))
        }
        proxy.setRule { _ in .forward }
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.stdout.contains("Plan: 1 to create, 0 to update, 0 to replace, 0 to delete."))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func dependantsOfAFailureAreSkipped() async throws {
        let scenario = try await Scenario("skip")
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            request.operation == "CreateRole"
                ? .respond(
                    status: 400, headers: ["Content-Type": "text/xml"],
                    body:
                        "<ErrorResponse><Error><Code>LimitExceeded</Code><Message>Injected: too many roles</Message></Error></ErrorResponse>"
                )
                : .forward
        }
        try scenario.write(
            scenario.stream("source") + """
                  bucket:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-bucket }
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      source: { kinesis_stream: "${source.arn}" }
                      s3: { bucket: "${bucket.arn}" }

                """)
        let result = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(result.status == 1)
        #expect(result.stdout.contains("Failed: delivery.role (create)"))
        #expect(result.stdout.contains("Skipped: delivery (create): delivery.role did not succeed"))
        proxy.setRule { _ in .forward }
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func aWrongSecretIsOneClearMessage() async throws {
        let scenario = try await Scenario("secret", realAWS: false)
        try scenario.write(scenario.stream("one"))
        var environment = scenario.server.environment()
        environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-value"
        let result = try await runStreamstack(
            ["plan", scenario.file.path], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("sts GetCallerIdentity failed: SignatureDoesNotMatch"))
        #expect(result.stderr.contains("check AWS_SECRET_ACCESS_KEY"))
        #expect(!result.stderr.contains("wrong-secret-value"))
    }

    @Test func verboseLogsEveryCallWithoutSecrets() async throws {
        let scenario = try await Scenario("verbose")
        try scenario.write(scenario.stream("one"))
        let result = try await scenario.run(["plan", "STACK", "--verbose"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("aws: sts.GetCallerIdentity POST 127.0.0.1 → 200"))
        #expect(
            result.stderr.contains(
                "aws: kinesis.DescribeStreamSummary POST 127.0.0.1 → 400 ResourceNotFoundException")
        )
        #expect(!result.stderr.contains(scenario.server.secretAccessKey))
        #expect(!result.stdout.contains(scenario.server.secretAccessKey))
    }
}

extension StackScenarioTests {
    /// Changing what AWS cannot change in place replaces the resource: delete, then create.
    @Test func aNewSourceStreamReplacesTheDeliveryStream() async throws {
        let scenario = try await Scenario("replace")
        func write(source: String) throws {
            try scenario.write(
                scenario.stream("first") + scenario.stream("second") + """
                      lake:
                        type: s3.bucket
                        properties: { name: \(scenario.stack)-lake }
                      delivery:
                        type: firehose.delivery_stream
                        properties:
                          name: \(scenario.stack)-delivery
                          source: { kinesis_stream: "${\(source).arn}" }
                          s3: { bucket: "${lake.arn}" }

                    """)
        }
        try write(source: "first")
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try write(source: "second")
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("-/+ firehose.delivery_stream delivery"))
        #expect(plan.stdout.contains("AWS cannot change source.kinesis_stream in place"))
        #expect(plan.stdout.contains("# forces replacement"))
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("deleting (to replace)"))
        #expect(apply.stdout.contains("creating (replacement)"))
        let described = try await FirehoseClient(scenario.aws).describeDeliveryStream(
            name: "\(scenario.stack)-delivery")
        #expect(
            described.source?.kinesisStreamSourceDescription?.kinesisStreamARN.hasSuffix(
                "stream/\(scenario.stack)-second") == true)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// A stream AWS is already deleting (a destroy stopped half-way) is still the stack's until
    /// it is gone: destroy waits for it rather than saying there is nothing to destroy.
    @Test func destroyWaitsForAStreamAWSIsAlreadyDeleting() async throws {
        let scenario = try await Scenario("going")
        let behaviour = try #require(scenario.realAWS)
        try scenario.write(scenario.stream("one"))
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let name = "\(scenario.stack)-one"
        // AWS stays DELETING until the test has seen destroy wait for it, however busy the
        // machine.
        behaviour.set { $0.holdStreams = true }
        try await KinesisClient(scenario.awsThroughRealAWSMode).deleteStream(name: name)
        let before = scenario.calls("DescribeStreamSummary")
        let running = try await scenario.start(["destroy", "STACK", "--auto-approve"])
        try await scenario.waitForCall("DescribeStreamSummary", beyond: before + 2)
        behaviour.set { $0.holdStreams = false }
        let destroy = await running.finished()
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
        #expect(
            destroy.stdout.contains("AWS is already deleting it: destroy waits until it is gone"))
        #expect(try await !KinesisClient(scenario.aws).listStreams().contains(name))
    }

    /// Reads that need no account id go out while GetCallerIdentity is still unanswered; a
    /// name built from the account id is read after it.
    @Test func readsThatNeedNoAccountIdDoNotWaitForIt() async throws {
        let scenario = try await Scenario("early", realAWS: false)
        try scenario.write(
            scenario.stream("one") + """
                  lake:
                    type: s3.bucket
                    properties: { name: "\(scenario.stack)-${aws.account_id}" }

                """)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        // The identity call is held until the reads that need no account id have all arrived
        // (at most 30 s): they came while it was unanswered, so they did not wait for it.
        let early: Set = ["DescribeStreamSummary", "GetResources", "ListRoles"]
        let arrivedWhileHeld = Mutex<Set<String>>([])
        let identityAnswered = Mutex(false)
        let arrivedAfter = Mutex<Set<String>>([])
        proxy.setRule { request in
            let operation = request.operation.hasPrefix("HEAD /") ? "HeadBucket" : request.operation
            if identityAnswered.withLock({ $0 }) {
                arrivedAfter.withLock { _ = $0.insert(operation) }
            } else {
                arrivedWhileHeld.withLock { _ = $0.insert(operation) }
            }
            guard operation == "GetCallerIdentity" else { return .forward }
            let deadline = ContinuousClock.now + .seconds(30)
            while !early.isSubset(of: arrivedWhileHeld.withLock({ $0 })),
                ContinuousClock.now < deadline
            {
                usleep(10_000)
            }
            identityAnswered.withLock { $0 = true }
            return .forward
        }
        let plan = try await scenario.run(["plan", "STACK"], through: proxy.endpoint)
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
        let held = arrivedWhileHeld.withLock { $0 }
        #expect(early.isSubset(of: held), "waited for the account id: \(early.subtracting(held))")
        // The bucket's name needs the account id: it is read only once the identity is known.
        #expect(!held.contains("HeadBucket"))
        #expect(arrivedAfter.withLock { $0 }.contains("HeadBucket"))
    }
}
