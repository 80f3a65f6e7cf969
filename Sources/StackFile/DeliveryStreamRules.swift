import Foundation

/// Rules for what a delivery stream brings along (its Glue table, its prefixes, its policy),
/// each of which AWS would otherwise refuse mid-apply or accept and fail on later.
extension StackValidator {
    /// Firehose's `!{namespace:value}` expressions in S3 prefixes.
    static let prefixNamespaces = [
        "timestamp", "firehose", "partitionKeyFromQuery", "partitionKeyFromLambda",
    ]
    static let firehoseExpressions = ["random-string", "error-output-type"]

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
        if let scalar = s3[Key.S3.errorOutputPrefix]?.scalar, scalar.text.contains("!{"),
            !scalar.text.contains("!{firehose:error-output-type}")
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
        var rest = Substring(scalar.text)
        while let start = rest.range(of: "!{") {
            let offset = scalar.text.distance(from: scalar.text.startIndex, to: start.lowerBound)
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                error(scalar.textStart.advanced(by: offset), "\(key): '!{' is not closed by '}'")
                return
            }
            let expression = rest[start.upperBound..<end]
            rest = rest[rest.index(after: end)...]
            let parts = expression.split(separator: ":", maxSplits: 1).map(String.init)
            let namespace = parts.first ?? ""
            let value = parts.count > 1 ? parts[1] : ""
            guard Self.prefixNamespaces.contains(namespace), !value.isEmpty else {
                error(
                    scalar.textStart.advanced(by: offset),
                    "\(key): !{\(expression)} is not a Firehose expression; use !{timestamp:yyyy-MM-dd}, !{firehose:random-string}, !{firehose:error-output-type} or !{partitionKeyFromQuery:KEY}\(Suggestion.didYouMean(namespace, in: Self.prefixNamespaces))"
                )
                continue
            }
            if namespace == "firehose", !Self.firehoseExpressions.contains(value) {
                error(
                    scalar.textStart.advanced(by: offset),
                    "\(key): !{firehose:\(value)} is not known; Firehose has !{firehose:random-string} and !{firehose:error-output-type}"
                )
            }
        }
    }
}
