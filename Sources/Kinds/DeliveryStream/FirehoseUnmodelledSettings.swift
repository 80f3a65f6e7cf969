import AWS
import Providers
import StackFile

/// What a Firehose S3 destination holds that the stack file cannot express. UpdateDestination
/// replaces each member it is given and keeps the ones it is not (AWS's documentation of the
/// call): the processors, the serializers and the backup that streamstack sends replace what
/// was there, so their extra settings are removed by apply; a member streamstack never sends
/// is kept.
enum FirehoseUnmodelledSettings {
    static func find(
        members: [String: JSONValue], destination: ExtendedS3Destination, region: String
    ) -> UnmodelledSettings {
        var settings = UnmodelledSettings()
        for (member, value) in members
        where !ExtendedS3Destination.describedMembers.contains(member) && !value.isEmpty {
            settings.keptByApply[member] = value.canonicalText
        }
        processors(destination, into: &settings)
        conversion(members, destination: destination, region: region, into: &settings)
        backup(destination, into: &settings)
        return settings
    }

    private static func processors(
        _ destination: ExtendedS3Destination, into settings: inout UnmodelledSettings
    ) {
        let section = "ProcessingConfiguration"
        guard let configuration = destination.processingConfiguration else { return }
        let listed = configuration.processors ?? []
        if configuration.enabled != true {
            if !listed.isEmpty {
                settings.removedByApply[section] = describe(listed)
            }
            return
        }
        let partitioning = destination.dynamicPartitioningConfiguration?.enabled == true
        for processor in listed {
            let name = "\(section).Processors.\(processor.type)"
            guard let known = FirehoseProcessors.modelledParameters[processor.type],
                partitioning || processor.type == FirehoseProcessors.lambda
            else {
                // A type the file cannot state, or partitioning's processors without it.
                settings.removedByApply[name] = describe([processor])
                continue
            }
            for parameter in processor.parameters ?? []
            where !known.contains(parameter.parameterName)
                && !(parameter.parameterName == "RoleArn"
                    && parameter.parameterValue == destination.roleARN)
            {
                settings.removedByApply["\(name).\(parameter.parameterName)"] =
                    parameter.parameterValue
            }
            let engine = FirehoseProcessors.parameters(processor)["JsonParsingEngine"]
            if let engine, engine != FirehoseProcessors.jsonParsingEngine {
                settings.removedByApply["\(name).JsonParsingEngine"] = engine
            }
        }
    }

    /// What each SerDe option is when AWS reports none (its documentation's defaults, which
    /// Terraform's provider fills in the same way since the API leaves them out).
    static let serdeDefaults: [String: [String: JSONValue]] = [
        "OpenXJsonSerDe": [
            "CaseInsensitive": .bool(true), "ConvertDotsInJsonKeysToUnderscores": .bool(false),
        ],
        "ParquetSerDe": [
            "BlockSizeBytes": .number(268_435_456), "PageSizeBytes": .number(1_048_576),
            "Compression": .string("SNAPPY"), "EnableDictionaryCompression": .bool(false),
            "MaxPaddingBytes": .number(0), "WriterVersion": .string("V1"),
        ],
        "OrcSerDe": [
            "BlockSizeBytes": .number(268_435_456), "StripeSizeBytes": .number(67_108_864),
            "RowIndexStride": .number(10_000), "EnablePadding": .bool(false),
            "PaddingTolerance": .number(0.05), "Compression": .string("SNAPPY"),
            "BloomFilterFalsePositiveProbability": .number(0.05),
            "DictionaryKeyThreshold": .number(0), "FormatVersion": .string("V0_12"),
        ],
    ]

    /// The SerDes' options and a schema read from elsewhere than the file's table.
    private static func conversion(
        _ members: [String: JSONValue], destination: ExtendedS3Destination, region: String,
        into settings: inout UnmodelledSettings
    ) {
        let section = "DataFormatConversionConfiguration"
        guard let conversion = members[section], conversion["Enabled"] == .bool(true) else {
            return
        }
        for (format, side) in [
            ("InputFormatConfiguration", "Deserializer"),
            ("OutputFormatConfiguration", "Serializer"),
        ] {
            for (serde, options) in conversion[format]?[side]?.objectMembers ?? [:] {
                let defaults = serdeDefaults[serde] ?? [:]
                for (option, value) in options.objectMembers ?? [:]
                where !value.isEmpty && defaults[option] != value {
                    settings.removedByApply["\(section).\(format).\(side).\(serde).\(option)"] =
                        value.canonicalText
                }
            }
        }
        let schema = destination.dataFormatConversionConfiguration?.schemaConfiguration
        let expected: [(String, String?, String?)] = [
            ("VersionId", schema?.versionId, "LATEST"),
            ("Region", schema?.region, region),
            ("RoleARN", schema?.roleARN, destination.roleARN),
        ]
        for (member, value, wanted) in expected {
            if let value, !value.isEmpty, value != wanted {
                settings.removedByApply["\(section).SchemaConfiguration.\(member)"] = value
            }
        }
    }

    /// A backup's encryption, logging and role, which the file's `backup` does not state.
    private static func backup(
        _ destination: ExtendedS3Destination, into settings: inout UnmodelledSettings
    ) {
        guard destination.s3BackupMode == "Enabled", let backup = destination.s3BackupDescription
        else { return }
        let section = "S3BackupDescription"
        if let key = backup.encryptionConfiguration?.kmsEncryptionConfig?.awsKMSKeyARN {
            settings.removedByApply["\(section).EncryptionConfiguration"] = key
        }
        if let logging = backup.cloudWatchLoggingOptions, logging.enabled == true {
            settings.removedByApply["\(section).CloudWatchLoggingOptions"] =
                "\(logging.logGroupName ?? "")/\(logging.logStreamName ?? "")"
        }
        if let role = backup.roleARN, role != destination.roleARN {
            settings.removedByApply["\(section).RoleARN"] = role
        }
    }

    /// Processors as `Type(Name=Value, ...)`.
    private static func describe(_ processors: [ProcessingConfiguration.Processor]) -> String {
        processors.map { processor in
            let parameters = (processor.parameters ?? []).map {
                "\($0.parameterName)=\($0.parameterValue)"
            }
            return parameters.isEmpty
                ? processor.type : "\(processor.type)(\(parameters.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}
