import StackFile

/// What a delivery stream brings along, as resources of the plan with ids of their own
/// (`ID.log_group`, `ID.glue_database`, `ID.glue_table`): tagged, read, diffed, adopted and
/// pruned like any other, and untouched when the delivery stream is replaced.
enum Satellites {
    /// The satellites of one delivery stream, each depending on what it needs.
    static func of(
        _ delivery: DeliveryStreamSpec, id: String, tags: [String: String], location: SourceLocation
    ) -> [ResolvedResource] {
        func tagged(_ suffix: String) -> [String: String] {
            tags.merging([Ownership.idTagKey: "\(id).\(suffix)"]) { $1 }
        }
        var resources: [ResolvedResource] = []
        if let logging = delivery.logging, logging.enabled {
            resources.append(
                ResolvedResource(
                    id: "\(id).log_group", type: .logGroup,
                    spec: LogGroupSpec(
                        name: logging.logGroup, logStreams: [logging.logStream],
                        tags: tagged("log_group")
                    ).resourceSpec,
                    dependencies: [], location: location, attributes: ["name": logging.logGroup]))
        }
        if let conversion = delivery.formatConversion {
            resources.append(
                ResolvedResource(
                    id: "\(id).glue_database", type: .glueDatabase,
                    spec: GlueDatabaseSpec(
                        name: conversion.database, tags: tagged("glue_database")
                    ).resourceSpec,
                    dependencies: [], location: location,
                    attributes: ["name": conversion.database]))
            let table = table(for: delivery, conversion: conversion, tags: tagged("glue_table"))
            resources.append(
                ResolvedResource(
                    id: "\(id).glue_table", type: .glueTable, spec: table.resourceSpec,
                    dependencies: ["\(id).glue_database"], location: location,
                    attributes: ["name": conversion.table]))
        }
        return resources
    }

    /// The table Athena reads the landed objects with: rooted at the prefix's fixed part, one
    /// partition column per `name=!{...}` segment after it, projected so that no partition has
    /// to be registered.
    static func table(
        for delivery: DeliveryStreamSpec, conversion: DeliveryStreamSpec.FormatConversion,
        tags: [String: String]
    ) -> GlueTableSpec {
        let bucket = ARN(delivery.bucketARN)?.resourceName ?? ""
        let prefix = delivery.prefix ?? ""
        let fixed = FirehosePrefix(prefix).folder
        var partitionKeys: [DeliveryStreamSpec.Column] = []
        var projection: [String: String] = [:]
        var template = "s3://\(bucket)/\(fixed)"
        let segments = prefix.dropFirst(fixed.count).split(separator: "/").map(String.init)
        for segment in segments {
            guard let equals = segment.firstIndex(of: "="),
                segment[segment.index(after: equals)...].hasPrefix("!{"),
                segment.hasSuffix("}")
            else {
                // A partition that is not `name=value` cannot be named: no projection.
                partitionKeys = []
                projection = [:]
                break
            }
            let name = String(segment[..<equals]).lowercased()
            let expression = segment[
                segment.index(equals, offsetBy: 3)..<segment.index(before: segment.endIndex)]
            partitionKeys.append(DeliveryStreamSpec.Column(name: name, type: "string"))
            if expression.hasPrefix("timestamp:") {
                projection["projection.\(name).type"] = "date"
                projection["projection.\(name).format"] = String(
                    expression.dropFirst("timestamp:".count))
                projection["projection.\(name).range"] = "NOW-5YEARS,NOW"
            } else {
                projection["projection.\(name).type"] = "injected"
            }
            template += "\(name)=${\(name)}/"
        }
        if !partitionKeys.isEmpty {
            projection["projection.enabled"] = "true"
            projection["storage.location.template"] = template
        }
        return GlueTableSpec(
            database: conversion.database, table: conversion.table, columns: conversion.columns,
            partitionKeys: partitionKeys, location: "s3://\(bucket)/\(fixed)",
            format: conversion.outputFormat.rawValue, projection: projection,
            // Parameters are the table's own vocabulary: only the ownership keys go there.
            tags: tags.filter { $0.key.hasPrefix("streamstack:") })
    }
}
