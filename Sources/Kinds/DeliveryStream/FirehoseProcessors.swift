import AWS
import Providers
import StackFile

/// The record processors of a delivery stream, as the stack file's `transformation` and
/// `dynamic_partitioning` ask for them, and back: compared by type and parameter, with AWS's
/// documented defaults filled in, since AWS leaves out parameters that have them.
enum FirehoseProcessors {
    static let lambda = "Lambda"
    static let metadataExtraction = "MetadataExtraction"
    static let appendDelimiter = "AppendDelimiterToRecord"
    /// The processors streamstack writes; any other is a setting the file cannot express.
    static let modelled: Set<String> = [lambda, metadataExtraction, appendDelimiter]

    /// Parameters of each modelled processor that the file states.
    static let modelledParameters: [String: Set<String>] = [
        lambda: ["LambdaArn", "NumberOfRetries", "BufferSizeInMBs", "BufferIntervalInSeconds"],
        metadataExtraction: ["MetadataExtractionQuery", "JsonParsingEngine"],
        appendDelimiter: [],
    ]

    /// The only engine Firehose offers for metadata extraction.
    static let jsonParsingEngine = "JQ-1.6"

    /// In the order Firehose runs them: the function first, then the partitioning's own.
    static func configuration(
        transformation: DeliveryStreamSpec.Transformation?,
        partitioning: DeliveryStreamSpec.DynamicPartitioning?
    ) -> ProcessingConfiguration? {
        var processors: [ProcessingConfiguration.Processor] = []
        if let transformation {
            processors.append(
                .init(
                    type: lambda,
                    parameters: [
                        .init(parameterName: "LambdaArn", parameterValue: transformation.lambdaARN),
                        .init(
                            parameterName: "NumberOfRetries",
                            parameterValue: String(transformation.retries)),
                        .init(
                            parameterName: "BufferSizeInMBs",
                            parameterValue: DecimalText.written(transformation.bufferSizeMB)),
                        .init(
                            parameterName: "BufferIntervalInSeconds",
                            parameterValue: String(transformation.bufferIntervalSeconds)),
                    ]))
        }
        if let partitioning {
            let query =
                "{"
                + partitioning.partitionKeys.sorted { $0.key < $1.key }.map {
                    "\($0.key):\($0.value)"
                }.joined(separator: ",") + "}"
            processors.append(
                .init(
                    type: metadataExtraction,
                    parameters: [
                        .init(parameterName: "MetadataExtractionQuery", parameterValue: query),
                        .init(
                            parameterName: "JsonParsingEngine", parameterValue: jsonParsingEngine),
                    ]))
            if partitioning.appendDelimiter {
                processors.append(.init(type: appendDelimiter, parameters: nil))
            }
        }
        return processors.isEmpty
            ? nil : ProcessingConfiguration(enabled: true, processors: processors)
    }

    /// The processors that run: none when processing is switched off.
    static func running(_ configuration: ProcessingConfiguration?) -> [ProcessingConfiguration
        .Processor]
    {
        configuration?.enabled == true ? configuration?.processors ?? [] : []
    }

    static func parameters(_ processor: ProcessingConfiguration.Processor?) -> [String: String] {
        var values: [String: String] = [:]
        for parameter in processor?.parameters ?? [] {
            values[parameter.parameterName] = parameter.parameterValue
        }
        return values
    }

    /// The Lambda processor in the file's terms, AWS's defaults where it reports none.
    static func transformation(_ processors: [ProcessingConfiguration.Processor])
        -> DeliveryStreamSpec.Transformation?
    {
        guard let processor = processors.first(where: { $0.type == lambda }) else { return nil }
        typealias Key = DeliveryStreamFields.Transformation
        let values = parameters(processor)
        return DeliveryStreamSpec.Transformation(
            lambdaARN: values["LambdaArn"] ?? "",
            bufferSizeMB: values["BufferSizeInMBs"].flatMap(DecimalText.parse)
                ?? Key.bufferSizeMB.defaultValue,
            bufferIntervalSeconds: values["BufferIntervalInSeconds"].flatMap { Int($0) }
                ?? Key.bufferIntervalSeconds.defaultValue,
            retries: values["NumberOfRetries"].flatMap { Int($0) } ?? Key.retries.defaultValue)
    }
}
