import AWS
import Foundation
import Kinds
import Pipeline
import TestSupport
import Testing

/// The local demo's stand-in for Firehose (scripts/local_delivery.py) against moto: records
/// produced into a stream land in the bucket as Firehose would write them.
struct LocalDeliveryTests {
    @Test func producedRecordsLandInTheBucketAsFirehoseWritesThem() async throws {
        let scenario = try await StackScenarioTests.Scenario("local", realAWS: false)
        let stack = scenario.stack
        try scenario.write(
            scenario.stream("source", shards: 2) + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(stack)-lake, force_destroy: true }
                  plain:
                    type: firehose.delivery_stream
                    properties:
                      name: \(stack)-plain
                      source: { kinesis_stream: "${source.arn}" }
                      s3:
                        bucket: "${lake.arn}"
                        prefix: raw/
                        compression: gzip
                        buffering: { size_mb: 1, interval_seconds: 2 }
                  parted:
                    type: firehose.delivery_stream
                    properties:
                      name: \(stack)-parted
                      source: { kinesis_stream: "${source.arn}" }
                      s3:
                        bucket: "${lake.arn}"
                        prefix: "events/!{partitionKeyFromQuery:event_type}/!{timestamp:yyyy-MM-dd}/"
                        error_output_prefix: "errors/!{firehose:error-output-type}/"
                        buffering: { size_mb: 64, interval_seconds: 2 }
                        dynamic_partitioning:
                          partition_keys: { event_type: .event_type }

                """)
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")

        var environment = scenario.server.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let sidecar = try startProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", packageRoot.appendingPathComponent("scripts/local_delivery.py").path,
                "--poll", "0.3", "--only", "\(stack)-plain", "--only", "\(stack)-parted",
            ], environment: environment)
        defer { sidecar.interrupt() }

        let count = 200
        let lines = (0..<count).map {
            #"{"seq":\#($0),"user":"u\#($0 % 7)","event_type":"\#($0 % 3 == 0 ? "click" : "view")"}"#
        }
        let recordsFile = scenario.directory.appendingPathComponent("records.jsonl")
        try lines.joined(separator: "\n").write(to: recordsFile, atomically: true, encoding: .utf8)
        let produced = try await scenario.run([
            "produce", "STACK", "--stream", "source", "--file", recordsFile.path, "--partition-key",
            "user",
        ])
        #expect(produced.status == 0, "\(produced.stdout)\n\(produced.stderr)")
        let producedAt = ContinuousClock.now

        let s3 = try S3Client(scenario.aws)
        let bucket = "\(stack)-lake"
        // moto cannot check the signature of a query value with `/`: list by the first part.
        func delivered(_ prefix: String) async throws -> [S3Client.Object] {
            try await s3.listObjects(bucket, prefix: String(prefix.prefix { $0 != "/" })).filter {
                $0.key.hasPrefix(prefix)
            }
        }
        /// The records of each object, in the order the object holds them.
        func records(in objects: [S3Client.Object], gzip: Bool) async throws -> [[[String: Any]]] {
            var found: [[[String: Any]]] = []
            for object in objects {
                var body = try await s3.getObject(bucket, key: object.key)
                if gzip { body = try Gzip.decompress(body) }
                found.append(
                    try String(decoding: body, as: UTF8.self).split(separator: "\n").map {
                        try #require(
                            JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
                    })
            }
            return found
        }
        // Within a few buffer intervals every record has landed through both streams.
        let deadline = ContinuousClock.now + .seconds(45)
        var plain: [[[String: Any]]] = []
        var parted: [[[String: Any]]] = []
        while ContinuousClock.now < deadline {
            plain = try await records(in: delivered("raw/"), gzip: true)
            parted = try await records(in: delivered("events/"), gzip: false)
            if plain.joined().count >= count && parted.joined().count >= count { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        // A 2 s buffer interval: delivered within a few cycles of it, even on a busy machine.
        #expect(ContinuousClock.now - producedAt < .seconds(20))
        // Every record once, and in each object in order for each partition key (one key, one
        // shard).
        for objects in [plain, parted] {
            let sequence = objects.joined().compactMap { $0["seq"] as? Int }
            #expect(sequence.sorted() == Array(0..<count), "sidecar said:\n\(sidecar.stdout)")
            for records in objects {
                for user in 0..<7 {
                    let ofUser = records.filter { $0["user"] as? String == "u\(user)" }
                        .compactMap { $0["seq"] as? Int }
                    #expect(ofUser == ofUser.sorted(), "order of u\(user): \(ofUser)")
                }
            }
        }
        // raw/YYYY/MM/DD/HH/NAME-VERSION-YYYY-MM-DD-HH-MM-SS-RANDOM.gz
        let hour = try NSRegularExpression(
            pattern:
                #"^raw/\d{4}/\d{2}/\d{2}/\d{2}/\#(stack)-plain-\d+-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]+\.gz$"#
        )
        for object in try await delivered("raw/") {
            #expect(
                hour.firstMatch(
                    in: object.key, range: NSRange(object.key.startIndex..., in: object.key))
                    != nil, "\(object.key)")
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let today = formatter.string(from: Date())
        let partitions = Set(
            try await delivered("events/").map {
                $0.key.split(separator: "/").prefix(3).joined(separator: "/")
            })
        // (Not Hive's `type=click`: moto cannot check signatures of S3 keys with `=`.)
        #expect(partitions == ["events/click/\(today)", "events/view/\(today)"])
        // Each partition holds only its own records.
        for object in try await delivered("events/") {
            let type = object.key.split(separator: "/")[1]
            let body = try await s3.getObject(bucket, key: object.key)
            #expect(
                !String(decoding: body, as: UTF8.self).contains(
                    #""event_type":"\#(type == "click" ? "view" : "click")""#))
        }
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// Started with SIGINT and SIGTERM ignored (as a shell's background job inherits them) and
    /// blocked (as this test runner hands them down), the stand-in still stops when told.
    @Test func theStandInStopsWhenToldEvenIfStartedWithSignalsIgnored() async throws {
        let server = try await MotoServer.shared()
        var environment = server.environment()
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let script = packageRoot.appendingPathComponent("scripts/local_delivery.py").path
        let sidecar = try startProcess(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "trap '' INT TERM; exec python3 '\(script)' --poll 0.2 --only none"],
            environment: environment)
        let started = ContinuousClock.now
        while !sidecar.stdout.contains("local delivery:"),
            ContinuousClock.now - started < .seconds(60)
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(sidecar.stdout.contains("local delivery:"), "\(sidecar.stdout)")
        kill(sidecar.processIdentifier, SIGTERM)
        let told = ContinuousClock.now
        while kill(sidecar.processIdentifier, 0) == 0, ContinuousClock.now - told < .seconds(15) {
            try await Task.sleep(for: .milliseconds(50))
        }
        let running = kill(sidecar.processIdentifier, 0) == 0
        #expect(!running, "SIGTERM did not stop the stand-in")
        if running { kill(sidecar.processIdentifier, SIGKILL) }
        let result = await sidecar.finished()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
