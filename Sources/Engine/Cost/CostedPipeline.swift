import Kinds
import Providers
import StackFile

extension CostEstimator.Pipeline {
    /// The pipeline before and after a plan: after, the stack's resources as declared; before,
    /// what AWS holds now.
    static func sides(of planned: PlannedStack) -> (before: Self, after: Self) {
        var before: [(id: String, spec: ResourceSpec)] = []
        var after: [(id: String, spec: ResourceSpec)] = []
        for resource in planned.plan.resources {
            if resource.action != .delete, let declared = planned.stack.resource(resource.id) {
                after.append((resource.id, declared.spec))
            }
            if resource.action != .create, let live = planned.live[resource.id] {
                before.append((resource.id, live.spec))
            }
        }
        return (Self(before), Self(after))
    }

    /// The parts of these resources that cost money: streams, and delivery streams with what
    /// they store in their buckets. Kinds the estimator does not price are left out.
    init(_ resources: [(id: String, spec: ResourceSpec)]) {
        var bucketIDs: [String: String] = [:]
        var lifecycles: [String: [BucketSpec.LifecycleRule]] = [:]
        for (id, spec) in resources where bucketIDs[spec.name] == nil {
            guard let bucket = BucketSpec(spec) else { continue }
            bucketIDs[spec.name] = id
            lifecycles[spec.name] = bucket.lifecycle
        }
        var streams: [Stream] = []
        var deliveries: [Delivery] = []
        var alarms: [String: Int] = [:]
        for (id, spec) in resources {
            if spec.type == .alarm {
                alarms[PipelineAlarms.watchedID(ofAlarm: id), default: 0] += 1
            }
            if let stream = KinesisStreamSpec(spec) {
                streams.append(
                    Stream(
                        id: id, name: stream.name, onDemand: stream.mode == .onDemand,
                        shards: stream.shards ?? 0))
            }
            if let delivery = DeliveryStreamSpec(spec) {
                let bucket = ARN(delivery.bucketARN)?.resourceName
                let backup = delivery.backup.map { backup in
                    Backup(
                        bucketID: (ARN(backup.bucketARN)?.resourceName).flatMap { bucketIDs[$0] },
                        buffering: backup.buffering)
                }
                deliveries.append(
                    Delivery(
                        id: id,
                        sourceStream: delivery.sourceStreamARN.flatMap(ARN.init)?.resourceName,
                        bucketID: bucket.flatMap { bucketIDs[$0] }, buffering: delivery.buffering,
                        formatConversion: delivery.formatConversion != nil,
                        dynamicPartitioning: delivery.dynamicPartitioning != nil,
                        keptDays: Self.keptDays(
                            lifecycles[bucket ?? ""] ?? [], prefix: delivery.prefix ?? ""),
                        backup: backup, transformation: delivery.transformation?.lambdaARN))
            }
        }
        self.init(streams: streams, deliveries: deliveries, alarms: alarms)
    }

    /// The soonest expiry among the rules that cover every key under `prefix` (a rule's
    /// prefix that the delivery prefix starts with).
    static func keptDays(_ rules: [BucketSpec.LifecycleRule], prefix: String) -> Int? {
        rules.filter { prefix.hasPrefix($0.prefix ?? "") }.compactMap(\.expireAfterDays).min()
    }
}
