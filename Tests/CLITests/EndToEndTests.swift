import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// The built binary against moto (signature checking on).
struct EndToEndTests {
    /// moto behind the proxy's real-AWS mode (states, limits and consistency as AWS has
    /// them), and the environment that sends the binary through it.
    static func throughRealAWSMode() async throws -> (MotoServer, FaultProxy, [String: String]) {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(
            upstream: server.endpoint, realAWS: RealAWSBehaviour(server: server))
        var environment = server.environment()
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint.absoluteString
        return (server, proxy, environment)
    }

    /// The demo stack's whole life. The only test that uses its fixed names.
    @Test func demoStackFromNothingToNothing() async throws {
        let (server, proxy, env) = try await Self.throughRealAWSMode()
        defer { proxy.stop() }
        let aws = motoContext(server)
        let bucket = "firehose-demo-\(server.accountID)"
        func demo(_ command: String, _ options: String...) async throws -> CommandResult {
            try await runStreamstack(
                [command, "Stacks/firehose-demo.yaml"] + options, environment: env)
        }

        let apply = try await demo("apply", "--auto-approve")
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        #expect(apply.stdout.contains("Plan: 4 to create, 0 to update, 0 to replace, 0 to delete."))
        #expect(
            apply.stdout.contains("Apply complete: 4 created, 0 updated, 0 replaced, 0 deleted."))
        let clean = try await demo("plan", "--detailed-exitcode")
        #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        #expect(clean.stdout.contains("No changes."))

        // Out-of-band changes are drift: named in the plan, undone by apply.
        try await S3Client(aws).putVersioning(bucket, status: "Suspended")
        try await KinesisClient(aws).increaseRetention(stream: "stream1", hours: 48)
        let firehose = try FirehoseClient(aws)
        let described = try await firehose.describeDeliveryStream(name: "stream1-to-s3")
        var destination = try #require(
            described.destinations.first?.extendedS3DestinationDescription)
        destination.bufferingHints = BufferingHints(sizeInMBs: 5, intervalInSeconds: 120)
        try await firehose.updateDestination(
            name: "stream1-to-s3", versionID: described.versionId,
            destinationID: described.destinations[0].destinationId, destination: destination)
        let drift = try await demo("plan", "--detailed-exitcode")
        #expect(drift.status == 2)
        #expect(drift.stdout.contains(#"~ versioning = "suspended" → "enabled""#))
        #expect(drift.stdout.contains("~ retention_hours = 48 → 24"))
        #expect(drift.stdout.contains("~ s3.buffering.interval_seconds = 120 → 60"))
        #expect(drift.stdout.contains("Plan: 0 to create, 3 to update, 0 to replace, 0 to delete."))
        let restore = try await demo("apply", "--auto-approve")
        #expect(restore.status == 0, "\(restore.stdout)\n\(restore.stderr)")
        #expect(
            try await demo("plan", "--detailed-exitcode").status == 0)

        // A versioned bucket with objects, old versions and delete markers.
        let s3 = try S3Client(aws)
        for round in 0..<3 {
            for key in ["raw/a.json", "raw/b.json"] {
                try await s3.putObject(bucket, key: key, body: Data("{\"round\":\(round)}".utf8))
            }
        }
        try await s3.deleteObject(bucket, key: "raw/a.json")

        let show = try await demo("show", "--format", "json")
        let shown = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        let resources = shown?["resources"] as? [[String: Any]] ?? []
        #expect(
            resources.map { $0["id"] as? String } == [
                "stream1", "landing", "delivery.role", "delivery",
            ])
        #expect(resources.allSatisfy { $0["status"] as? String == "ok" })
        #expect(
            resources.first?["arn"] as? String
                == "arn:aws:kinesis:sa-east-1:123456789012:stream/stream1")

        let destroy = try await demo("destroy", "--auto-approve")
        #expect(destroy.status == 0, "\(destroy.stdout)\n\(destroy.stderr)")
        #expect(
            destroy.stdout.contains(
                "Destroy complete: 0 created, 0 updated, 0 replaced, 4 deleted."))
        #expect(try await s3.headBucket(bucket) == .missing)
        #expect(try await !KinesisClient(aws).listStreams().contains("stream1"))
        #expect(try await !firehose.listDeliveryStreams().contains("stream1-to-s3"))
        #expect(
            try await IAMClient(aws).getRole(name: "streamstack-firehose-demo-delivery-sa-east-1")
                == nil)
        let again = try await demo("destroy", "--auto-approve")
        #expect(again.stdout.contains("Nothing to destroy"))

        // At once again: the names AWS is still releasing are waited for.
        let reapply = try await demo("apply", "--auto-approve")
        #expect(reapply.status == 0, "\(reapply.stdout)\n\(reapply.stderr)")
        #expect(
            try await demo("destroy", "--auto-approve").status == 0)
    }

    /// Every other example stack, in the real-AWS mode: first apply, empty plan, destroy, then
    /// an immediate apply and destroy.
    @Test func theClickstreamExampleLivesAsOnAWS() async throws {
        let (_, proxy, env) = try await Self.throughRealAWSMode()
        defer { proxy.stop() }
        let variant = "t" + UUID().uuidString.lowercased().prefix(6)
        func run(_ arguments: [String]) async throws -> CommandResult {
            try await runStreamstack(
                arguments + ["Stacks/clickstream-parquet.yaml", "--var", "env=\(variant)"],
                environment: env)
        }
        for round in 0..<2 {
            let apply = try await run(["apply", "--auto-approve"])
            #expect(apply.status == 0, "round \(round): \(apply.stdout)\n\(apply.stderr)")
            let plan = try await run(["plan", "--detailed-exitcode"])
            #expect(plan.status == 0, "round \(round): \(plan.stdout)")
            let destroy = try await run(["destroy", "--auto-approve"])
            #expect(destroy.status == 0, "round \(round): \(destroy.stdout)\n\(destroy.stderr)")
        }
    }
}
