import Foundation
import StackFile

/// Rules for what a delivery stream brings along (its Glue table, its prefixes, its policy),
/// each of which AWS would otherwise refuse mid-apply or accept and fail on later.
extension StackValidator {
    func checkDeliveryExtras(_ properties: StackNode.Mapping, s3: StackNode.Mapping) {
        typealias Key = DeliveryStreamFields
        typealias Conversion = Key.FormatConversion
        checkColumns(
            s3[Conversion.section]?.mapping?[Conversion.schema]?.mapping?[Conversion.columns])
        if let zone = s3[Key.S3.customTimeZone]?.scalar,
            case .known(let name) = offlineText(zone, forString: true),
            TimeZone(identifier: name) == nil
        {
            error(
                zone.textStart,
                "custom_time_zone '\(name)' is not a time zone; use an IANA name such as UTC or America/Sao_Paulo"
            )
        }
        for key in [Key.S3.prefix, Key.S3.errorOutputPrefix] {
            if let scalar = s3[key]?.scalar { checkPrefixExpressions(scalar, key: key.name) }
        }
        if let scalar = s3[Key.S3.errorOutputPrefix]?.scalar,
            case let prefix = FirehosePrefix(scalar.text), prefix.hasExpressions,
            !prefix.contains("firehose:error-output-type")
        {
            error(
                scalar.textStart,
                "an error_output_prefix with !{...} expressions must contain !{firehose:error-output-type} (AWS requires it), for example errors/!{firehose:error-output-type}/"
            )
        }
        for node in [
            properties[Key.source]?.mapping?[Key.kinesisStream], s3[Key.S3.bucket],
            s3[Key.Backup.section]?.mapping?[Key.Backup.bucket],
        ] {
            if let scalar = node?.scalar, !scalar.text.contains("${"),
                scalar.text.contains("*") || scalar.text.contains("?")
            {
                error(
                    scalar.textStart,
                    "'\(scalar.text)' is a wildcard; name one ARN, since the managed role's policy grants access to exactly what is named here"
                )
            }
        }
    }

    private func checkColumns(_ node: StackNode?) {
        var seen: [String: Int] = [:]
        guard case .sequence(let items, _)? = node else { return }
        for item in items {
            guard let column = item.mapping else { continue }
            if let name = column[DeliveryStreamFields.FormatConversion.columnName]?.scalar {
                let key = name.text.lowercased()
                if let line = seen[key] {
                    error(
                        name.textStart,
                        "column '\(name.text)' is declared twice (first at line \(line)); Glue needs unique names"
                    )
                } else {
                    seen[key] = name.textStart.line
                }
            }
            if let type = column[DeliveryStreamFields.FormatConversion.columnType]?.scalar,
                !type.text.contains("${"),
                !GlueColumnType.isValid(type.text)
            {
                error(
                    type.textStart,
                    "column type '\(type.text)' is not a Glue type: use string, bigint, double, boolean, timestamp, decimal(p,s), array<T>, map<K,V> or struct<name:T,...>"
                )
            }
        }
    }

    private func checkPrefixExpressions(_ scalar: StackNode.Scalar, key: String) {
        let prefix = FirehosePrefix(scalar.text)
        for expression in prefix.expressions {
            let location = scalar.textStart.advanced(by: expression.offset)
            let namespace = expression.namespace
            guard FirehosePrefix.namespaces.contains(namespace), !expression.value.isEmpty else {
                error(
                    location,
                    "\(key): !{\(expression.body)} is not a Firehose expression; use !{timestamp:yyyy-MM-dd}, !{firehose:random-string}, !{firehose:error-output-type} or !{partitionKeyFromQuery:KEY}\(Suggestion.didYouMean(namespace, in: FirehosePrefix.namespaces))"
                )
                continue
            }
            if namespace == "firehose", !FirehosePrefix.firehoseValues.contains(expression.value) {
                error(
                    location,
                    "\(key): !{firehose:\(expression.value)} is not known; Firehose has !{firehose:random-string} and !{firehose:error-output-type}"
                )
            }
        }
        if let offset = prefix.unclosedOffset {
            error(scalar.textStart.advanced(by: offset), "\(key): '!{' is not closed by '}'")
        }
    }

}

