import Providers
import StackFile

extension CostEstimator.Pipeline {
    /// The pipeline before and after a plan: after, the stack's resources as declared; before,
    /// what AWS holds (the plan's old values over the declared ones; nothing for creates).
    static func sides(of plan: Plan, stack: ResolvedStack, providers: any ResourceCatalog) -> (
        before: Self, after: Self
    ) {
        var declared: [String: Attributes] = [:]
        for resource in stack.resources {
            declared[resource.id] = providers.provider(for: resource.spec).attributes(
                of: resource.spec)
        }
        var before: [(id: String, type: ResourceType, attributes: Attributes)] = []
        var after: [(id: String, type: ResourceType, attributes: Attributes)] = []
        for planned in plan.resources {
            let desired = declared[planned.id] ?? []
            if planned.action != .delete {
                after.append((planned.id, planned.type, desired))
            }
            guard planned.action != .create else { continue }
            var old = planned.action == .delete ? [] : desired
            for change in planned.changes {
                old.removeAll { $0.key == change.key }
                if let value = change.old { old.append((change.key, value)) }
            }
            before.append((planned.id, planned.type, old))
        }
        return (Self(before), Self(after))
    }

    /// From resources' plan attributes (a value the attributes lack counts as 0, adding no
    /// cost); types that cost nothing to keep are left out.
    init(_ resources: [(id: String, type: ResourceType, attributes: Attributes)]) {
        func text(_ attributes: Attributes, _ key: String) -> String? {
            if case .string(let value)? = attributes[key] { return value }
            return nil
        }
        func number(_ attributes: Attributes, _ key: String) -> Int? {
            if case .number(let value)? = attributes[key] { return value }
            return nil
        }
        let bucketIDs = Dictionary(
            resources.filter { $0.type == .bucket }.compactMap { resource in
                text(resource.attributes, "name").map { ($0, resource.id) }
            }, uniquingKeysWith: { first, _ in first })
        var streams: [Stream] = []
        var deliveries: [Delivery] = []
        for resource in resources {
            let attributes = resource.attributes
            switch resource.type {
            case .kinesisStream:
                streams.append(
                    Stream(
                        id: resource.id, name: text(attributes, "name") ?? resource.id,
                        onDemand: text(attributes, "mode")
                            == KinesisStreamSpec.Mode.onDemand.rawValue,
                        shards: number(attributes, "shards") ?? 0))
            case .deliveryStream:
                let source = text(attributes, "source.kinesis_stream").flatMap(ARN.init)?
                    .resourceName
                let bucket = text(attributes, "s3.bucket").flatMap(ARN.init)?.resourceName
                deliveries.append(
                    Delivery(
                        id: resource.id, sourceStream: source,
                        bucketID: bucket.flatMap { bucketIDs[$0] },
                        bufferIntervalSeconds: number(attributes, "s3.buffering.interval_seconds")
                            ?? 0,
                        bufferSizeMB: number(attributes, "s3.buffering.size_mb") ?? 0,
                        formatConversion: attributes["s3.format_conversion.output_format"] != nil,
                        dynamicPartitioning: attributes["s3.dynamic_partitioning"] == .bool(true)))
            case .bucket, .role, .logGroup, .glueDatabase, .glueTable: break
            }
        }
        self.init(streams: streams, deliveries: deliveries)
    }
}
