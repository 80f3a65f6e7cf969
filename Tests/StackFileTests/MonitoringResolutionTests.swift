import Foundation
import Kinds
import StackFile
import Testing

/// What `monitoring` gives each pipeline: the alarms AWS's guidance names, with its defaults
/// worked out from the stream's retention and the delivery stream's buffering.
struct MonitoringResolutionTests {
    let context = ResolutionContext(accountID: "123456789012", region: "sa-east-1")

    func alarms(_ yaml: String) throws -> [String: (AlarmSpec, [String])] {
        let stack = try load(yaml).get().resolve(context)
        var found: [String: (AlarmSpec, [String])] = [:]
        for resource in stack.resources {
            if let alarm = AlarmSpec(resource.spec) {
                found[resource.id] = (alarm, resource.dependencies)
            }
        }
        return found
    }

    @Test func eachPipelineGetsTheAlarmsThatApplyToItWithAWSDefaults() throws {
        let found = try alarms(monitored("  alarms: true"))
        #expect(
            Set(found.keys) == [
                "stream1.iterator_age_alarm", "stream1.write_throttles_alarm",
                "stream1.read_throttles_alarm", "delivery.data_freshness_alarm",
                "delivery.delivery_success_alarm",
            ])
        let freshness = try #require(found["delivery.data_freshness_alarm"])
        // Firehose's default buffering interval (300 s) plus 300 s.
        #expect(freshness.0.threshold == 600)
        #expect(freshness.0.metric.dimensions == ["DeliveryStreamName": "delivery"])
        #expect(freshness.0.name == "demo-delivery-data-freshness")
        #expect(freshness.0.actions.isEmpty)
        #expect(freshness.0.tags["streamstack:id"] == "delivery.data_freshness_alarm")
        // Created after what it watches.
        #expect(freshness.1 == ["delivery"])
        let age = try #require(found["stream1.iterator_age_alarm"]?.0)
        #expect(age.threshold == 43_200_000)
        #expect(age.periodSeconds == 60 && age.evaluationPeriods == 15)
        #expect(age.comparison == .greaterThanOrEqual && age.statistic == .maximum)
        let success = try #require(found["delivery.delivery_success_alarm"]?.0)
        #expect(success.comparison == .lessThan && success.threshold == 1)
        #expect(success.evaluationPeriods == 3 && success.datapointsToAlarm == 3)
    }

    @Test func overridesAndFeaturesChooseTheAlarms() throws {
        let yaml = monitored(
            """
              alarms: true
              notify: arn:aws:sns:sa-east-1:123456789012:ops
              data_freshness: { threshold: 120, evaluation_periods: 4, datapoints_to_alarm: 2 }
              delivery_success: { enabled: false }
            """
        )
        .replacingOccurrences(of: "      shards: 1", with: "      mode: on-demand")
        .replacingOccurrences(
            of: "      source: { kinesis_stream: \"${stream1.arn}\" }\n", with: "")
        let found = try alarms(yaml)
        // On demand: no provisioned throughput to exceed. Direct put: throttled records.
        #expect(
            Set(found.keys) == [
                "stream1.iterator_age_alarm", "delivery.data_freshness_alarm",
                "delivery.throttled_records_alarm",
            ])
        let freshness = try #require(found["delivery.data_freshness_alarm"]?.0)
        #expect(freshness.threshold == 120)
        #expect(freshness.evaluationPeriods == 4 && freshness.datapointsToAlarm == 2)
        #expect(freshness.actions == ["arn:aws:sns:sa-east-1:123456789012:ops"])
    }

    @Test func withoutAlarmsThereAreNone() throws {
        #expect(try alarms(validStack).isEmpty)
        #expect(try alarms(monitored("  alarms: false\n  iterator_age: { threshold: 5 }")).isEmpty)
    }
}
