import Providers
import TestSupport
import Testing

@testable import Engine

/// The executor's graph for a plan: what waits for what.
struct ExecutionOrderTests {
    @Test func stepsFollowDependenciesAndDeletesComeLast() {
        let steps = Dictionary(
            uniqueKeysWithValues: Executor.steps(for: SamplePlan.plan).map {
                ($0.key.description, $0)
            })
        #expect(
            Set(steps.keys) == [
                "create:stream1", "update:landing", "update:delivery.role", "create:delivery",
                "delete:delivery", "delete:kinesis.stream:old",
            ])
        // A conflict and a no-op are no steps.
        #expect(steps["update:theirs"] == nil)
        // A renamed resource: the new one first, after what it needs; the old one afterwards,
        // once everything else has been applied.
        #expect(steps["create:delivery"]?.waitsFor.map(\.description) == ["update:delivery.role"])
        #expect(steps["delete:delivery"]?.waitsFor.map(\.description) == ["create:delivery"])
        #expect(
            Set(steps["delete:delivery"]?.after.map(\.description) ?? []) == [
                "create:stream1", "update:landing", "update:delivery.role", "create:delivery",
            ])
        // A prune waits for every apply step, whatever its result.
        #expect(
            Set(steps["delete:kinesis.stream:old"]?.after.map(\.description) ?? [])
                == Set(steps["delete:delivery"]?.after.map(\.description) ?? []))
    }

    @Test func aReplacementUnderTheSameNameDeletesFirst() {
        var plan = SamplePlan.plan
        plan.resources[3].changes = [
            AttributeChange(
                key: "source.role_arn", old: .string("a"), new: .string("b"),
                forcesReplacement: true)
        ]
        let steps = Dictionary(
            uniqueKeysWithValues: Executor.steps(for: plan).map { ($0.key.description, $0) })
        #expect(steps["delete:delivery"]?.waitsFor.map(\.description) == [])
        #expect(
            Set(steps["create:delivery"]?.waitsFor.map(\.description) ?? []) == [
                "update:delivery.role", "delete:delivery",
            ])
    }
}
