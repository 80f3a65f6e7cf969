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

    /// The parts of these resources that cost money; types that cost nothing to keep are left
    /// out.
    init(_ resources: [(id: String, spec: ResourceSpec)]) {
        var bucketIDs: [String: String] = [:]
        for (id, spec) in resources where spec.type == .bucket && bucketIDs[spec.name] == nil {
            bucketIDs[spec.name] = id
        }
        var streams: [Stream] = []
        var deliveries: [Delivery] = []
        for (id, spec) in resources {
            switch spec {
            case .kinesisStream(let stream):
                streams.append(
                    Stream(
                        id: id, name: stream.name, onDemand: stream.mode == .onDemand,
                        shards: stream.shards ?? 0))
            case .deliveryStream(let delivery):
                let bucket = ARN(delivery.bucketARN)?.resourceName
                deliveries.append(
                    Delivery(
                        id: id,
                        sourceStream: delivery.sourceStreamARN.flatMap(ARN.init)?.resourceName,
                        bucketID: bucket.flatMap { bucketIDs[$0] }, buffering: delivery.buffering,
                        formatConversion: delivery.formatConversion != nil,
                        dynamicPartitioning: delivery.dynamicPartitioning != nil))
            case .bucket, .role, .logGroup, .glueDatabase, .glueTable: break
            }
        }
        self.init(streams: streams, deliveries: deliveries)
    }
}
