import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// `produce` and `watch`, run as a user runs them.
struct DataPathTests {
    func directPutStack(_ scenario: StackScenarioTests.Scenario) throws {
        try scenario.write(
            scenario.stream("events") + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake, force_destroy: true }
                  direct:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-direct
                      s3: { bucket: "${lake.arn}", prefix: raw/, buffering: { size_mb: 1, interval_seconds: 60 } }

                """)
    }

    /// `watch` of the direct-put delivery stream started in the background, once it is looking.
    /// `watch` with a timeout that outlasts a loaded run: the `produce` it waits for may wait
    /// for a process slot behind other tests' commands first. It ends as soon as it sees the
    /// delivery, so the long timeout costs nothing when all is well.
    func startWatching(_ scenario: StackScenarioTests.Scenario) async throws -> RunningCommand {
        var environment = scenario.server.environment()
        environment["NO_COLOR"] = "1"
        let watching = try await startStreamstack(
            [
                "watch", scenario.file.path, "--delivery", "direct", "--timeout", "240",
                "--interval", "0.2",
            ],
            environment: environment)
        let deadline = ContinuousClock.now + .seconds(60)
        while !watching.stdout.contains("Watching for objects written since"),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        // Watching from five minutes back: what is produced from here on is seen.
        return watching
    }

    @Test func produceSendsSampleAndFileRecords() async throws {
        let scenario = try await StackScenarioTests.Scenario("produce")
        try directPutStack(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        let sample = try await scenario.run([
            "produce", "STACK", "--stream", "events", "--count", "25",
        ])
        #expect(sample.status == 0, "\(sample.stdout)\(sample.stderr)")
        #expect(
            sample.stdout.contains("Sent 25 records to kinesis stream \(scenario.stack)-events"))
        #expect(sample.stdout.contains("0 failed."))

        var environment = scenario.server.environment()
        environment["NO_COLOR"] = "1"
        let lines =
            (1...10).map { #"{"user":"u\#($0 % 3)","n":\#($0)}"# }.joined(separator: "\n") + "\n"
        let fromStdin = try await runStreamstack(
            [
                "produce", scenario.file.path, "--stream", "events", "--file", "-",
                "--partition-key", "user",
            ],
            environment: environment, stdin: lines)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout.contains("Sent 10 records"))

        let kinesis = try KinesisClient(scenario.aws)
        var all: [KinesisClient.Record] = []
        for shard in try await kinesis.listShards(stream: "\(scenario.stack)-events") {
            let iterator = try await kinesis.shardIterator(
                stream: "\(scenario.stack)-events", shardID: shard.shardId)
            all += try await kinesis.getRecords(iterator: iterator).records
        }
        #expect(all.count == 35)
        #expect(
            all.filter { $0.partitionKey == "u1" }.map { String(decoding: $0.data, as: UTF8.self) }
                == [
                    #"{"user":"u1","n":1}"# + "\n", #"{"user":"u1","n":4}"# + "\n",
                    #"{"user":"u1","n":7}"# + "\n",
                    #"{"user":"u1","n":10}"# + "\n",
                ])
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    @Test func produceReportsBadArgumentsAndMissingResources() async throws {
        let scenario = try await StackScenarioTests.Scenario("produceargs")
        try directPutStack(scenario)
        let unknown = try await scenario.run(["produce", "STACK", "--stream", "evnts"])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr.contains("the stack has no resource 'evnts'; its streams are: events"))
        let bucket = try await scenario.run(["produce", "STACK", "--stream", "lake"])
        #expect(bucket.stderr.contains("'lake' is a s3.bucket; produce needs a kinesis.stream"))
        let absent = try await scenario.run(["produce", "STACK", "--stream", "events"])
        #expect(absent.status == 1)
        #expect(
            absent.stderr.contains(
                "stream \(scenario.stack)-events does not exist in sa-east-1: run streamstack apply"
            ))
        let badFile = scenario.directory.appendingPathComponent("bad.jsonl")
        try "{\"ok\":1}\nnot json\n".write(to: badFile, atomically: true, encoding: .utf8)
        let bad = try await scenario.run([
            "produce", "STACK", "--stream", "events", "--file", badFile.path,
        ])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(badFile.path):2: not a JSON document"))
        let negative = try await scenario.run([
            "produce", "STACK", "--stream", "events", "--count=-3",
        ])
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("--count must be between 0 and 10,000,000"))
        let watchMissing = try await scenario.run(["watch", "STACK", "--delivery", "events"])
        #expect(
            watchMissing.stderr.contains(
                "the stack has no delivery stream 'events'; its delivery streams are: direct"))
    }

    /// moto writes direct-put records into the bucket at once, the way Firehose names them.
    @Test func watchSeesDeliveredObjectsAndTimesOutWhenNoneCome() async throws {
        let scenario = try await StackScenarioTests.Scenario("watch")
        try directPutStack(scenario)
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)

        let quiet = try await scenario.run([
            "watch", "STACK", "--delivery", "direct", "--timeout", "1", "--interval", "0.2",
        ])
        #expect(quiet.status == 1)
        #expect(quiet.stdout.contains("when 1 MiB are buffered or 60 s have passed"))
        #expect(
            quiet.stderr.contains("No new objects under s3://\(scenario.stack)-lake/raw/ after 1 s")
        )
        // Direct put is delivered by the emulator itself: no word about a stand-in for Firehose.
        #expect(!quiet.stderr.contains("moto alone never moves"))

        let watching = try await startWatching(scenario)
        let produced = try await scenario.run([
            "produce", "STACK", "--stream", "direct", "--count", "5",
        ])
        #expect(produced.status == 0, "\(produced.stderr)")
        let result = await watching.finished()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("delivered: s3://\(scenario.stack)-lake/raw/"))
        #expect(result.stdout.contains("  | {\"event_id\":"))

        // Started after the delivery, watch still shows what arrived within --since (five
        // minutes unless told), and nothing older than a given time.
        let late = try await scenario.run([
            "watch", "STACK", "--delivery", "direct", "--timeout", "0", "--interval", "0.2",
        ])
        #expect(late.status == 0, "\(late.stdout)\(late.stderr)")
        #expect(late.stdout.contains("delivered: s3://\(scenario.stack)-lake/raw/"))
        let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let none = try await scenario.run([
            "watch", "STACK", "--delivery", "direct", "--timeout", "0", "--since", future,
        ])
        #expect(none.status == 1)
        let badSince = try await scenario.run([
            "watch", "STACK", "--delivery", "direct", "--since", "yesterday",
        ])
        #expect(badSince.status == 64)
        #expect(badSince.stderr.contains("--since expects a duration such as 90s, 5m or 2h"))
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
