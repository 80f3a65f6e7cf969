import AWS
import Foundation
import Pipeline
import TestSupport
import Testing

struct DeliveryWatcherTests {
    func gzip(_ text: String) throws -> Data {
        // gzip through a file: runProcess reads output as text.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("records")
        try text.write(to: plain, atomically: true, encoding: .utf8)
        _ = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["gzip", plain.path],
            environment: ProcessInfo.processInfo.environment)
        return try Data(contentsOf: directory.appendingPathComponent("records.gz"))
    }

    @Test func gzipIsReadIncludingSeveralMembers() throws {
        let one = try gzip("{\"a\":1}\n")
        let two = try gzip("{\"b\":2}\n")
        #expect(Gzip.isCompressed(one))
        #expect(try Gzip.decompress(one) == Data("{\"a\":1}\n".utf8))
        #expect(try Gzip.decompress(one + two) == Data("{\"a\":1}\n{\"b\":2}\n".utf8))
        #expect(throws: Gzip.Error.self) {
            _ = try Gzip.decompress(Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF]))
        }
    }

    @Test func newObjectsUnderThePrefixAreSeenAndPreviewed() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("watch")
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket, key: "raw/old-object", body: Data("{}\n".utf8))
        try await s3.putObject(bucket, key: "rawer/not-mine", body: Data("{}\n".utf8))
        let watcher = DeliveryWatcher(
            s3: s3, bucket: bucket, prefix: "raw/",
            errorPrefix: "errors/", pollInterval: .milliseconds(100))
        #expect(watcher.prefix == "raw/")
        let existing = try await watcher.currentKeys()
        #expect(existing == ["raw/old-object"])
        let waiting = Task {
            try await watcher.waitForNewObjects(after: existing, timeout: .seconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        // Named the way Firehose names its objects.
        let key = "raw/2026/11/27/17/stream1-to-s3-1-2026-11-27-17-30-00-0a1b2c3d"
        try await s3.putObject(
            bucket, key: key,
            body: try gzip((1...5).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n"))
        let found = try await waiting.value
        #expect(found.map(\.key) == [key])
        #expect(found.first?.preview == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        #expect(found.first?.isError == false)
        try await s3.deleteObject(bucket, key: key)
        try await s3.deleteObject(bucket, key: "raw/old-object")
        try await s3.deleteObject(bucket, key: "rawer/not-mine")
        try await s3.deleteBucket(bucket)
    }

    @Test func nothingArrivingTimesOutCleanly() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("quiet")
        try await s3.createBucket(bucket)
        let watcher = DeliveryWatcher(
            s3: s3, bucket: bucket, prefix: "raw/", errorPrefix: nil,
            pollInterval: .milliseconds(50))
        let found = try await watcher.waitForNewObjects(after: [], timeout: .milliseconds(300))
        #expect(found.isEmpty)
        try await s3.deleteBucket(bucket)
    }
}
