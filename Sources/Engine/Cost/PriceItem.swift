/// The prices a pipeline's monthly cost is made of, each in the unit AWS bills it.
public enum PriceItem: String, Sendable, Codable, CaseIterable {
    case shardHour = "kinesis_shard_hour"
    case putPayloadUnits = "kinesis_put_payload_units_per_million"
    case onDemandStreamHour = "kinesis_on_demand_stream_hour"
    case onDemandIngestedGB = "kinesis_on_demand_ingested_gb"
    case onDemandRetrievedGB = "kinesis_on_demand_retrieved_gb"
    case firehoseIngestedGB = "firehose_ingested_gb"
    case formatConversionGB = "firehose_format_conversion_gb"
    case dynamicPartitioningGB = "firehose_dynamic_partitioning_gb"
    case dynamicPartitioningObjects = "firehose_dynamic_partitioning_per_thousand_objects"
    case storageGBMonth = "s3_standard_storage_gb_month"
    case putRequests = "s3_put_per_thousand_requests"
    case alarmMonth = "cloudwatch_standard_alarm_metric_month"

    /// What the price is for, as the estimate prints it.
    public var label: String {
        switch self {
        case .shardHour: "shard-hours"
        case .putPayloadUnits: "million PUT payload units (25 KB)"
        case .onDemandStreamHour: "on-demand stream-hours"
        case .onDemandIngestedGB: "GB written (on-demand)"
        case .onDemandRetrievedGB: "GB read by Firehose (on-demand)"
        case .firehoseIngestedGB: "GB ingested (records rounded up to 5 KB)"
        case .formatConversionGB: "GB converted to columnar format"
        case .dynamicPartitioningGB: "GB dynamically partitioned"
        case .dynamicPartitioningObjects: "thousand objects delivered (dynamic partitioning)"
        case .storageGBMonth: "GB-months stored (S3 Standard)"
        case .putRequests: "thousand PUT requests"
        case .alarmMonth: "alarm metric-months (standard resolution)"
        }
    }
}
