import AWS
import StackFile

/// The alarms `monitoring: { alarms: true }` gives a pipeline, each with the defaults AWS's
/// guidance gives it. Delivery streams: Firehose's "Implement best practices with CloudWatch
/// Alarms" (DataFreshness above the buffering limit; ThrottledRecords) and its metric list for
/// conversion, partitioning and transformation. Streams: CloudWatch's "Recommended alarms" for
/// Kinesis Data Streams (iterator age, and the provisioned-throughput-exceeded metrics averaged
/// above 0.01 for 15 of 15 minutes).
public enum PipelineAlarm: String, Vocabulary {
    case dataFreshness = "data_freshness"
    case deliverySuccess = "delivery_success"
    case conversionFailures = "conversion_failures"
    case partitionCountExceeded = "partition_count_exceeded"
    case transformationSuccess = "transformation_success"
    case throttledRecords = "throttled_records"
    case iteratorAge = "iterator_age"
    case writeThrottles = "write_throttles"
    case readThrottles = "read_throttles"

    /// The kind of resource it watches.
    public var watches: ResourceType {
        switch self {
        case .dataFreshness, .deliverySuccess, .conversionFailures, .partitionCountExceeded,
            .transformationSuccess, .throttledRecords:
            .deliveryStream
        case .iteratorAge, .writeThrottles, .readThrottles: .kinesisStream
        }
    }

    public var metricName: String {
        switch self {
        case .dataFreshness: "DeliveryToS3.DataFreshness"
        case .deliverySuccess: "DeliveryToS3.Success"
        case .conversionFailures: "FailedConversion.Records"
        case .partitionCountExceeded: "PartitionCountExceeded"
        case .transformationSuccess: "ExecuteProcessing.Success"
        case .throttledRecords: "ThrottledRecords"
        case .iteratorAge: "GetRecords.IteratorAgeMilliseconds"
        case .writeThrottles: "WriteProvisionedThroughputExceeded"
        case .readThrottles: "ReadProvisionedThroughputExceeded"
        }
    }

    public var statistic: AlarmStatistic {
        switch self {
        case .dataFreshness, .partitionCountExceeded, .iteratorAge: .maximum
        case .deliverySuccess, .transformationSuccess, .writeThrottles, .readThrottles: .average
        case .conversionFailures, .throttledRecords: .sum
        }
    }

    public var comparison: AlarmComparison {
        switch self {
        case .deliverySuccess, .transformationSuccess: .lessThan
        case .iteratorAge: .greaterThanOrEqual
        case .dataFreshness, .conversionFailures, .partitionCountExceeded, .throttledRecords,
            .writeThrottles, .readThrottles:
            .greaterThan
        }
    }

    /// Kinesis publishes every minute, Firehose every five.
    public var defaultPeriodSeconds: Int { watches == .kinesisStream ? 60 : 300 }

    /// A failed delivery or invocation is retried: three periods in a row are a trend, one is
    /// not. Kinesis's recommended alarms take 15 of 15 minutes.
    public var defaultEvaluationPeriods: Int {
        switch self {
        case .deliverySuccess, .transformationSuccess: 3
        case .iteratorAge, .writeThrottles, .readThrottles: 15
        case .dataFreshness, .conversionFailures, .partitionCountExceeded, .throttledRecords: 1
        }
    }

    /// A pipeline without traffic publishes nothing, and is not failing.
    public var missingData: MissingData { .notBreaching }

    /// What the threshold is when the file does not say, in words for the reference.
    public var defaultThresholdText: String {
        switch self {
        case .dataFreshness:
            "the buffering interval + 300 s (+ the transformation's buffer interval)"
        case .deliverySuccess, .transformationSuccess: "1 (below: some attempts failed)"
        case .conversionFailures, .partitionCountExceeded, .throttledRecords: "0"
        case .iteratorAge: "half the stream's retention, in milliseconds"
        case .writeThrottles, .readThrottles: "0.01"
        }
    }

    /// What it tells, for the alarm's description and the reference.
    public var summary: String {
        switch self {
        case .dataFreshness: "records wait longer than buffering explains before reaching S3"
        case .deliverySuccess: "deliveries to S3 fail"
        case .conversionFailures: "records fail conversion to Parquet or ORC"
        case .partitionCountExceeded: "dynamic partitioning exceeds its active partitions"
        case .transformationSuccess: "the transformation's Lambda invocations fail"
        case .throttledRecords: "Firehose throttles records put to it"
        case .iteratorAge: "the stream's oldest unread record nears its retention"
        case .writeThrottles: "writes to the stream are throttled"
        case .readThrottles: "reads from the stream are throttled"
        }
    }

    /// Whether it applies to this delivery stream: conversion, partitioning and transformation
    /// alarms with those features, throttled records for direct put (a Kinesis source is read,
    /// not put to).
    func applies(to delivery: DeliveryStreamSpec) -> Bool {
        switch self {
        case .dataFreshness, .deliverySuccess: true
        case .conversionFailures: delivery.formatConversion != nil
        case .partitionCountExceeded: delivery.dynamicPartitioning != nil
        case .transformationSuccess: delivery.transformation != nil
        case .throttledRecords: delivery.sourceStreamARN == nil
        case .iteratorAge, .writeThrottles, .readThrottles: false
        }
    }

    /// Whether it applies to this stream: throughput is provisioned only in provisioned mode.
    func applies(to stream: KinesisStreamSpec) -> Bool {
        switch self {
        case .iteratorAge: true
        case .writeThrottles, .readThrottles: stream.mode == .provisioned
        case .dataFreshness, .deliverySuccess, .conversionFailures, .partitionCountExceeded,
            .transformationSuccess, .throttledRecords:
            false
        }
    }

    public func defaultThreshold(for delivery: DeliveryStreamSpec) -> Double {
        switch self {
        case .dataFreshness:
            Double(
                delivery.buffering.intervalSeconds + 300
                    + (delivery.transformation?.bufferIntervalSeconds ?? 0))
        case .deliverySuccess, .transformationSuccess: 1
        default: 0
        }
    }

    public func defaultThreshold(for stream: KinesisStreamSpec) -> Double {
        switch self {
        case .iteratorAge: Double(stream.retentionHours) * 3_600_000 / 2
        case .writeThrottles, .readThrottles: 0.01
        default: 0
        }
    }
}
