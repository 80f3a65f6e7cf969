import AWS
import Kinds
import Providers
import StackFile

/// Warns before apply when the plan would open more Kinesis shards (or on-demand streams)
/// than the account's quota in the region allows: AWS would refuse the create or reshard
/// with LimitExceededException halfway through the apply.
struct ShardQuotaCheck {
    let providers: any ResourceCatalog

    func warnings(planned: [PlannedResource], stack: ResolvedStack, live: [String: LiveResource])
        async throws -> [String]
    {
        var addedShards = 0
        var shortLived = false
        var addedOnDemand = 0
        for resource in planned where [.create, .update, .replace].contains(resource.action) {
            guard let desired = KinesisStreamSpec(stack.resource(resource.id)?.spec) else {
                continue
            }
            var before: KinesisStreamSpec?
            if resource.action == .update,
                let current = KinesisStreamSpec(live[resource.id]?.spec)
            {
                before = current
            }
            let target = desired.shards ?? 0
            if let shards = before?.shards, before?.mode == .provisioned,
                desired.mode == .provisioned
            {
                let peak = KinesisStreamProvider.peakShards(from: shards, to: target)
                shortLived = shortLived || peak > max(shards, target)
                addedShards += max(0, peak - shards)
            } else {
                addedShards += max(0, target - (before?.shards ?? 0))
            }
            if desired.mode == .onDemand && before?.mode != .onDemand { addedOnDemand += 1 }
        }
        guard addedShards > 0 || addedOnDemand > 0 else { return [] }
        guard let limits = try await providers.kinesisLimits() else { return [] }
        let region = stack.context.region
        var warnings: [String] = []
        if limits.openShardCount + addedShards > limits.shardLimit {
            warnings.append(
                "this plan opens \(addedShards) shard\(addedShards == 1 ? "" : "s")\(shortLived ? " (counting the short-lived shards a reshard opens on its way)" : ""), but the account has \(limits.openShardCount) of its \(limits.shardLimit)-shard Kinesis quota in \(region) open: AWS will refuse with LimitExceededException. Lower the shard counts or ask for a quota increase first."
            )
        }
        if let count = limits.onDemandStreamCount, let limit = limits.onDemandStreamCountLimit,
            count + addedOnDemand > limit
        {
            warnings.append(
                "this plan adds \(addedOnDemand) on-demand stream\(addedOnDemand == 1 ? "" : "s"), but the account has \(count) of its \(limit) in \(region): AWS will refuse with LimitExceededException."
            )
        }
        return warnings
    }
}
