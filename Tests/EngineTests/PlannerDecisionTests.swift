import Engine
import Kinds
import Providers
import StackFile
import Testing

/// What the planner decides for each resource, against resources held in memory.
struct PlannerDecisionTests {
    @Test func aNewStackIsCreatedAndASecondPlanHasNothingToDo() async throws {
        let engine = try EngineFixture()
        let first = try await engine.plan()
        #expect(
            first.actions
                == [
                    "stream1": .create, "landing": .create, "delivery": .create,
                    "delivery.role": .create,
                ])
        #expect(first.plan.resources.allSatisfy { $0.conflict == nil })
        #expect(await engine.execute(first).succeeded)
        let second = try await engine.plan()
        #expect(second.plan.resources.allSatisfy { $0.action == .noChange })
        #expect(second.plan.resources.count == 4)
    }

    @Test func driftIsAnUpdateFromWhatAWSHasBackToTheFile() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        guard var stream = KinesisStreamSpec(engine.world[.kinesisStream, "stream1"]?.spec)
        else { Issue.record("stream1 was not created"); return }
        stream.shards = 3
        engine.world[.kinesisStream, "stream1"]?.spec = stream.resourceSpec
        let planned = try await engine.plan()
        #expect(planned.action("stream1") == .update)
        #expect(
            planned.resource("stream1")?.changes
                == [
                    AttributeChange(
                        key: "shards", old: .number(3), new: .number(1), forcesReplacement: false)
                ])
        #expect(planned.action("landing") == .noChange)
        #expect(await engine.execute(planned).succeeded)
        #expect(engine.world.calls.last == "update kinesis.stream stream1")
        #expect(try await engine.plan().action("stream1") == .noChange)
    }

    @Test func whatAWSCannotChangeInPlaceIsReplacedDeleteFirst() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        guard
            var delivery = DeliveryStreamSpec(engine.world[.deliveryStream, "stream1-to-s3"]?.spec)
        else { Issue.record("the delivery stream was not created"); return }
        delivery.sourceStreamARN = "arn:aws:kinesis:sa-east-1:123456789012:stream/other"
        engine.world[.deliveryStream, "stream1-to-s3"]?.spec = delivery.resourceSpec
        let planned = try await engine.plan()
        #expect(planned.action("delivery") == .replace)
        #expect(
            planned.resource("delivery")?.reason
                == .cannotChangeInPlace(["source.kinesis_stream"]))
        // The records in flight are named: Firehose's buffer, and the source's gap.
        let warnings = planned.plan.warnings ?? []
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    "replacing delivery stream stream1-to-s3 may lose the records in Firehose's buffer (up to 5 MiB or 300 s)"
                ) && $0.contains("the new one reads other from its latest records")
            }, "\(warnings)")
        let before = engine.world.calls.count
        #expect(await engine.execute(planned).succeeded)
        #expect(
            Array(engine.world.calls.dropFirst(before))
                == [
                    "delete firehose.delivery_stream stream1-to-s3",
                    "create firehose.delivery_stream stream1-to-s3",
                ])
    }

    @Test func aResourceNoLongerDeclaredIsDeletedWithTheIdItHad() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        let old = KinesisStreamSpec(
            name: "old", mode: .provisioned, shards: 1, retentionHours: 24, kmsKeyID: nil,
            tags: [Ownership.tagKey: "demo", Ownership.idTagKey: "old"])
        engine.world.put(old.resourceSpec, owner: "demo")
        let planned = try await engine.plan()
        let pruned = planned.resource("kinesis.stream:old")
        #expect(pruned?.action == .delete)
        #expect(pruned?.foundByTag == true)
        #expect(pruned?.reason == .noLongerDeclared(id: "old"))
        #expect(
            planned.plan.warnings?.contains(
                "deleting stream old discards the records it holds (up to 24 h of them) that no consumer has read"
            ) == true)
        #expect(await engine.execute(planned).succeeded)
        #expect(engine.world[.kinesisStream, "old"] == nil)
    }

    @Test func aRenamedResourceIsCreatedUnderItsNewNameBeforeTheOldOneGoes() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        let renamed = try EngineFixture.resolve(
            EngineFixture.stackText.replacingOccurrences(
                of: "name: demo-landing", with: "name: demo-landing-2"))
        let planned = try await engine.plan(stack: renamed)
        #expect(planned.action("landing") == .replace)
        #expect(planned.resource("landing")?.isRename == true)
        #expect(planned.plan.resources.filter { $0.name == "demo-landing" }.isEmpty)
        #expect(await engine.execute(planned).succeeded)
        let calls = engine.world.calls
        let created = calls.firstIndex(of: "create s3.bucket demo-landing-2") ?? .max
        let deleted = calls.firstIndex(of: "delete s3.bucket demo-landing") ?? -1
        let updated =
            calls.firstIndex(of: "update iam.role streamstack-demo-delivery-sa-east-1") ?? .max
        #expect(created < deleted, "\(calls)")
        // The role's policy names the new bucket before the old one is deleted.
        #expect(updated < deleted, "\(calls)")
        #expect(engine.world[.bucket, "demo-landing"] == nil)
    }

    @Test func anUntaggedResourceIsAConflictUnlessAdopted() async throws {
        let engine = try EngineFixture()
        var mine = engine.spec("stream1")
        if var stream = KinesisStreamSpec(mine) {
            stream.tags = [:]
            mine = stream.resourceSpec
        }
        engine.world.put(mine, owner: nil)
        let refused = try await engine.plan()
        #expect(
            refused.resource("stream1")?.conflict?.description.contains("--adopt stream1") == true)
        #expect(refused.plan.conflicts.map(\.id) == ["stream1"])

        let adopted = try await engine.plan(.apply(adopt: ["stream1"]))
        #expect(adopted.resource("stream1")?.conflict == nil)
        #expect(adopted.resource("stream1")?.adopting == true)
        #expect(adopted.action("stream1") == .update)
        #expect(await engine.execute(adopted).succeeded)
        #expect(engine.world[.kinesisStream, "stream1"]?.owner == "demo")
    }

    @Test func anotherStacksResourceIsNeverTakenNorDestroyed() async throws {
        let engine = try EngineFixture()
        var theirs = engine.spec("stream1")
        if var stream = KinesisStreamSpec(theirs) {
            stream.tags = [Ownership.tagKey: "other"]
            theirs = stream.resourceSpec
        }
        engine.world.put(theirs, owner: "other")
        let apply = try await engine.plan(.apply(adopt: ["stream1"]))
        #expect(
            apply.resource("stream1")?.conflict
                == .ownedByAnotherStack(type: .kinesisStream, name: "stream1", owner: "other"))
        let destroy = try await engine.plan(.destroy)
        #expect(destroy.action("stream1") == .noChange)
        #expect(destroy.resource("stream1")?.reason == .belongsToStack("other"))
    }

    @Test func destroyDeletesWhatTheStackOwnsDeliveryStreamsFirst() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        let planned = try await engine.plan(.destroy)
        #expect(planned.plan.resources.allSatisfy { $0.action == .delete })
        let before = engine.world.calls.count
        #expect(await engine.execute(planned).succeeded)
        let deletes = Array(engine.world.calls.dropFirst(before))
        #expect(deletes.count == 4)
        #expect(
            deletes.first == "delete firehose.delivery_stream stream1-to-s3"
                && deletes.dropFirst().first?.hasPrefix("delete iam.role ") == true, "\(deletes)")
        #expect(engine.world.all.isEmpty)
        #expect(
            try await engine.plan(.destroy).plan.resources.allSatisfy { $0.action == .noChange })
    }

    @Test func aSavedPlanIsStaleOnceAWSChanges() async throws {
        let engine = try EngineFixture()
        let saved = PlanFile(
            stackPath: "stack.yaml", stackFile: "stack: demo\n", variables: [:],
            plan: try await engine.plan().plan)
        let carried = saved.stackFileSHA256
        #expect(
            saved.staleness(stackFileSHA256: carried, replanned: try await engine.plan().plan)
                == nil)
        // Someone creates the stream meanwhile.
        engine.world.put(engine.spec("stream1"), owner: "demo")
        let stale = saved.staleness(
            stackFileSHA256: carried, replanned: try await engine.plan().plan)
        #expect(stale == "the resources in AWS changed since the plan was saved (stream1)")
        #expect(
            saved.staleness(stackFileSHA256: "def", replanned: saved.plan)
                == "the stack file it carries does not match its digest")
    }

    @Test func whatAWSReportsAsFailedOrGoingIsReplacedOrMadeAgain() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        engine.world[.deliveryStream, "stream1-to-s3"]?.status = .creationFailed(
            reason: "KMS key disabled")
        engine.world[.kinesisStream, "stream1"]?.status = .deleting
        let planned = try await engine.plan()
        #expect(planned.action("delivery") == .replace)
        #expect(
            planned.resource("delivery")?.reason
                == .creationFailed("KMS key disabled"))
        #expect(planned.action("stream1") == .create)
        #expect(
            planned.resource("stream1")?.reason
                == .waitingForName)
    }

    @Test func destroyWaitsForWhatAWSIsAlreadyDeleting() async throws {
        let engine = try EngineFixture()
        try await engine.apply()
        engine.world[.kinesisStream, "stream1"]?.status = .deleting
        let old = KinesisStreamSpec(
            name: "old", mode: .provisioned, shards: 1, retentionHours: 24, kmsKeyID: nil,
            tags: [Ownership.tagKey: "demo", Ownership.idTagKey: "old"])
        engine.world.put(old.resourceSpec, owner: "demo")
        engine.world[.kinesisStream, "old"]?.status = .deleting
        // Apply leaves a pruned resource AWS is deleting alone.
        let apply = try await engine.plan()
        #expect(apply.resource("kinesis.stream:old") == nil)
        // Destroy plans both, so that it returns only once they are gone.
        let destroy = try await engine.plan(.destroy)
        for id in ["stream1", "kinesis.stream:old"] {
            #expect(destroy.action(id) == .delete)
            #expect(destroy.resource(id)?.reason == .alreadyDeleting)
        }
        #expect(await engine.execute(destroy).succeeded)
        #expect(engine.world.all.isEmpty)
    }
}
