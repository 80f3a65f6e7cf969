import AWS
import Foundation
import Providers
import StackFile

/// `cloudwatch.alarm`: PutMetricAlarm writes an alarm whole, so create and update are one call
/// (tags on create only; CloudWatch ignores them on an existing alarm), and a setting the file
/// does not state is removed by apply, which the plan shows.
public struct AlarmProvider: ResourceProvider {
    public let cloudwatch: CloudWatchClient

    public init(cloudwatch: CloudWatchClient) { self.cloudwatch = cloudwatch }

    public var replacingAttributes: Set<String> { [] }

    public func attributes(of alarm: AlarmSpec) -> Attributes {
        var attributes = Attributes(name: alarm.name)
        attributes.add("description", alarm.description)
        attributes.add("metric", "\(alarm.metric.namespace) \(alarm.metric.name)")
        for (name, value) in alarm.metric.dimensions.sorted(by: { $0.key < $1.key }) {
            attributes.add("dimensions.\(name)", value)
        }
        attributes.add("statistic", alarm.statistic)
        attributes.add("period_seconds", alarm.periodSeconds)
        attributes.add("evaluation_periods", alarm.evaluationPeriods)
        attributes.add("datapoints_to_alarm", alarm.datapointsToAlarm)
        attributes.add("threshold", DecimalText.written(alarm.threshold))
        attributes.add("comparison", alarm.comparison)
        attributes.add("treat_missing_data", alarm.missingData)
        attributes.append(("actions", .list(alarm.actions)))
        attributes.addTags(alarm.tags)
        attributes.addUnmodelled(alarm.unmodelled)
        return attributes
    }

    public func read(_ desired: AlarmSpec) async throws -> LiveResource? {
        try await read(name: desired.name)
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var taggingAPIType: String? { "cloudwatch:alarm" }

    /// `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`.
    public func name(taggedAs arn: ARN) -> String? {
        guard arn.service == "cloudwatch", arn.resource.hasPrefix("alarm:") else { return nil }
        return String(arn.resource.dropFirst("alarm:".count))
    }

    public func read(name: String) async throws -> LiveResource? {
        guard let alarm = try await cloudwatch.alarm(named: name) else { return nil }
        let tags =
            try await nilIfNotFound { try await cloudwatch.tags(ofResource: alarm.arn) } ?? [:]
        let definition = alarm.definition
        var spec = AlarmSpec(
            name: definition.name, description: definition.description,
            metric: definition.metric,
            // A statistic or word this version does not know reads as a difference to put back.
            statistic: AlarmStatistic(rawValue: definition.statistic) ?? .sampleCount,
            periodSeconds: definition.periodSeconds,
            evaluationPeriods: definition.evaluationPeriods,
            datapointsToAlarm: definition.datapointsToAlarm, threshold: definition.threshold,
            comparison: AlarmComparison(rawValue: definition.comparisonOperator) ?? .greaterThan,
            missingData: MissingData(rawValue: definition.treatMissingData) ?? .missing,
            actions: definition.actions, tags: tags)
        spec.unmodelled.removedByApply = alarm.otherSettings
        return LiveResource(
            spec: spec.resourceSpec, owner: tags[Ownership.tagKey], arn: ARN(alarm.arn))
    }

    public func create(_ alarm: AlarmSpec, progress: ProgressReporter) async throws {
        try await cloudwatch.putMetricAlarm(alarm.definition, tags: alarm.tags)
    }

    public func update(
        _ desired: AlarmSpec, from current: AlarmSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        let settings = { (alarm: AlarmSpec) in
            attributes(of: alarm).filter { !$0.key.hasPrefix(Attributes.tagPrefix) }
        }
        if !settings(desired).matches(settings(current)) {
            try await cloudwatch.putMetricAlarm(desired.definition)
        }
        let arn = try live.requiredARN().description
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await cloudwatch.tag(resource: arn, tags: $0) },
            untag: { try await cloudwatch.untag(resource: arn, keys: $0) })
    }

    public func delete(_ current: AlarmSpec, live: LiveResource, progress: ProgressReporter)
        async throws
    {
        try await cloudwatch.deleteAlarms(named: [current.name])
    }
}
