import AWS
import Foundation
import Kinds
import Providers
import StackFile
import TestSupport
import Testing

struct KinesisStreamProviderTests {
    func stack(_ name: String, _ properties: String) throws -> ResourceSpec {
        spec(
            try resolve(
                "stack: t\ntags: { team: data }\nresources:\n  s:\n    type: kinesis.stream\n    properties: { name: \(name), \(properties) }\n"
            ), "s")
    }

    @Test func createReadUpdateEveryPropertyAndDelete() async throws {
        let server = try await MotoServer.shared()
        let provider = try KinesisStreamProvider(
            kinesis: KinesisClient(context(server)), waiter: quickWaiter)
        let name = uniqueName("kp")
        let full = try stack(
            name,
            "shards: 2, retention_hours: 48, encryption: { kms_key_id: alias/aws/kinesis }, tags: { a: b }"
        )
        try await provider.create(full, progress: SilentProgress())
        var live = try #require(try await provider.read(full))
        #expect(try provider.changes(from: live, to: full) == [])
        #expect(live.owner == "t")

        // Each updatable property, changed and read back.
        let changed = try stack(name, "shards: 5, retention_hours: 24, tags: { a: c }")
        #expect(
            try provider.changes(from: live, to: changed).map(\.key).sorted()
                == ["encryption.kms_key_id", "retention_hours", "shards", "tags.a"])
        let notes = NoteCollector()
        try await provider.update(changed, from: live, progress: notes)
        #expect(
            notes.notes.filter { $0.hasPrefix("resharding") } == [
                "resharding \(name) from 2 shards to 4 shards",
                "resharding \(name) from 4 shards to 5 shards",
            ])
        live = try #require(try await provider.read(changed))
        #expect(try provider.changes(from: live, to: changed) == [])

        let onDemand = try stack(name, "mode: on-demand")
        try await provider.update(onDemand, from: live, progress: SilentProgress())
        live = try #require(try await provider.read(onDemand))
        #expect(try provider.changes(from: live, to: onDemand) == [])

        // Out-of-band changes show as drift.
        try await provider.kinesis.increaseRetention(stream: name, hours: 72)
        live = try #require(try await provider.read(onDemand))
        #expect(try provider.changes(from: live, to: onDemand).map(\.key) == ["retention_hours"])

        try await provider.delete(live, progress: SilentProgress())
        #expect(try await provider.read(onDemand) == nil)
    }

    /// A new key is one StartStreamEncryption ("enables or updates" encryption): stopping first
    /// would let records in between be stored unencrypted.
    @Test func aNewKeyIsOneCallWithNoUnencryptedGap() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let provider = try KinesisStreamProvider(
            kinesis: KinesisClient(context(server, through: proxy)), waiter: quickWaiter)
        let name = uniqueName("key")
        let first = try stack(name, "shards: 1, encryption: { kms_key_id: alias/first }")
        try await provider.create(first, progress: SilentProgress())
        let live = try #require(try await provider.read(first))
        let second = try stack(name, "shards: 1, encryption: { kms_key_id: alias/second }")
        proxy.clearLog()
        try await provider.update(second, from: live, progress: SilentProgress())
        let operations = proxy.requests.map(\.request.operation)
        #expect(operations.filter { $0 == "StartStreamEncryption" }.count == 1)
        #expect(!operations.contains("StopStreamEncryption"), "\(operations)")
        let changed = try #require(try await provider.read(second))
        #expect(try provider.changes(from: changed, to: second) == [])
        try await provider.delete(changed, progress: SilentProgress())
    }

    @Test func waitersRideThroughCreatingAndUpdating() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule(
            rewriteFirst(3, of: "DescribeStreamSummary") {
                $0.replacingOccurrences(of: "\"ACTIVE\"", with: "\"CREATING\"")
            })
        let provider = try KinesisStreamProvider(
            kinesis: KinesisClient(context(server, through: proxy)), waiter: quickWaiter)
        let spec = try stack(uniqueName("wait"), "shards: 1, retention_hours: 36")
        try await provider.create(spec, progress: SilentProgress())
        let describes = proxy.requests.filter { $0.request.operation == "DescribeStreamSummary" }
        #expect(describes.count >= 4)
        #expect(describes.prefix(3).allSatisfy { $0.fault == "rewrite" })
        let live = try #require(try await provider.read(spec))
        #expect(try provider.changes(from: live, to: spec) == [])

        proxy.setRule(
            rewriteFirst(2, of: "DescribeStreamSummary") {
                $0.replacingOccurrences(of: "\"ACTIVE\"", with: "\"UPDATING\"")
            })
        let changed = try stack(spec.name, "shards: 2, retention_hours: 36")
        let updating = try #require(try await provider.read(changed))
        #expect(updating.status == .updating)
        try await provider.update(changed, from: updating, progress: SilentProgress())
        #expect(
            try await provider.kinesis.describeStreamSummary(name: spec.name).openShardCount == 2)
        try await provider.delete(live, progress: SilentProgress())
    }

    @Test func aWaitThatNeverEndsGivesUpClearly() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule(
            rewriteFirst(1000, of: "DescribeStreamSummary") {
                $0.replacingOccurrences(of: "\"ACTIVE\"", with: "\"CREATING\"")
            })
        let provider = try KinesisStreamProvider(
            kinesis: KinesisClient(context(server, through: proxy)),
            waiter: Waiter(interval: .milliseconds(10), timeout: .milliseconds(200)))
        let spec = try stack(uniqueName("stuck"), "shards: 1")
        let error = await #expect(throws: ProviderFailure.self) {
            try await provider.create(spec, progress: SilentProgress())
        }
        #expect(
            error?.description.hasPrefix(
                "gave up waiting for stream \(spec.name) to become ACTIVE after") == true)
        try await KinesisClient(context(server)).deleteStream(name: spec.name)
    }

    @Test func shardCountsMoveByAtMostDoubleOrHalf() {
        #expect(KinesisStreamProvider.shardSteps(from: 1, to: 10) == [2, 4, 8, 10])
        #expect(KinesisStreamProvider.shardSteps(from: 10, to: 1) == [5, 3, 2, 1])
        #expect(KinesisStreamProvider.shardSteps(from: 4, to: 6) == [6])
        #expect(KinesisStreamProvider.shardSteps(from: 3, to: 3) == [])
    }
}

/// The journal proves a claim by AWS's creation time: both journaled types must report it.
struct CreationDateTests {
    @Test func streamsAndBucketsReportWhenTheyWereCreated() async throws {
        let server = try await MotoServer.shared()
        let aws = context(server)
        let name = uniqueName("born")
        let kinesis = try KinesisClient(aws)
        try await kinesis.createStream(name: name, shardCount: 1, mode: "PROVISIONED")
        let streams = KinesisStreamProvider(kinesis: kinesis, waiter: quickWaiter)
        let streamBorn = try #require(try await streams.creationDate(name: name))
        #expect(abs(streamBorn.timeIntervalSinceNow) < 120)
        try await kinesis.deleteStream(name: name)

        let s3 = try S3Client(aws)
        try await s3.createBucket(name)
        let bucketBorn = try #require(
            try await BucketProvider(s3: s3, waiter: quickWaiter).creationDate(name: name))
        #expect(abs(bucketBorn.timeIntervalSinceNow) < 120)
        try await s3.deleteBucket(name)
    }
}
