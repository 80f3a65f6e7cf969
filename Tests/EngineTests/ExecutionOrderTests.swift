import Providers
import Testing

@testable import Engine

/// The executor's graph for a plan: what waits for what.
struct ExecutionOrderTests {
    @Test func stepsFollowDependenciesAndDeletesComeLast() {
        let steps = Dictionary(
            uniqueKeysWithValues: Executor.steps(for: SamplePlan.plan).map { ($0.key, $0) })
        #expect(
            Set(steps.keys) == [
                "create:stream1", "update:landing", "update:delivery.role", "create:delivery",
                "delete:delivery", "delete:kinesis.stream:old",
            ])
        // A conflict and a no-op are no steps.
        #expect(steps["update:theirs"] == nil)
        // A renamed resource: the new one first, after what it needs; the old one afterwards,
        // once everything else has been applied.
        #expect(steps["create:delivery"]?.waitsFor == ["update:delivery.role"])
        #expect(steps["delete:delivery"]?.waitsFor == ["create:delivery"])
        #expect(
            Set(steps["delete:delivery"]?.after ?? []) == [
                "create:stream1", "update:landing", "update:delivery.role", "create:delivery",
            ])
        // A prune waits for every apply step, whatever its result.
        #expect(
            Set(steps["delete:kinesis.stream:old"]?.after ?? [])
                == Set(steps["delete:delivery"]?.after ?? []))
    }

    @Test func aReplacementUnderTheSameNameDeletesFirst() {
        var plan = SamplePlan.plan
        plan.resources[3].changes = [
            AttributeChange(
                key: "source.role_arn", old: .string("a"), new: .string("b"),
                forcesReplacement: true)
        ]
        let steps = Dictionary(
            uniqueKeysWithValues: Executor.steps(for: plan).map { ($0.key, $0) })
        #expect(steps["delete:delivery"]?.waitsFor == [])
        #expect(
            Set(steps["create:delivery"]?.waitsFor ?? []) == [
                "update:delivery.role", "delete:delivery",
            ])
    }
}
