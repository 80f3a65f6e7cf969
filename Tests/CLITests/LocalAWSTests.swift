import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// The local default (moto with scripts/moto_server.py's patches) behaves as AWS does for what
/// streamstack relies on, with no switch of streamstack's: pruning and renames work.
struct LocalAWSTests {
    typealias Scenario = StackScenarioTests.Scenario

    @Test func aDeliveryStreamRemovedGoesWithItsRoleAndARenamedStreamsPredecessorGoes()
        async throws
    {
        // Plain moto, as the demo runs it: no real-AWS mode, no STREAMSTACK_* variable.
        let scenario = try await Scenario("local-prune", realAWS: false)
        let stack = scenario.stack
        func stream(_ name: String) -> String {
            "  events:\n    type: kinesis.stream\n    properties: { name: \(stack)-\(name), shards: 1 }\n"
        }
        let bucket = "  landing:\n    type: s3.bucket\n    properties: { name: \(stack)-landing }\n"
        let delivery = """
              delivery:
                type: firehose.delivery_stream
                properties:
                  name: \(stack)-delivery
                  source: { kinesis_stream: "${events.arn}" }
                  s3: { bucket: "${landing.arn}" }

            """
        try scenario.write(stream("old") + bucket + delivery)
        let applied = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let iam = try IAMClient(scenario.aws)
        let roles = try await iam.listRoleNames(pathPrefix: "/streamstack/\(stack)/")
        #expect(roles.count == 1)

        try scenario.write(stream("new") + bucket)
        let plan = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(
            plan.stdout.contains("firehose.delivery_stream:\(stack)-delivery"), "\(plan.stdout)")
        #expect(plan.stdout.contains("iam.role:"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains("\(stack)-old is deleted and \(stack)-new created"),
            "\(plan.stdout)")
        let pruned = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(pruned.status == 0, "\(pruned.stdout)\(pruned.stderr)")

        let deliveries = try await FirehoseClient(scenario.aws).listDeliveryStreams()
        #expect(!deliveries.contains("\(stack)-delivery"))
        #expect(try await iam.listRoleNames(pathPrefix: "/streamstack/\(stack)/").isEmpty)
        let streams = try await KinesisClient(scenario.aws).listStreams()
        #expect(streams.contains("\(stack)-new"))
        #expect(!streams.contains("\(stack)-old"))
        let again = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
