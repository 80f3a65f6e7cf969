/// On-demand list prices (USD, first tiers) for when the Price List API cannot be asked:
/// offline, an emulator, or credentials without `pricing:GetProducts`. us-east-1's are the
/// prices AWS's pages for Kinesis Data Streams, Amazon Data Firehose, S3 and CloudWatch list; sa-east-1's
/// were recorded without access to the API and are approximate. A plan says when it uses this
/// table, and the API's answer replaces it whenever it is available: refresh the table from
/// it (and add regions) when it drifts.
public enum EmbeddedPrices {
    public static let asOf = "2026-11"

    public static let table: [String: [PriceItem: Double]] = [
        "us-east-1": [
            .shardHour: 0.015, .putPayloadUnits: 0.014, .onDemandStreamHour: 0.04,
            .onDemandIngestedGB: 0.08, .onDemandRetrievedGB: 0.04, .firehoseIngestedGB: 0.029,
            .formatConversionGB: 0.018, .dynamicPartitioningGB: 0.02,
            .dynamicPartitioningObjects: 0.005, .storageGBMonth: 0.023, .putRequests: 0.005,
            .alarmMonth: 0.10,
        ],
        "sa-east-1": [
            .shardHour: 0.0255, .putPayloadUnits: 0.0238, .onDemandStreamHour: 0.068,
            .onDemandIngestedGB: 0.136, .onDemandRetrievedGB: 0.068, .firehoseIngestedGB: 0.049,
            .formatConversionGB: 0.031, .dynamicPartitioningGB: 0.034,
            .dynamicPartitioningObjects: 0.0085, .storageGBMonth: 0.0405, .putRequests: 0.007,
            .alarmMonth: 0.10,
        ],
    ]

    /// The region's table, or us-east-1's for a region without one.
    public static func sheet(region: String, reason: String) -> PriceSheet {
        PriceSheet(
            region: region, prices: table[region] ?? table["us-east-1"] ?? [:],
            origin: .embedded(reason: reason))
    }
}
