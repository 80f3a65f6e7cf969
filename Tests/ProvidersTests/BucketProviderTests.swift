import AWS
import Foundation
import Kinds
import Providers
import StackFile
import Synchronization
import TestSupport
import Testing

struct BucketProviderTests {
    func bucket(_ name: String, _ properties: String = "") throws -> ResourceSpec {
        spec(
            try resolve(
                "stack: t\nresources:\n  b:\n    type: s3.bucket\n    properties:\n      name: \(name)\n\(properties)"
            ), "b")
    }

    @Test func createReadUpdateEveryPropertyAndDelete() async throws {
        let server = try await MotoServer.shared()
        let provider = try BucketProvider(s3: S3Client(context(server)), waiter: quickWaiter)
        let name = uniqueName("bp")
        let full = try bucket(
            name,
            """
                  object_ownership: object-writer
                  acl: public-read
                  public_access_block: { block_public_acls: false, ignore_public_acls: true, block_public_policy: false, restrict_public_buckets: true }
                  versioning: enabled
                  encryption: { type: sse-kms, kms_key_id: alias/aws/s3, bucket_key: true }
                  tags: { course: kinesis }

            """)
        try await provider.create(full, progress: SilentProgress())
        var live = try #require(try await provider.read(full))
        #expect(try provider.changes(from: live, to: full) == [])
        #expect(live.owner == "t")

        let changed = try bucket(
            name, "      versioning: suspended\n      tags: { course: other }\n")
        #expect(
            Set(try provider.changes(from: live, to: changed).map(\.key)) == [
                "object_ownership", "acl", "public_access_block.block_public_acls",
                "public_access_block.block_public_policy",
                "versioning", "encryption.type", "encryption.kms_key_id", "encryption.bucket_key",
                "tags.course",
            ])
        try await provider.update(changed, from: live, progress: SilentProgress())
        live = try #require(try await provider.read(changed))
        #expect(try provider.changes(from: live, to: changed) == [])

        // Drift, and a bucket that was versioned asked for "disabled" is suspended, not a perpetual diff.
        try await provider.s3.putVersioning(name, status: "Enabled")
        try await provider.s3.putPublicAccessBlock(
            name,
            .init(
                blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false,
                restrictPublicBuckets: false))
        let disabled = try bucket(name, "      tags: { course: other }\n")
        live = try #require(try await provider.read(disabled))
        #expect(
            Set(try provider.changes(from: live, to: disabled).map(\.key)) == [
                "versioning", "public_access_block.block_public_acls",
                "public_access_block.ignore_public_acls",
                "public_access_block.block_public_policy",
                "public_access_block.restrict_public_buckets",
            ])
        try await provider.update(disabled, from: live, progress: SilentProgress())
        live = try #require(try await provider.read(disabled))
        #expect(try provider.changes(from: live, to: disabled) == [])
        #expect(try await provider.s3.getVersioning(name) == "Suspended")

        try await provider.delete(live, progress: SilentProgress())
        #expect(try await provider.read(disabled) == nil)
    }

    @Test func aNonEmptyBucketSurvivesDestroyWithoutForceDestroy() async throws {
        let server = try await MotoServer.shared()
        let provider = try BucketProvider(s3: S3Client(context(server)), waiter: quickWaiter)
        let name = uniqueName("keep")
        let spec = try bucket(name, "      versioning: enabled\n")
        try await provider.create(spec, progress: SilentProgress())
        try await provider.s3.putObject(name, key: "data.json", body: Data("{}".utf8))
        let live = try #require(try await provider.read(spec))
        let error = await #expect(throws: ProviderFailure.self) {
            try await provider.delete(live, progress: SilentProgress())
        }
        #expect(
            error?.description
                == "bucket \(name) is not empty, so it was not deleted; empty it or set force_destroy: true and run again"
        )
        #expect(try await provider.s3.getObject(name, key: "data.json") == Data("{}".utf8))
        #expect(try await provider.s3.getVersioning(name) == "Enabled")
        #expect(try await provider.s3.getTags(name)["streamstack:stack"] == "t")
        try await provider.delete(name: name, forceDestroy: true, progress: SilentProgress())
    }

    @Test func forceDestroyEmptiesEveryVersionAndDeleteMarker() async throws {
        let server = try await MotoServer.shared()
        let provider = try BucketProvider(s3: S3Client(context(server)), waiter: quickWaiter)
        let name = uniqueName("force")
        try await provider.create(
            try bucket(name, "      versioning: enabled\n      force_destroy: true\n"),
            progress: SilentProgress())
        for round in 0..<3 {
            for index in 0..<700 where index % 100 == round || round == 0 {
                try await provider.s3.putObject(
                    name, key: "k/\(index).json", body: Data("\(round)".utf8))
            }
        }
        for index in stride(from: 0, to: 700, by: 50) {
            try await provider.s3.deleteObject(name, key: "k/\(index).json")
        }
        let notes = NoteCollector()
        try await provider.delete(name: name, forceDestroy: true, progress: notes)
        #expect(try await provider.s3.headBucket(name) == .missing)
        #expect(notes.notes.last == "emptied \(700 + 14 + 14) object versions from \(name)")
    }

    @Test func readingRightAfterCreateRidesThroughNoSuchBucket() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let name = uniqueName("eventual")
        let seen = Mutex(0)
        proxy.setRule { request in
            guard request.method == "HEAD" else { return .forward }
            let count = seen.withLock { value in
                value += 1
                return value
            }
            return count <= 2 ? .respond(status: 404, headers: [:], body: "") : .forward
        }
        let provider = try BucketProvider(
            s3: S3Client(context(server, through: proxy)), waiter: quickWaiter)
        let spec = try bucket(name)
        try await provider.create(spec, progress: SilentProgress())
        #expect(proxy.requests.filter { $0.request.method == "HEAD" }.count == 3)
        let live = try #require(try await provider.read(spec))
        #expect(try provider.changes(from: live, to: spec) == [])
        try await provider.delete(live, progress: SilentProgress())
    }
}
