import Engine
import Kinds
import Providers
import StackFile
import Testing

/// The executor against resources held in memory: order, failures and interruption.
struct ExecutorTests {
    @Test func whatDependsOnAFailureIsSkippedAndIndependentWorkGoesOn() async throws {
        let engine = try EngineFixture()
        engine.world.fail(.role, "streamstack-demo-delivery-sa-east-1")
        let outcome = await engine.execute(try await engine.plan())
        #expect(!outcome.succeeded)
        #expect(outcome.failed.map(\.id) == ["delivery.role"])
        #expect(outcome.failed.first?.error.contains("refused by the test") == true)
        #expect(outcome.skipped.map(\.id) == ["delivery"])
        #expect(outcome.skipped.first?.reason == "delivery.role did not succeed")
        #expect(Set(outcome.done.map(\.id)) == ["stream1", "landing"])
        #expect(engine.world[.deliveryStream, "stream1-to-s3"] == nil)
        #expect(engine.world[.kinesisStream, "stream1"] != nil)
        // The next plan picks up where this one stopped.
        let next = try await engine.plan()
        #expect(next.action("delivery.role") == .create)
        #expect(next.action("delivery") == .create)
        #expect(next.action("stream1") == .noChange)
    }

    @Test func createsWaitForWhatTheyNeed() async throws {
        let engine = try EngineFixture()
        #expect(await engine.execute(try await engine.plan(), parallelism: 10).succeeded)
        let calls = engine.world.calls
        let delivery = calls.firstIndex(of: "create firehose.delivery_stream stream1-to-s3") ?? -1
        for needed in [
            "create kinesis.stream stream1", "create s3.bucket demo-landing",
            "create iam.role streamstack-demo-delivery-sa-east-1",
        ] {
            #expect((calls.firstIndex(of: needed) ?? .max) < delivery, "\(calls)")
        }
    }

    @Test func anInterruptionStartsNothingNewAndSaysWhatWasLeft() async throws {
        let cancellation = CancellationFlag()
        let world = FakeWorld { verb, _ in
            // Interrupted while the first change is under way.
            cancellation.cancel()
        }
        let engine = try EngineFixture(world: world)
        let outcome = await engine.execute(
            try await engine.plan(), parallelism: 1, cancellation: cancellation)
        #expect(outcome.interrupted)
        #expect(!outcome.succeeded)
        #expect(world.calls.count == 1)
        #expect(outcome.done.count == 1)
        #expect(outcome.skipped.count == 3)
        #expect(outcome.skipped.allSatisfy { $0.reason == "interrupted" })
    }

    @Test func aFailedDeleteKeepsWhatDependsOnItsOrder() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        engine.world.fail(.deliveryStream, "stream1-to-s3")
        let outcome = await engine.execute(try await engine.plan(.destroy))
        #expect(outcome.failed.map(\.id) == ["delivery"])
        // The role, stream and bucket are deleted only after the delivery stream that uses
        // them: with that delete failed, they are kept.
        #expect(Set(outcome.skipped.map(\.id)) == ["delivery.role", "stream1", "landing"])
        #expect(engine.world.all.count == 4)
    }
}
