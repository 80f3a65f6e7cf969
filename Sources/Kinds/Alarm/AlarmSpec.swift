import AWS
import StackFile

/// A CloudWatch metric alarm that comes with a stream or delivery stream (`ID.ALARM_alarm`):
/// one metric, one statistic, one threshold, and the stack's SNS topic as its action on ALARM
/// and on OK.
public struct AlarmSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var metric: CloudWatchClient.Metric
    public var statistic: AlarmStatistic
    public var periodSeconds: Int
    public var evaluationPeriods: Int
    public var datapointsToAlarm: Int
    public var threshold: Double
    public var comparison: AlarmComparison
    public var missingData: MissingData
    /// SNS topics told on ALARM and on OK.
    public var actions: [String]
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, description: String, metric: CloudWatchClient.Metric,
        statistic: AlarmStatistic, periodSeconds: Int, evaluationPeriods: Int,
        datapointsToAlarm: Int, threshold: Double, comparison: AlarmComparison,
        missingData: MissingData, actions: [String], tags: [String: String]
    ) {
        self.name = name
        self.description = description
        self.metric = metric
        self.statistic = statistic
        self.periodSeconds = periodSeconds
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = datapointsToAlarm
        self.threshold = threshold
        self.comparison = comparison
        self.missingData = missingData
        self.actions = actions
        self.tags = tags
    }

    /// What PutMetricAlarm sends.
    var definition: CloudWatchClient.AlarmDefinition {
        CloudWatchClient.AlarmDefinition(
            name: name, description: description, metric: metric,
            statistic: statistic.rawValue, periodSeconds: periodSeconds,
            evaluationPeriods: evaluationPeriods, datapointsToAlarm: datapointsToAlarm,
            threshold: threshold, comparisonOperator: comparison.rawValue,
            treatMissingData: missingData.rawValue, actions: actions)
    }
}
