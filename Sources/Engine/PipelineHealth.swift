import AWS
import Foundation
import Kinds
import Providers
import StackFile

/// What `status` reports: for each stream and delivery stream of the stack, what its metrics
/// say over a time window, its alarms' states, its delivery stream's last error and newest
/// object, and whether records still flow. Plain data for the views.
public struct PipelineHealth: Sendable {
    public struct Alarm: Sendable, Equatable {
        public var name: String
        /// `OK`, `ALARM`, `INSUFFICIENT_DATA`, or `absent` when the stack's alarm does not exist.
        public var state: String
        public var reason: String
    }

    public struct Resource: Sendable {
        public var id: String
        public var type: ResourceType
        public var name: String
        /// Each metric's sum over the window (counts, bytes), by metric name.
        public var totals: [String: Double]
        /// Each metric's latest value in the window (ages, ratios), by metric name.
        public var latest: [String: Double]
        public var alarms: [Alarm]
        /// The newest event of the delivery stream's error log in the window.
        public var lastError: (time: Date, message: String)?
        /// The newest object under the delivery stream's prefix.
        public var newestObject: S3Client.Object?
        /// Why it is not healthy: an alarm in ALARM, data older than the threshold.
        public var problems: [String]
    }

    public var stack: String
    public var region: String
    public var window: Duration
    public var resources: [Resource]
    public var checkedAt: Date

    /// Nothing in ALARM, no data older than its threshold.
    public var isHealthy: Bool { resources.allSatisfy(\.problems.isEmpty) }
}

/// Reads a stack's health from CloudWatch, CloudWatch Logs and S3: one GetMetricData call for
/// every metric of every resource, one DescribeAlarms for the stack's alarms.
public struct HealthCheck: Sendable {
    public let stack: ResolvedStack
    public let providers: ProviderSet

    public init(stack: ResolvedStack, providers: ProviderSet) {
        self.stack = stack
        self.providers = providers
    }

    /// The metrics read for each kind: sums over the window and latest values.
    static let streamTotals = [
        "IncomingRecords", "IncomingBytes", "WriteProvisionedThroughputExceeded",
        "ReadProvisionedThroughputExceeded",
    ]
    static let streamLatest = ["GetRecords.IteratorAgeMilliseconds"]
    static let deliveryTotals = [
        "IncomingRecords", "DataReadFromKinesisStream.Records", "DeliveryToS3.Records",
        "DeliveryToS3.Bytes", "ThrottledRecords",
    ]
    static let deliveryLatest = ["DeliveryToS3.DataFreshness", "DeliveryToS3.Success"]

    public func report(window: Duration) async throws -> PipelineHealth {
        let end = Date()
        let start = end.addingTimeInterval(-Double(window.components.seconds))
        let watched = stack.resources.filter {
            $0.type == .kinesisStream || $0.type == .deliveryStream
        }
        var queries: [CloudWatchClient.MetricQuery] = []
        var keys: [String: (resource: String, metric: String, total: Bool)] = [:]
        for resource in watched {
            for (metric, statistic) in Self.metrics(of: resource) {
                let id = "m\(queries.count)"
                keys[id] = (resource.id, metric.name, statistic == .sum)
                queries.append(
                    CloudWatchClient.MetricQuery(
                        id: id, metric: metric, statistic: statistic.rawValue,
                        periodSeconds: 60))
            }
        }
        let cloudwatch = providers.provider(AlarmKind.self).cloudwatch
        async let series = cloudwatch.metricData(queries, from: start, to: end)
        async let alarms = alarmStates()
        var totals: [String: [String: Double]] = [:]
        var latest: [String: [String: Double]] = [:]
        for (id, points) in try await series {
            guard let (resource, metric, total) = keys[id], let newest = points.first else {
                continue
            }
            if total {
                totals[resource, default: [:]][metric] = points.map(\.value).reduce(0, +)
            } else {
                latest[resource, default: [:]][metric] = newest.value
            }
        }
        let states = try await alarms
        var resources: [PipelineHealth.Resource] = []
        for resource in watched {
            var health = PipelineHealth.Resource(
                id: resource.id, type: resource.type, name: resource.spec.name,
                totals: totals[resource.id] ?? [:], latest: latest[resource.id] ?? [:],
                alarms: stack.resources.filter {
                    $0.type == .alarm && $0.dependencies.contains(resource.id)
                }.map {
                    states[$0.spec.name] ?? .init(name: $0.spec.name, state: "absent", reason: "")
                },
                problems: [])
            if let delivery = DeliveryStreamSpec(resource.spec) {
                health.lastError = try await lastError(delivery, since: start)
                health.newestObject = try await newestObject(delivery, since: start)
                if let freshness = health.latest["DeliveryToS3.DataFreshness"] {
                    let limit = freshnessLimit(delivery)
                    if freshness > limit {
                        health.problems.append(
                            "data is \(Int(freshness)) s old in Firehose, more than the \(Int(limit)) s buffering explains"
                        )
                    }
                }
            }
            for alarm in health.alarms where alarm.state == "ALARM" {
                health.problems.append("alarm \(alarm.name) is in ALARM: \(alarm.reason)")
            }
            resources.append(health)
        }
        return PipelineHealth(
            stack: stack.name, region: stack.context.region, window: window,
            resources: resources, checkedAt: end)
    }

