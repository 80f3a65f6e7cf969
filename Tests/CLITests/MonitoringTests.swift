import AWS
import Foundation
import TestSupport
import Testing

/// `monitoring: { alarms: true }`: each stream and delivery stream brings its CloudWatch alarms,
/// which are planned, compared, pruned and destroyed with it; `status` says whether records
/// flow.
struct MonitoringTests {
    typealias Scenario = StackScenarioTests.Scenario

    static let topic = "arn:aws:sns:sa-east-1:123456789012:ops"

    /// A stream, a bucket and a delivery stream with their alarms; `deliveryStream: false`
    /// leaves the delivery stream out.
    func write(
        _ scenario: Scenario, monitoring: String, deliveryStream: Bool = true,
        buffering: String = "{ size_mb: 1, interval_seconds: 2 }"
    ) throws {
        let stack = scenario.stack
        var text = """
            stack: \(stack)
            region: sa-east-1
            monitoring:
            \(monitoring)
            resources:
            \(scenario.stream("source"))  lake:
                type: s3.bucket
                properties: { name: \(stack)-lake, force_destroy: true }

            """
        if deliveryStream {
            text += """
                  delivery:
                    type: firehose.delivery_stream
                    properties:
                      name: \(stack)-delivery
                      source: { kinesis_stream: "${source.arn}" }
                      s3:
                        bucket: "${lake.arn}"
                        prefix: raw/
                        buffering: \(buffering)

                """
        }
        try text.write(to: scenario.file, atomically: true, encoding: .utf8)
    }

    func alarms(_ scenario: Scenario) async throws -> [String: CloudWatchClient.MetricAlarm] {
        let names = [
            "source-iterator-age", "source-write-throttles", "source-read-throttles",
            "delivery-data-freshness", "delivery-delivery-success",
        ].map { "\(scenario.stack)-\($0)" }
        let found = try await CloudWatchClient(scenario.aws).alarms(named: names)
        return Dictionary(uniqueKeysWithValues: found.map { ($0.definition.name, $0) })
    }

    @Test func alarmsComeWithThePipelineAndGoWithIt() async throws {
        let scenario = try await Scenario("alarms")
        let stack = scenario.stack
        try write(scenario, monitoring: "  alarms: true\n  notify: \(Self.topic)")
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("+   cloudwatch.alarm delivery.data_freshness_alarm"))
        #expect(plan.stdout.contains("+   cloudwatch.alarm source.iterator_age_alarm"))
        #expect(plan.stdout.contains("alarm metric-months"), "the estimate prices the alarms")
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")

