import StackFile

/// The keys of the top-level `monitoring` section.
public enum MonitoringFields {
    public static let alarms = Field.boolean(
        "alarms",
        "Give every stream and delivery stream of the stack its alarms (`cloudwatch.alarm` resources with ids `ID.ALARM_alarm`, tagged, planned, pruned and destroyed with the stack). Each alarm treats a period without data as not breaching: a pipeline without traffic is not failing."
    ).defaulting(to: false)
    public static let notify = Field.string(
        "notify",
        StringRule(
            minimumLength: 1, maximumLength: 1024,
            pattern: #"^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$"#,
            patternDescription: "an SNS topic's ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
        default: "no actions",
        "The SNS topic every alarm tells when it goes to ALARM and back to OK.")

    /// The keys of one alarm's section: what to change of its defaults.
    public enum Override {
        public static let enabled = Field.boolean(
            "enabled", "Whether the alarm exists (when `alarms` is true)."
        ).defaulting(to: true)
        public static let threshold = Field.number(
            "threshold", 0...1_000_000_000_000, default: "the alarm's, above",
            "The threshold, in the metric's unit (seconds, milliseconds, a ratio, a count).")
        public static let periodSeconds = Field.integer(
            "period_seconds", 60...86_400, default: "60 for streams, 300 for delivery streams",
            "The period each datapoint covers; a multiple of 60.")
        public static let evaluationPeriods = Field.integer(
            "evaluation_periods", 1...10_080, default: "the alarm's, above",
            "How many of the latest periods are evaluated; with `period_seconds` at most a day (a week for periods of an hour or more)."
        )
        public static let datapointsToAlarm = Field.integer(
            "datapoints_to_alarm", 1...10_080, default: "`evaluation_periods`",
            "How many of the evaluated periods must breach (an M out of N alarm).")

        static let properties = [
            enabled.property, threshold.property, periodSeconds.property,
            evaluationPeriods.property, datapointsToAlarm.property,
        ]
    }

    /// The section that changes one alarm's defaults.
    public static func section(_ alarm: PipelineAlarm) -> Section {
        Section(
            alarm.rawValue, .object(Override.properties),
            default:
                "\(alarm.metricName) \(alarm.statistic.rawValue) \(alarm.comparison.sign) \(alarm.defaultThresholdText), \(alarm.defaultEvaluationPeriods) of \(alarm.defaultEvaluationPeriods) periods",
            "On each \(alarm.watches == .kinesisStream ? "stream" : "delivery stream")\(alarm.condition): alarms when \(alarm.summary)."
        )
    }

    public static let section = Section(
        "monitoring",
        .object(
            [alarms.property, notify.property] + PipelineAlarm.allCases.map { section($0).property }
        ),
        default: "no alarms",
        "Alarms that come with the pipeline, with the defaults AWS's guidance gives them; `streamstack status` reads them."
    )
}

extension AlarmComparison {
    /// As the reference writes it.
    var sign: String {
        switch self {
        case .greaterThan: ">"
        case .greaterThanOrEqual: ">="
        case .lessThan: "<"
        case .lessThanOrEqual: "<="
        }
    }
}

extension PipelineAlarm {
    /// When it applies, in words for the reference.
    var condition: String {
        switch self {
        case .conversionFailures: " with format conversion"
        case .partitionCountExceeded: " with dynamic partitioning"
        case .transformationSuccess: " with a transformation"
        case .throttledRecords: " without a Kinesis source (direct put)"
        case .writeThrottles, .readThrottles: " in provisioned mode"
        case .dataFreshness, .deliverySuccess, .iteratorAge: ""
        }
    }
}
