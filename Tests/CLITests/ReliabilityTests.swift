import AWS
import Foundation
import Kinds
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults, interruptions and kills: every run either finishes or stops cleanly, and the next
/// run converges to exactly the declared resources.
struct ReliabilityTests {
    static func pipeline(_ scenario: StackScenarioTests.Scenario) throws {
        try scenario.write(
            scenario.stream("source", shards: 2) + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake, versioning: enabled, force_destroy: true }
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-delivery
                      source: { kinesis_stream: "${source.arn}" }
                      s3: { bucket: "${lake.arn}", prefix: raw/, buffering: { size_mb: 5, interval_seconds: 60 } }

                """)
    }

    /// What the stack owns in AWS, by type and name, found independently of streamstack.
    static func owned(_ scenario: StackScenarioTests.Scenario) async throws -> Set<String> {
        let aws = scenario.aws
        var found: Set<String> = []
        for name in try await KinesisClient(aws).listStreams() where name.hasPrefix(scenario.stack)
        {
            found.insert("stream \(name)")
        }
        for name in try await S3Client(aws).listBuckets() where name.hasPrefix(scenario.stack) {
            found.insert("bucket \(name)")
        }
        for name in try await FirehoseClient(aws).listDeliveryStreams()
        where name.hasPrefix(scenario.stack) {
            found.insert("delivery \(name)")
        }
        for name in try await IAMClient(aws).listRoleNames(
            pathPrefix: "/streamstack/\(scenario.stack)/")
        {
            found.insert("role \(name)")
        }
        return found
    }

    static func declared(_ scenario: StackScenarioTests.Scenario) -> Set<String> {
        [
            "stream \(scenario.stack)-source", "bucket \(scenario.stack)-lake",
            "delivery \(scenario.stack)-delivery",
            "role streamstack-\(scenario.stack)-delivery-sa-east-1",
        ]
    }

    /// Runs `command` through the faults until it succeeds (at most `tries` times), then once
    /// more without faults; every failed run must have ended with a clean report.
    static func converge(
        _ command: [String], _ scenario: StackScenarioTests.Scenario, proxy: FaultProxy,
        tries: Int = 3
    ) async throws -> Int {
        var failures = 0
        for _ in 0..<tries {
            let result = try await scenario.run(command, through: proxy.endpoint)
            if result.status == 0 { return failures }
            failures += 1
            #expect(result.status == 1)
            let clean = result.stdout.contains("incomplete.") || result.stderr.contains("error:")
            #expect(clean, "an unclean failure:\n\(result.stdout)\n\(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        let last = try await scenario.run(command)
        #expect(last.status == 0, "\(last.stdout)\n\(last.stderr)")
        return failures
    }

    @Test(arguments: [(0.1, UInt64(101)), (0.3, UInt64(303))])
    func faultsConvergeWithNothingDuplicatedOrLost(rate: Double, seed: UInt64) async throws {
        let scenario = try await StackScenarioTests.Scenario("faults")
        try Self.pipeline(scenario)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule(FaultProxy.randomFaults(rate: rate, seed: seed))

        _ = try await Self.converge(["apply", "STACK", "--auto-approve"], scenario, proxy: proxy)
        #expect(try await Self.owned(scenario) == Self.declared(scenario))
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)

        // Data in the bucket survives a faulty re-apply of a changed stack.
        let s3 = try S3Client(scenario.aws)
        for index in 0..<5 {
            try await s3.putObject(
                "\(scenario.stack)-lake", key: "raw/\(index).json", body: Data("{}".utf8))
        }
        try String(contentsOf: scenario.file, encoding: .utf8)
            .replacingOccurrences(of: "interval_seconds: 60", with: "interval_seconds: 120")
            .write(to: scenario.file, atomically: true, encoding: .utf8)
        _ = try await Self.converge(["apply", "STACK", "--auto-approve"], scenario, proxy: proxy)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await s3.listObjects("\(scenario.stack)-lake", prefix: "raw").count == 5)
        #expect(try await Self.owned(scenario) == Self.declared(scenario))

        let faulted = proxy.requests.filter { $0.fault != "forward" }.count
        #expect(faulted > 0)
        _ = try await Self.converge(["destroy", "STACK", "--auto-approve"], scenario, proxy: proxy)
        #expect(try await Self.owned(scenario) == [])
    }

    /// A signal at a random moment of apply or destroy, twenty times each: the next run of the
    /// same command converges, and plan is then empty (or nothing is left).
    @Test(arguments: [("SIGINT", SIGINT), ("SIGKILL", SIGKILL)])
    func interruptionsAtRandomPointsConverge(_ name: String, _ signal: Int32) async throws {
        // AWS's transitions, shortened: forty runs must fit in a test run.
        let scenario = try await StackScenarioTests.Scenario(
            name == "SIGINT" ? "int" : "kill", timings: RealAWSBehaviour.Timings().scaled(0.4))
        try Self.pipeline(scenario)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        // Every call takes a little while, so that a signal lands in the middle of the work.
        proxy.setRule { _ in .delay(.milliseconds(40)) }
        var random = SeededGenerator(seed: signal == SIGINT ? 2 : 9)
        var environment = scenario.server.environment()
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint.absoluteString
        for point in 0..<20 {
            let command = point % 2 == 0 ? "apply" : "destroy"
            let running = try await startStreamstack(
                [command, scenario.file.path, "--auto-approve"], environment: environment)
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...2500, using: &random)))
            kill(running.processIdentifier, signal)
            let stopped = await running.finished()
            if signal == SIGINT {
                #expect(
                    [0, 130].contains(stopped.status),
                    "\(command) at point \(point): \(stopped.stdout)\(stopped.stderr)")
            }
            let rerun = try await scenario.run([command, "STACK", "--auto-approve"])
            #expect(
                rerun.status == 0,
                "\(command) after \(name) at point \(point):\n\(rerun.stdout)\n\(rerun.stderr)")
            if command == "apply" {
                let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
                #expect(plan.status == 0, "plan after \(name) at point \(point):\n\(plan.stdout)")
                #expect(try await Self.owned(scenario) == Self.declared(scenario))
            } else {
                let left = try await Self.owned(scenario)
                #expect(
                    left == [],
                    "\(left) left behind after \(name) at point \(point):\n\(stopped.stdout)\n\(rerun.stdout)\n\(rerun.stderr)"
                )
            }
        }
    }

    /// The moment a kill can leave a resource untagged: created, but the tag not yet written.
    @Test func aResourceCreatedButNotTaggedIsRecognisedByTheNextRun() async throws {
        let scenario = try await StackScenarioTests.Scenario("journal")
        try Self.pipeline(scenario)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            let tagging =
                request.operation == "AddTagsToStream"
                || (request.method == "PUT" && request.path.hasSuffix("?tagging"))
            return tagging
                ? .respond(
                    status: 400, headers: ["Content-Type": "text/xml"],
                    body:
                        "<Error><Code>InvalidTag</Code><Message>Injected: the run stops here</Message></Error>"
                )
                : .forward
        }
        let stopped = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(stopped.status == 1)
        #expect(try await S3Client(scenario.aws).getTags("\(scenario.stack)-lake") == [:])
        #expect(
            FileManager.default.fileExists(atPath: scenario.journalPath))

        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.stdout.contains("created by an interrupted run of this stack (journal)"))
        #expect(!plan.stdout.contains("already exists without the tag"))
        let resumed = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(
            try await S3Client(scenario.aws).getTags("\(scenario.stack)-lake")["streamstack:stack"]
                == scenario.stack)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(
            !FileManager.default.fileExists(atPath: scenario.journalPath))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func twoStacksSideBySideDoNotSeeEachOther() async throws {
        let first = try await StackScenarioTests.Scenario("left")
        let second = try await StackScenarioTests.Scenario("right")
        try first.write(first.stream("a"))
        try second.write(second.stream("a") + second.stream("b"))
        #expect(try await first.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await second.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let plan = try await first.run(["plan", "STACK", "--format", "json"])
        #expect(!plan.stdout.contains(second.stack))
        #expect(try await second.run(["destroy", "STACK", "--auto-approve"]).status == 0)
        #expect(try await KinesisClient(first.aws).listStreams().contains("\(first.stack)-a"))
        #expect(try await first.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await first.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