        // As AWS's DescribeAlarms shows them: metrics, dimensions, thresholds, actions, tags.
        var found = try await alarms(scenario)
        #expect(found.count == 5)
        let freshness = try #require(found["\(stack)-delivery-data-freshness"])
        #expect(
            freshness.definition.metric
                == .init(
                    namespace: "AWS/Firehose", name: "DeliveryToS3.DataFreshness",
                    dimensions: ["DeliveryStreamName": "\(stack)-delivery"]))
        // The buffering interval (2 s) plus 300 s.
        #expect(freshness.definition.threshold == 302)
        #expect(freshness.definition.statistic == "Maximum")
        #expect(freshness.definition.comparisonOperator == "GreaterThanThreshold")
        #expect(freshness.definition.actions == [Self.topic])
        let age = try #require(found["\(stack)-source-iterator-age"])
        #expect(age.definition.metric.dimensions == ["StreamName": "\(stack)-source"])
        // Half of the default 24 hours of retention, in milliseconds.
        #expect(age.definition.threshold == 43_200_000)
        #expect(age.definition.evaluationPeriods == 15)
        #expect(found["\(stack)-source-write-throttles"]?.definition.threshold == 0.01)
        let tags = try await CloudWatchClient(scenario.aws).tags(ofResource: freshness.arn)
        #expect(tags["streamstack:stack"] == stack)
        #expect(tags["streamstack:id"] == "delivery.data_freshness_alarm")

        let again = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(again.status == 0, "the next plan is empty:\n\(again.stdout)\(again.stderr)")

        // An override is an update in place; the alarm keeps its tags.
        try write(
            scenario,
            monitoring:
                "  alarms: true\n  notify: \(Self.topic)\n  data_freshness: { threshold: 900, evaluation_periods: 2 }"
        )
        let update = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("~   cloudwatch.alarm delivery.data_freshness_alarm"))
        found = try await alarms(scenario)
        #expect(found["\(stack)-delivery-data-freshness"]?.definition.threshold == 900)
        #expect(found["\(stack)-delivery-data-freshness"]?.definition.evaluationPeriods == 2)
        #expect(
            try await CloudWatchClient(scenario.aws).tags(ofResource: freshness.arn)[
                "streamstack:stack"] == stack)

        // Without the delivery stream its alarms are pruned with it.
        try write(
            scenario, monitoring: "  alarms: true\n  notify: \(Self.topic)", deliveryStream: false)
        let prune = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(prune.status == 0, "\(prune.stdout)\(prune.stderr)")
        #expect(
            prune.stdout.contains(
                "-   cloudwatch.alarm cloudwatch.alarm:\(stack)-delivery-data-freshness"))
        found = try await alarms(scenario)
        #expect(
            Set(found.keys)
                == Set(
                    ["iterator-age", "write-throttles", "read-throttles"].map {
                        "\(stack)-source-\($0)"
                    }))

        let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
        #expect(try await alarms(scenario).isEmpty)
    }

    /// The local stand-in for Firehose publishes the metrics Firehose would; `status` reads
    /// them: delivered records while it delivers, exit 2 once it holds records back longer than
    /// the data freshness threshold.
    @Test func statusSaysWhetherRecordsFlow() async throws {
        let scenario = try await Scenario("status", realAWS: false)
        let stack = scenario.stack
        try write(
            scenario, monitoring: "  alarms: true\n  data_freshness: { threshold: 3 }",
            buffering: "{ size_mb: 1, interval_seconds: 1 }")
        let apply = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")

        func delivery(holding: Bool) throws -> RunningCommand {
            var environment = scenario.server.environment()
            environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return try startProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                [
                    "python3", packageRoot.appendingPathComponent("scripts/local_delivery.py").path,
                    "--poll", "0.3", "--only", "\(stack)-delivery",
                ] + (holding ? ["--hold"] : []), environment: environment)
        }
        func produce(_ count: Int) async throws {
            let produced = try await scenario.run([
                "produce", "STACK", "--stream", "source", "--count", String(count),
            ])
            #expect(produced.status == 0, "\(produced.stdout)\(produced.stderr)")
        }
        func status(_ format: String = "text") async throws -> CommandResult {
            try await scenario.run(["status", "STACK", "--since", "10m", "--format", format])
        }

        let delivering = try delivery(holding: false)
        try await produce(40)
        var report = try await status("json")
        let deadline = ContinuousClock.now + .seconds(60)
        while !report.stdout.contains(#""DeliveryToS3.Records" : 40"#),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(500))
            report = try await status("json")
        }
        delivering.interrupt()
        _ = await delivering.finished()
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains(#""DeliveryToS3.Records" : 40"#), "\(report.stdout)")
        let text = try await status()
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("40 delivered"), "\(text.stdout)")
        #expect(text.stdout.contains("newest object: raw/"), "\(text.stdout)")

        // Held back: the data freshness passes its 3 s threshold.
        let holding = try delivery(holding: true)
        defer { holding.interrupt() }
        try await produce(5)
        var held = try await status()
        let heldDeadline = ContinuousClock.now + .seconds(60)
        while held.status != 2, ContinuousClock.now < heldDeadline {
            try await Task.sleep(for: .milliseconds(500))
            held = try await status()
        }
        #expect(held.status == 2, "\(held.stdout)\(held.stderr)")
        #expect(held.stdout.contains("more than the 3 s buffering explains"), "\(held.stdout)")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