/// A delivery stream's references, buffering and partitioning.
extension StackValidator {
    func checkDeliveryStream(_ properties: StackNode.Mapping) {
        typealias Key = DeliveryStreamFields
        checkReferenceType(
            properties[Key.source]?.mapping?[Key.kinesisStream], expected: .kinesisStream)
        guard let s3 = properties[Key.s3]?.mapping else { return }
        checkReferenceType(s3[Key.S3.bucket], expected: .bucket)
        checkReferenceType(s3[Key.Backup.section]?.mapping?[Key.Backup.bucket], expected: .bucket)
        checkDeliveryExtras(properties, s3: s3)
        let conversion = s3.entry(Key.FormatConversion.section)
        let partitioning = s3.entry(Key.DynamicPartitioning.section)
        checkBuffering(s3, for: [conversion, partitioning].compactMap { $0 })
        if let conversion, let compression = known(s3, Key.S3.compression.field),
            compression != .none, let node = s3[Key.S3.compression]
        {
            error(
                node.location,
                "compression must be none with format_conversion: Parquet and ORC compress themselves (see \(conversion.key) at line \(conversion.keyLocation.line))"
            )
        }
        if let partitioning {
            checkPartitioning(partitioning, s3: s3)
        } else if let node = s3[Key.S3.prefix],
            !FirehosePrefix(node.scalar?.text ?? "").partitionKeysFromQuery.isEmpty
        {
            error(
                node.location,
                "prefix uses !{partitionKeyFromQuery:...} but dynamic_partitioning is not configured"
            )
        }
        if let entry = s3.entry(Key.S3.prefix),
            FirehosePrefix(entry.value.scalar?.text ?? "").hasExpressions,
            s3[Key.S3.errorOutputPrefix] == nil, partitioning == nil
        {
            error(
                entry.keyLocation,
                "a prefix with !{...} expressions needs 'error_output_prefix' as well (AWS requires it)"
            )
        }
    }

    /// Format conversion and dynamic partitioning need buffers of at least 64 MiB.
    func checkBuffering(_ s3: StackNode.Mapping, for features: [StackNode.Entry]) {
        typealias Key = DeliveryStreamFields.S3
        let buffering = s3[Key.buffering]?.mapping
        for feature in features {
            if buffering == nil {
                error(
                    feature.keyLocation,
                    "'\(feature.key)' needs 'buffering' with size_mb of at least 64 (AWS's minimum for it)"
                )
            } else if let size = known(buffering, Key.sizeMB), size < 64,
                let node = buffering?[Key.sizeMB]
            {
                error(
                    node.location,
                    "'\(Key.sizeMB.name)' must be at least 64 with \(feature.key), got \(size)")
            }
        }
    }

    /// Dynamic partitioning: a non-zero interval, an error prefix, and a prefix that uses the
    /// declared keys.
    func checkPartitioning(_ partitioning: StackNode.Entry, s3: StackNode.Mapping) {
        typealias Key = DeliveryStreamFields
        let buffering = s3[Key.S3.buffering]?.mapping
        if known(buffering, Key.S3.intervalSeconds) == 0,
            let node = buffering?[Key.S3.intervalSeconds]
        {
            error(
                node.location,
                "'\(Key.S3.intervalSeconds.name)' must be more than 0 with dynamic_partitioning")
        }
        if s3[Key.S3.errorOutputPrefix] == nil {
            error(partitioning.keyLocation, "dynamic_partitioning needs 'error_output_prefix'")
        }
        let declared =
            partitioning.value.mapping?[Key.DynamicPartitioning.partitionKeys]?.mapping?.entries
            .map(\.key) ?? []
        let usedKeys = FirehosePrefix(s3[Key.S3.prefix]?.scalar?.text ?? "")
            .partitionKeysFromQuery
        if usedKeys.isEmpty {
            error(
                s3.entry(Key.S3.prefix)?.keyLocation ?? partitioning.keyLocation,
                "dynamic_partitioning needs a 'prefix' that uses a partition key, such as !{partitionKeyFromQuery:\(declared.first ?? "KEY")}/"
            )
        }
        for key in usedKeys where !declared.contains(key) && !declared.isEmpty {
            error(
                s3[Key.S3.prefix]?.location ?? partitioning.keyLocation,
                "prefix uses partition key '\(key)', which partition_keys does not declare\(Suggestion.didYouMean(key, in: declared))"
            )
        }
    }
}
