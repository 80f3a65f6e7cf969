import AWS
import Foundation
import Providers
import StackFile

/// `kinesis.stream`: mode, shards (in steps AWS allows), retention, KMS encryption, tags.
public struct KinesisStreamProvider: ResourceProvider {
    public let kinesis: KinesisClient
    public let waiter: Waiter

    /// How the stack's streams are found besides the tagging API.
    public let discovery: StreamDiscovery
    /// Kinesis refuses a sixth stream in CREATING: this run's creates wait for a permit.
    let creating = Permits(5)
    /// The tagging API's view, taken for the tags when it agrees with the file.
    let tagged: TaggedResources?

    public init(
        kinesis: KinesisClient, waiter: Waiter = Waiter(), discovery: StreamDiscovery = .taggingAPI,
        tagged: TaggedResources? = nil
    ) {
        self.kinesis = kinesis
        self.waiter = waiter
        self.discovery = discovery
        self.tagged = tagged
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var taggingAPIType: String? { "kinesis:stream" }

    public func name(taggedAs arn: ARN) -> String? {
        guard arn.service == "kinesis", arn.resource.hasPrefix("stream/"),
            !arn.resource.contains("/consumer/")
        else { return nil }
        return String(arn.resource.dropFirst("stream/".count))
    }

    /// With `scan`, every stream of the region not declared (the plan reads those anyway) is
    /// asked for its tags.
    public func listOwned(_ search: OwnedSearch) async throws -> [String] {
        guard discovery == .scan else { return [] }
        let declared = Set(search.declared.compactMap { $0.type == type ? $0.spec.name : nil })
        let names = try await kinesis.listStreams().filter { !declared.contains($0) }
        let kinesis = self.kinesis
        return try await withThrowingTaskGroup(of: String?.self) { group in
            for name in names {
                group.addTask {
                    do {
                        return try await kinesis.listTags(stream: name)[Ownership.tagKey]
                            == search.stack ? name : nil
                    } catch let error as AWSError where error.isNotFound {
                        return nil  // deleted meanwhile
                    }
                }
            }
            var owned: [String] = []
            for try await name in group { if let name { owned.append(name) } }
            return owned.sorted()
        }
    }

    public var replacingAttributes: Set<String> { [] }

    public func attributes(of stream: KinesisStreamSpec) -> Attributes {
        typealias Key = KinesisStreamFields
        var attributes = Attributes(name: stream.name)
        attributes.add(keyPath(Key.mode), stream.mode)
        attributes.add(keyPath(Key.shards), stream.shards)
        attributes.add(keyPath(Key.retentionHours), stream.retentionHours)
        attributes.add(keyPath(Key.encryption, Key.kmsKeyID), stream.kmsKeyID)
        attributes.addTags(stream.tags)
        return attributes
    }

    /// The summary, with the tags from the tagging API's one call when they are the file's;
    /// ListTagsForStream (five a second per account) only where they are not.
    public func read(_ desired: KinesisStreamSpec) async throws -> LiveResource? {
        guard let tagged else { return try await read(name: desired.name) }
        guard
            let read = try await tagged.describe(
                desired.name, expecting: desired.tags, named: name(taggedAs:),
                describe: { try await summary(desired.name) },
                ownTags: { try await tags(desired.name) })
        else { return nil }
        return Self.live(read.description, tags: read.tags)
    }

    public func read(name: String) async throws -> LiveResource? {
        // Both calls need only the name: one round trip instead of two.
        async let tagsRead = tags(name)
        guard let summary = try await summary(name) else {
            _ = try? await tagsRead
            return nil
        }
        // nil: deleted between the two calls.
        guard let tags = try await tagsRead else { return nil }
        return Self.live(summary, tags: tags)
    }

    public func creationDate(name: String) async throws -> Date? {
        try await summary(name)?.streamCreationTimestamp.map(Date.init(timeIntervalSince1970:))
    }

    /// The stream's tags; nil when there is no such stream.
    func tags(_ name: String) async throws -> [String: String]? {
        try await nilIfNotFound { try await kinesis.listTags(stream: name) }
    }

    /// The stream's summary alone (what waiters poll: ListTagsForStream allows five calls a
    /// second per account); nil when there is none.
    func summary(_ name: String) async throws -> KinesisClient.StreamSummary? {
        try await nilIfNotFound { try await kinesis.describeStreamSummary(name: name) }
    }

    static func live(_ summary: KinesisClient.StreamSummary, tags: [String: String]) -> LiveResource
    {
        LiveResource(
            spec: spec(of: summary, tags: tags).resourceSpec, owner: tags[Ownership.tagKey],
            arn: ARN(summary.streamARN), status: summary.status)
    }

    /// The stream Kinesis describes, in the stack's terms.
    static func spec(of summary: KinesisClient.StreamSummary, tags: [String: String])
        -> KinesisStreamSpec
    {
        let onDemand = summary.streamModeDetails?.streamMode == StreamMode.onDemand.awsName
        var spec = KinesisStreamSpec(
            name: summary.streamName, mode: onDemand ? .onDemand : .provisioned,
            shards: onDemand ? nil : summary.openShardCount,
            retentionHours: summary.retentionPeriodHours,
            kmsKeyID: summary.encryptionType == "KMS" ? summary.keyId : nil, tags: tags)
        spec.unmodelled.keptByApply = unmodelled(summary)
        return spec
    }

    /// What the summary reports that no call of streamstack's changes.
    static func unmodelled(_ summary: KinesisClient.StreamSummary) -> [String: String] {
        var kept: [String: String] = [:]
        let metrics = (summary.enhancedMonitoring ?? []).flatMap { $0.shardLevelMetrics ?? [] }
        if !metrics.isEmpty {
            kept["EnhancedMonitoring"] = metrics.sorted().joined(separator: ", ")
        }
        if let consumers = summary.consumerCount, consumers > 0 {
            kept["ConsumerCount"] = String(consumers)
        }
        // Kinesis's documented default record size limit.
        if let size = summary.maxRecordSizeInKiB, size != 1024 {
            kept["MaxRecordSizeInKiB"] = String(size)
        }
        return kept
    }

    public func create(_ stream: KinesisStreamSpec, progress: ProgressReporter) async throws {
        // A stream of this name still being deleted keeps the name until it is gone.
        if try await summary(stream.name)?.status == .deleting {
            try await waitUntilGone(stream.name, progress: progress)
        }
        // At most five of this run's streams are CREATING at once; streams someone else is
        // creating meanwhile are waited for when AWS says so.
        let active = try await creating.holding {
            // CreateStream carries the tags: AWS refuses every tag call until it is ACTIVE.
            do {
                let afterLostAnswer = try await waiter.retry(
                    "other streams of the account to finish CREATING (Kinesis creates five at once)",
                    for: waiter.timeout, progress: progress, while: \.isCreatingLimit
                ) {
                    try await kinesis.createStream(
                        name: stream.name,
                        shardCount: stream.mode == .provisioned ? stream.shards : nil,
                        mode: stream.mode.awsName, tags: stream.tags)
                }
                if afterLostAnswer { throw LostAnswerClaim.unproven("stream", stream.name) }
            } catch let refusal as AWSError {
                throw CreateRefused(refusal)
            }
            return try await waitUntilActive(stream.name, progress: progress)
        }
        // Once ACTIVE, what CreateStream cannot set (retention, encryption) and any tag the
        // service did not keep are an update of the new stream.
        let tags = try await kinesis.listTags(stream: stream.name)
        let live = Self.live(active, tags: tags)
        try await update(
            stream, from: Self.spec(of: active, tags: tags), live: live, progress: progress)
    }

    public func update(
        _ desired: KinesisStreamSpec, from current: KinesisStreamSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        var current = current
        var arn = try live.requiredARN().description
        // No change is accepted until the stream is ACTIVE.
        if live.status != .ready {
            arn = try await waitUntilActive(desired.name, progress: progress).streamARN
        }
        if desired.mode != current.mode {
            try await kinesis.updateStreamMode(
                streamARN: arn, mode: desired.mode.awsName)
            let summary = try await waitUntilActive(desired.name, progress: progress)
            current = Self.spec(of: summary, tags: current.tags)
        }
        if desired.mode == .provisioned, let target = desired.shards, let shards = current.shards,
            shards != target
        {
            var count = shards
            for step in Self.shardSteps(from: shards, to: target) {
                progress.note(
                    "resharding \(desired.name) from \(count) shard\(count == 1 ? "" : "s") to \(step) shard\(step == 1 ? "" : "s")"
                )
                try await kinesis.updateShardCount(stream: desired.name, target: step)
                _ = try await waitUntilActive(desired.name, progress: progress)
                count = step
            }
        }
        if desired.retentionHours > current.retentionHours {
            try await kinesis.increaseRetention(stream: desired.name, hours: desired.retentionHours)
            _ = try await waitUntilActive(desired.name, progress: progress)
        } else if desired.retentionHours < current.retentionHours {
            try await kinesis.decreaseRetention(stream: desired.name, hours: desired.retentionHours)
            _ = try await waitUntilActive(desired.name, progress: progress)
        }
        if desired.kmsKeyID != current.kmsKeyID {
            if let key = desired.kmsKeyID {
                // StartStreamEncryption "enables or updates" encryption: a new key takes one
                // call, and no record is written unencrypted in between.
                try await kinesis.startEncryption(stream: desired.name, keyID: key)
            } else if let old = current.kmsKeyID {
                try await kinesis.stopEncryption(stream: desired.name, keyID: old)
            }
            _ = try await waitUntilActive(desired.name, progress: progress)
        }
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await kinesis.addTags(stream: desired.name, tags: $0) },
            untag: { try await kinesis.removeTags(stream: desired.name, keys: $0) })
    }

    public func delete(
        _ stream: KinesisStreamSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        let name = stream.name
        while true {
            // AWS deletes only an ACTIVE stream; one already DELETING needs only waiting for.
            guard let summary = try await summary(name) else { return }
            if summary.status == .deleting { break }
            if summary.status != .ready {
                _ = try await waitUntilActive(name, progress: progress)
            }
            do {
                try await kinesis.deleteStream(
                    name: name, enforceConsumerDeletion: stream.enforceConsumerDeletion)
                break
            } catch let error as AWSError where error.isNotFound {
                return
            } catch let error as AWSError where error.isInUse {
                // Either the stream left ACTIVE meanwhile (go round again) or consumers hold it.
                guard let again = try await self.summary(name) else { return }
                if again.status != .ready { continue }
                let consumers = try await kinesis.listConsumers(streamARN: again.streamARN)
                guard !consumers.isEmpty else { throw error }
                throw ProviderFailure.conflict(
                    "stream \(name) has registered consumers (\(consumers.joined(separator: ", "))), so it was not deleted; deregister them, or set enforce_consumer_deletion: true on the stream to delete them with it"
                )
            }
        }
        try await waitUntilGone(name, progress: progress)
    }

    func waitUntilActive(_ name: String, progress: ProgressReporter) async throws
        -> KinesisClient.StreamSummary
    {
        try await waiter.wait(for: "stream \(name) to become ACTIVE", progress: progress) {
            guard let summary = try await summary(name) else {
                throw ProviderFailure.conflict(
                    "stream \(name) disappeared while streamstack was waiting for it")
            }
            if summary.status == .deleting {
                throw ProviderFailure.conflict(
                    "stream \(name) is being deleted (by someone else?) while streamstack was waiting for it"
                )
            }
            return summary.status == .ready ? summary : nil
        }
    }

    func waitUntilGone(_ name: String, progress: ProgressReporter) async throws {
        _ = try await waiter.wait(for: "stream \(name) to be deleted", progress: progress) {
            try await summary(name) == nil ? true : nil
        }
    }

    /// UpdateShardCount may scale a stream at most ten times in a rolling 24 hours (botocore's
    /// kinesis model, UpdateShardCount's default limits).
    public static let reshardsPerDay = 10

    /// A reshard that needs more calls than AWS takes in a day stops halfway: said before
    /// apply, with where it would stop.
    public func warnings(for desired: KinesisStreamSpec, current: KinesisStreamSpec?) -> [String] {
        guard desired.mode == .provisioned, let target = desired.shards,
            let current, current.mode == .provisioned, let shards = current.shards
        else { return [] }
        let steps = Self.shardSteps(from: shards, to: target)
        guard steps.count > Self.reshardsPerDay else { return [] }
        return [
            "resharding stream \(desired.name) from \(shards) to \(target) shards takes \(steps.count) UpdateShardCount calls (each at most doubles or halves the count), and AWS allows \(Self.reshardsPerDay) a stream in any 24 hours: apply would stop at \(steps[Self.reshardsPerDay - 1]) shards with LimitExceededException. Apply \(steps[Self.reshardsPerDay - 1]) shards today and the rest tomorrow, or recreate the stream."
        ]
    }

    /// The most shards a reshard may hold open at once on its way: Kinesis splits and merges
    /// shards to reach each step's count, and the short-lived shards this opens count towards
    /// the account's quota (botocore's kinesis model, UpdateShardCount). An exact doubling
    /// splits each shard once and an exact halving merges pairs, so those steps hold no more
    /// than their larger count; any other step is counted as its old and new shards together,
    /// the bound when each old shard is split or merged once.
    public static func peakShards(from current: Int, to target: Int) -> Int {
        var peak = max(current, target)
        var count = current
        for step in shardSteps(from: current, to: target) {
            let exact = step == count * 2 || count == step * 2
            peak = max(peak, exact ? max(count, step) : count + step)
            count = step
        }
        return peak
    }

    /// UpdateShardCount moves at most to double or half the current count per call.
    public static func shardSteps(from current: Int, to target: Int) -> [Int] {
        var steps: [Int] = []
        var count = current
        while count != target {
            count = target > count ? min(target, count * 2) : max(target, (count + 1) / 2)
            steps.append(count)
        }
        return steps
    }
}

extension KinesisClient.StreamSummary {
    var status: ResourceStatus { ResourceStatus(aws: streamStatus) }
}