    /// Totals as sums; ages at their maximum, success ratios on average.
    static func metrics(of resource: ResolvedResource)
        -> [(CloudWatchClient.Metric, AlarmStatistic)]
    {
        let (namespace, dimension, totals, latest) =
            resource.type == .kinesisStream
            ? ("AWS/Kinesis", "StreamName", streamTotals, streamLatest)
            : ("AWS/Firehose", "DeliveryStreamName", deliveryTotals, deliveryLatest)
        func metric(_ name: String) -> CloudWatchClient.Metric {
            .init(namespace: namespace, name: name, dimensions: [dimension: resource.spec.name])
        }
        return totals.map { (metric($0), .sum) }
            + latest.map { (metric($0), $0.hasSuffix("Success") ? .average : .maximum) }
    }

    /// The state of each of the stack's alarms that exists, by name.
    private func alarmStates() async throws -> [String: PipelineHealth.Alarm] {
        let names = stack.resources.filter { $0.type == .alarm }.map(\.spec.name)
        let cloudwatch = providers.provider(AlarmKind.self).cloudwatch
        var states: [String: PipelineHealth.Alarm] = [:]
        for batch in stride(from: 0, to: names.count, by: 100) {
            for alarm in try await cloudwatch.alarms(
                named: Array(names[batch..<min(batch + 100, names.count)]))
            {
                states[alarm.definition.name] = .init(
                    name: alarm.definition.name, state: alarm.state, reason: alarm.stateReason)
            }
        }
        return states
    }

    /// The data freshness above which records are stuck: the stack's alarm's threshold, or
    /// what the alarm would have.
    private func freshnessLimit(_ delivery: DeliveryStreamSpec) -> Double {
        let alarm = stack.resources.lazy.compactMap { AlarmSpec($0.spec) }.first {
            $0.metric.name == PipelineAlarm.dataFreshness.metricName
                && $0.metric.dimensions["DeliveryStreamName"] == delivery.name
        }
        return alarm?.threshold ?? PipelineAlarm.dataFreshness.defaultThreshold(for: delivery)
    }

    private func lastError(_ delivery: DeliveryStreamSpec, since start: Date) async throws
        -> (time: Date, message: String)?
    {
        guard let logging = delivery.logging, logging.enabled else { return nil }
        return try await providers.provider(LogGroupKind.self).logs.latestEvent(
            group: logging.logGroup, stream: logging.logStream, since: start)
    }

    /// The newest object of one page of keys: from the window's first hour under Firehose's
    /// own `YYYY/MM/DD/HH/` layout, from the prefix's fixed part otherwise.
    private func newestObject(_ delivery: DeliveryStreamSpec, since start: Date) async throws
        -> S3Client.Object?
    {
        guard let bucket = ARN(delivery.bucketARN)?.resourceName else { return nil }
        let prefix = FirehosePrefix(delivery.prefix ?? "")
        var startAfter: String?
        if !prefix.hasExpressions {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: delivery.customTimeZone)
            formatter.dateFormat = "yyyy/MM/dd/HH/"
            startAfter = prefix.text + formatter.string(from: start.addingTimeInterval(-3600))
        }
        let page = try await nilIfNotFound {
            try await providers.provider(BucketKind.self).s3.listObjectsPage(
                bucket, prefix: prefix.fixedPart, startAfter: startAfter)
        }
        return page?.objects.max {
            ($0.lastModified ?? .distantPast) < ($1.lastModified ?? .distantPast)
        }
    }
}
