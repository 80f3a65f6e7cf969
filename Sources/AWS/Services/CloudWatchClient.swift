import Foundation

/// Amazon CloudWatch's metric alarms and metric data (Query protocol, which CloudWatch still
/// speaks beside its JSON and CBOR ones).
public struct CloudWatchClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .cloudwatch) }

    /// A metric: its namespace (`AWS/Firehose`), name and dimensions.
    public struct Metric: Sendable, Equatable, Hashable {
        public var namespace: String
        public var name: String
        public var dimensions: [String: String]

        public init(namespace: String, name: String, dimensions: [String: String]) {
            self.namespace = namespace
            self.name = name
            self.dimensions = dimensions
        }
    }

    /// What PutMetricAlarm sets: a single-metric alarm with the same actions on ALARM and OK.
    public struct AlarmDefinition: Sendable, Equatable {
        public var name: String
        public var description: String
        public var metric: Metric
        public var statistic: String
        public var periodSeconds: Int
        public var evaluationPeriods: Int
        public var datapointsToAlarm: Int
        public var threshold: Double
        public var comparisonOperator: String
        public var treatMissingData: String
        public var actions: [String]

        public init(
            name: String, description: String, metric: Metric, statistic: String,
            periodSeconds: Int, evaluationPeriods: Int, datapointsToAlarm: Int, threshold: Double,
            comparisonOperator: String, treatMissingData: String, actions: [String]
        ) {
            self.name = name
            self.description = description
            self.metric = metric
            self.statistic = statistic
            self.periodSeconds = periodSeconds
            self.evaluationPeriods = evaluationPeriods
            self.datapointsToAlarm = datapointsToAlarm
            self.threshold = threshold
            self.comparisonOperator = comparisonOperator
            self.treatMissingData = treatMissingData
            self.actions = actions
        }
    }

    /// A metric alarm as DescribeAlarms reports it.
    public struct MetricAlarm: Sendable, Equatable {
        public var definition: AlarmDefinition
        public var arn: String
        /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
        public var state: String
        public var stateReason: String
        /// Actions on INSUFFICIENT_DATA, OK actions other than the alarm actions, disabled
        /// actions, a unit, an extended statistic, metric math: settings streamstack never sets,
        /// and PutMetricAlarm, which writes an alarm whole, removes.
        public var otherSettings: [String: String]
    }

    /// Creates or overwrites the alarm. Tags are taken on create only: CloudWatch ignores them
    /// when the alarm exists (botocore's model for PutMetricAlarm), so an update changes them
    /// with TagResource and UntagResource.
    public func putMetricAlarm(_ alarm: AlarmDefinition, tags: [String: String] = [:])
        async throws
    {
        var parameters: [(String, String)] = [
            ("AlarmName", alarm.name), ("AlarmDescription", alarm.description),
            ("Namespace", alarm.metric.namespace), ("MetricName", alarm.metric.name),
            ("Statistic", alarm.statistic), ("Period", String(alarm.periodSeconds)),
            ("EvaluationPeriods", String(alarm.evaluationPeriods)),
            ("DatapointsToAlarm", String(alarm.datapointsToAlarm)),
            ("Threshold", Self.number(alarm.threshold)),
            ("ComparisonOperator", alarm.comparisonOperator),
            ("TreatMissingData", alarm.treatMissingData), ("ActionsEnabled", "true"),
        ]
        parameters += QueryParameters.entries("Dimensions", alarm.metric.dimensions, key: "Name")
        parameters += QueryParameters.list("AlarmActions", alarm.actions)
        parameters += QueryParameters.list("OKActions", alarm.actions)
        parameters += QueryParameters.entries("Tags", tags)
        try await client.query("PutMetricAlarm", parameters)
    }

    /// The metric alarms of these names that exist (at most 100 names, DescribeAlarms' limit).
    public func alarms(named names: [String]) async throws -> [MetricAlarm] {
        precondition(names.count <= 100, "DescribeAlarms takes at most 100 names")
        guard !names.isEmpty else { return [] }
        return try await describeAlarms(QueryParameters.list("AlarmNames", names))
    }

    /// The metric alarm of this name; nil when there is none.
    public func alarm(named name: String) async throws -> MetricAlarm? {
        try await alarms(named: [name]).first { $0.definition.name == name }
    }

    private func describeAlarms(_ filter: [(String, String)]) async throws -> [MetricAlarm] {
        try await client.allPages("DescribeAlarms") { token in
            var parameters = filter + [("AlarmTypes.member.1", "MetricAlarm")]
            if let token { parameters.append(("NextToken", token)) }
            let result = try await client.query("DescribeAlarms", parameters)
            let members = result.node?.child("MetricAlarms")?.children("member") ?? []
            return (members.compactMap(Self.alarm(from:)), result.value("NextToken"))
        }
    }

    public func deleteAlarms(named names: [String]) async throws {
        guard !names.isEmpty else { return }
        try await client.query("DeleteAlarms", QueryParameters.list("AlarmNames", names))
    }

    public func tags(ofResource arn: String) async throws -> [String: String] {
        let result = try await client.query("ListTagsForResource", [("ResourceARN", arn)])
        return result.node?.entries("Tags") ?? [:]
    }

    public func tag(resource arn: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        try await client.query(
            "TagResource", [("ResourceARN", arn)] + QueryParameters.entries("Tags", tags))
    }

    public func untag(resource arn: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await client.query(
            "UntagResource", [("ResourceARN", arn)] + QueryParameters.list("TagKeys", keys))
    }

    /// One statistic of one metric over a period, for GetMetricData.
    public struct MetricQuery: Sendable, Equatable {
        /// Lower-case letters, digits and `_`, starting with a letter (GetMetricData's rule).
        public var id: String
        public var metric: Metric
        public var statistic: String
        public var periodSeconds: Int

        public init(id: String, metric: Metric, statistic: String, periodSeconds: Int) {
            self.id = id
            self.metric = metric
            self.statistic = statistic
            self.periodSeconds = periodSeconds
        }
    }

    /// The datapoints of each query between `start` and `end`, newest first, by query id.
    public func metricData(_ queries: [MetricQuery], from start: Date, to end: Date)
        async throws -> [String: [(timestamp: Date, value: Double)]]
    {
        var values: [String: [(timestamp: Date, value: Double)]] = [:]
        // GetMetricData takes at most 500 queries a call.
        for batch in stride(from: 0, to: queries.count, by: 500) {
            let part = Array(queries[batch..<min(batch + 500, queries.count)])
            let results: [(String, [(Date, Double)])] = try await client.allPages(
                "GetMetricData"
            ) { token in
                var parameters =
                    Self.queryParameters(part) + [
                        ("StartTime", ISO8601.format(start)), ("EndTime", ISO8601.format(end)),
                        ("ScanBy", "TimestampDescending"),
                    ]
                if let token { parameters.append(("NextToken", token)) }
                let result = try await client.query("GetMetricData", parameters)
                let members = result.node?.child("MetricDataResults")?.children("member") ?? []
                return (members.compactMap(Self.series(from:)), result.value("NextToken"))
            }
            for (id, points) in results {
                values[id, default: []] += points.map { (timestamp: $0.0, value: $0.1) }
            }
        }
        return values.mapValues { $0.sorted { $0.timestamp > $1.timestamp } }
    }

    private static func queryParameters(_ queries: [MetricQuery]) -> [(String, String)] {
        var parameters: [(String, String)] = []
        for (index, query) in queries.enumerated() {
            let prefix = "MetricDataQueries.member.\(index + 1)"
            parameters += [
                ("\(prefix).Id", query.id), ("\(prefix).ReturnData", "true"),
                ("\(prefix).MetricStat.Metric.Namespace", query.metric.namespace),
                ("\(prefix).MetricStat.Metric.MetricName", query.metric.name),
                ("\(prefix).MetricStat.Period", String(query.periodSeconds)),
                ("\(prefix).MetricStat.Stat", query.statistic),
            ]
            parameters += QueryParameters.entries(
                "\(prefix).MetricStat.Metric.Dimensions", query.metric.dimensions, key: "Name")
        }
        return parameters
    }

    private static func series(from node: XMLNode) -> (String, [(Date, Double)])? {
        guard let id = node.value("Id") else { return nil }
        let timestamps = node.child("Timestamps")?.children("member").compactMap {
            ISO8601.parse($0.text)
        }
        let values = node.child("Values")?.children("member").compactMap { Double($0.text) }
        return (id, Array(zip(timestamps ?? [], values ?? [])))
    }

    static func alarm(from node: XMLNode) -> MetricAlarm? {
        guard let name = node.value("AlarmName"), let arn = node.value("AlarmArn") else {
            return nil
        }
        let dimensions = node.entries("Dimensions", key: "Name")
        let actions = node.child("AlarmActions")?.children("member").map(\.text) ?? []
        let okActions = node.child("OKActions")?.children("member").map(\.text) ?? []
        var other: [String: String] = [:]
        let insufficient =
            node.child("InsufficientDataActions")?.children("member").map(\.text) ?? []
        if !insufficient.isEmpty {
            other["insufficient_data_actions"] = insufficient.joined(separator: ", ")
        }
        if okActions != actions { other["ok_actions"] = okActions.joined(separator: ", ") }
        if node.value("ActionsEnabled") == "false" { other["actions_enabled"] = "false" }
        for (key, element) in [
            ("unit", "Unit"), ("extended_statistic", "ExtendedStatistic"),
            ("threshold_metric_id", "ThresholdMetricId"),
            ("evaluate_low_sample_count_percentile", "EvaluateLowSampleCountPercentile"),
        ] {
            if let value = node.value(element), !value.isEmpty { other[key] = value }
        }
        if let metrics = node.child("Metrics")?.children("member"), !metrics.isEmpty {
            other["metrics"] = "\(metrics.count) metric math queries"
        }
        let evaluationPeriods = node.value("EvaluationPeriods").flatMap { Int($0) } ?? 1
        return MetricAlarm(
            definition: AlarmDefinition(
                name: name, description: node.value("AlarmDescription") ?? "",
                metric: Metric(
                    namespace: node.value("Namespace") ?? "",
                    name: node.value("MetricName") ?? "", dimensions: dimensions),
                statistic: node.value("Statistic") ?? "",
                periodSeconds: node.value("Period").flatMap { Int($0) } ?? 0,
                evaluationPeriods: evaluationPeriods,
                // Absent means every evaluated period (CloudWatch's documented default).
                datapointsToAlarm: node.value("DatapointsToAlarm").flatMap { Int($0) }
                    ?? evaluationPeriods,
                threshold: node.value("Threshold").flatMap { Double($0) } ?? 0,
                comparisonOperator: node.value("ComparisonOperator") ?? "",
                // Absent means `missing` (CloudWatch's documented default).
                treatMissingData: node.value("TreatMissingData") ?? "missing",
                actions: actions),
            arn: arn, state: node.value("StateValue") ?? "INSUFFICIENT_DATA",
            stateReason: node.value("StateReason") ?? "", otherSettings: other)
    }

    /// A threshold as the Query protocol writes a double: no exponent, no trailing `.0`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15
            ? String(Int64(value)) : String(value)
    }
}
