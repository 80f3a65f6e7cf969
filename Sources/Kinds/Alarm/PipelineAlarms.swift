import AWS
import StackFile

/// The alarms a stream or delivery stream brings when the stack's `monitoring` asks for them:
/// resources of their own, created after what they watch.
public enum PipelineAlarms {
    /// The id of an alarm that watches the resource `id`.
    static func id(_ alarm: PipelineAlarm, watching id: String) -> String {
        "\(id).\(alarm.rawValue)_alarm"
    }

    /// The id of the resource an alarm (of the id `id(_:watching:)` makes) watches.
    public static func watchedID(ofAlarm id: String) -> String {
        id.lastIndex(of: ".").map { String(id[..<$0]) } ?? id
    }

    static func of(_ delivery: DeliveryStreamSpec, _ declared: DeclaredResource)
        -> [ResolvedResource]
    {
        alarms(
            PipelineAlarm.allCases.filter { $0.applies(to: delivery) }, declared,
            watched: "delivery stream \(delivery.name)",
            metric: {
                CloudWatchClient.Metric(
                    namespace: "AWS/Firehose", name: $0.metricName,
                    dimensions: ["DeliveryStreamName": delivery.name])
            },
            threshold: { $0.defaultThreshold(for: delivery) })
    }

    static func of(_ stream: KinesisStreamSpec, _ declared: DeclaredResource)
        -> [ResolvedResource]
    {
        alarms(
            PipelineAlarm.allCases.filter { $0.applies(to: stream) }, declared,
            watched: "stream \(stream.name)",
            metric: {
                CloudWatchClient.Metric(
                    namespace: "AWS/Kinesis", name: $0.metricName,
                    dimensions: ["StreamName": stream.name])
            },
            threshold: { $0.defaultThreshold(for: stream) })
    }

    private static func alarms(
        _ candidates: [PipelineAlarm], _ declared: DeclaredResource, watched: String,
        metric: (PipelineAlarm) -> CloudWatchClient.Metric,
        threshold: (PipelineAlarm) -> Double
    ) -> [ResolvedResource] {
        typealias Key = MonitoringFields
        guard let monitoring = declared.settings[Key.section], monitoring[Key.alarms] else {
            return []
        }
        let actions = monitoring[Key.notify].map { [$0] } ?? []
        return candidates.compactMap { alarm -> ResolvedResource? in
            let override = monitoring[Key.section(alarm)]
            guard override?[Key.Override.enabled] ?? true else { return nil }
            let id = Self.id(alarm, watching: declared.id)
            let evaluationPeriods =
                override?[Key.Override.evaluationPeriods] ?? alarm.defaultEvaluationPeriods
            let spec = AlarmSpec(
                name:
                    "\(declared.stack)-\(declared.id)-\(alarm.rawValue.replacingOccurrences(of: "_", with: "-"))",
                description:
                    "Alarms when \(alarm.summary) (\(watched), stack \(declared.stack); kept by streamstack)",
                metric: metric(alarm), statistic: alarm.statistic,
                periodSeconds: override?[Key.Override.periodSeconds] ?? alarm.defaultPeriodSeconds,
                evaluationPeriods: evaluationPeriods,
                datapointsToAlarm: override?[Key.Override.datapointsToAlarm] ?? evaluationPeriods,
                threshold: override?[Key.Override.threshold] ?? threshold(alarm),
                comparison: alarm.comparison, missingData: alarm.missingData, actions: actions,
                tags: declared.tags.merging([Ownership.idTagKey: id]) { $1 })
            return ResolvedResource(
                id: id, type: .alarm, spec: spec.resourceSpec, dependencies: [],
                location: declared.declaration.location, attributes: ["name": spec.name])
        }
    }
}
