import AWS
import Foundation
import Synchronization

/// The proxy's real-AWS mode: moto answers at once, fills in no states and enforces few limits;
/// AWS does not. These rules make moto behave as AWS documents it, so that code shaped around
/// moto's leniency fails here as it would on AWS. Each rule names its source. Durations are
/// scaled down to seconds.
public final class RealAWSBehaviour: @unchecked Sendable {
    public struct Timings: Sendable {
        /// How long a new stream stays CREATING, an updated one UPDATING, a deleted one DELETING.
        public var streamCreating: Duration = .milliseconds(1500)
        public var streamUpdating: Duration = .milliseconds(700)
        public var streamDeleting: Duration = .milliseconds(1000)
        public var deliveryCreating: Duration = .milliseconds(1500)
        public var deliveryDeleting: Duration = .milliseconds(1000)
        /// How long after a role change Firehose cannot assume the role yet.
        public var rolePropagation: Duration = .milliseconds(1500)
        /// How long a deleted bucket's name answers OperationAborted.
        public var bucketNameReuse: Duration = .milliseconds(1500)
        /// How long after CreateBucket its configuration calls may answer NoSuchBucket.
        public var bucketPropagation: Duration = .milliseconds(400)
        /// How long the tagging API takes to show a new stream or delivery stream, or a change
        /// of its tags (until then: not listed, or listed with the old tags).
        public var taggingLag: Duration = .milliseconds(1000)
        public init() {}

        /// Every duration multiplied by `factor` (the benchmarks play AWS's real scale).
        public func scaled(_ factor: Double) -> Timings {
            var copy = self
            for path: WritableKeyPath<Timings, Duration> in [
                \.streamCreating, \.streamUpdating, \.streamDeleting, \.deliveryCreating,
                \.deliveryDeleting, \.rolePropagation, \.bucketNameReuse, \.bucketPropagation,
                \.taggingLag,
            ] {
                copy[keyPath: path] = copy[keyPath: path] * factor
            }
            return copy
        }
    }

    /// Switches a test turns on to see failures AWS can report.
    public struct Switches: Sendable {
        /// While set, no CREATING, UPDATING or DELETING of a stream (or of a delivery stream)
        /// ends: a test decides when AWS is done.
        public var holdStreams = false
        public var holdDeliveryStreams = false
        /// While set, the tagging API shows no new stream or delivery stream and no tag change
        /// of one (its eventual consistency, held until the test lets it catch up).
        public var holdTagging = false
        /// Delivery streams created from now on end in CREATING_FAILED.
        public var failDeliveryCreates = false
        /// Delivery streams deleted from now on end in DELETING_FAILED.
        public var failDeliveryDeletes = false
        /// The account's open shard quota (Kinesis DescribeLimits' ShardLimit), when set.
        public var shardLimit: Int?
        /// Per-account rate limits; off for tests that count calls precisely.
        public var rateLimits = true
        /// A deleted bucket's name also answers OperationAborted to this many CreateBucket
        /// calls, however late they come (a test cannot time a busy machine).
        public var bucketNameRefusals = 0
        /// Buckets that another account owns: made in moto by the test (as a squatter would,
        /// open to all), but this account's calls see them as AWS shows them to it.
        public var foreignBuckets: Set<String> = []
        public init() {}
    }

    public let timings: Timings
    private let server: MotoServer
    private let state = Mutex(State())

    private struct Transition {
        var status: String
        var until: ContinuousClock.Instant
        /// A delete held back until the DELETING time is over, then sent to moto.
        var deferredDelete: Data?
        /// What the transition ends in, when not ACTIVE (CREATING_FAILED, DELETING_FAILED).
        var failure: String?
    }

    private struct RoleChange {
        enum Kind { case trust, permissions }
        var kind: Kind
        var at: ContinuousClock.Instant
    }

    /// What the tagging API still shows of a resource whose tags changed lately.
    private struct TaggingView {
        /// nil: not listed yet (created lately); otherwise the tags it still shows.
        var shown: [String: String]?
        var until: ContinuousClock.Instant
    }

    private struct State {
        var switches = Switches()
        /// `service/region/name` of streams and delivery streams → what the tagging API shows.
        var taggingViews: [String: TaggingView] = [:]
        /// `region/name` → the state AWS would report.
        var streams: [String: Transition] = [:]
        var deliveryStreams: [String: Transition] = [:]
        /// Role name → its latest change.
        var roleChanges: [String: RoleChange] = [:]
        /// Roles whose trust policy asks for `aws:MultiFactorAuthPresent`.
        var rolesNeedingMFA: Set<String> = []
        var deletedBuckets: [String: ContinuousClock.Instant] = [:]
        var heldBucketNames: [String: Int] = [:]
        var createdBuckets: [String: ContinuousClock.Instant] = [:]
        /// `region/operation` → times of recent calls.
        var calls: [String: [ContinuousClock.Instant]] = [:]
        /// `region/name` → times a stream was resharded.
        var reshards: [String: [ContinuousClock.Instant]] = [:]
        /// Answers the rules gave instead of moto, by error code.
        var refusals: [String] = []
    }

    public init(server: MotoServer, timings: Timings = Timings()) {
        self.server = server
        self.timings = timings
        // Transitions end on time even when no request comes; the thread ends with this object.
        let ticker = Thread { [weak self] in
            while let behaviour = self {
                behaviour.settle()
                usleep(100_000)
            }
        }
        ticker.start()
    }

    public func set(_ change: (inout Switches) -> Void) {
        state.withLock { change(&$0.switches) }
    }

    /// The error codes the rules answered with so far, in order.
    public var refusals: [String] { state.withLock { $0.refusals } }

    // MARK: Dispatch

    func answer(_ request: FaultProxy.Request, raw: Data, forward: (Data) -> Data?)
        -> Data?
    {
        settle()
        let scope = Self.credentialScope(request)
        switch scope.service {
        case "kinesis": return kinesis(request, raw: raw, region: scope.region, forward: forward)
        case "firehose": return firehose(request, raw: raw, region: scope.region, forward: forward)
        case "iam": return iam(request, raw: raw, forward: forward)
        case "sts": return sts(request, raw: raw, forward: forward)
        case "s3": return s3(request, raw: raw, region: scope.region, forward: forward)
        case "glue": return glue(request, raw: raw, forward: forward)
        case "tagging":
            return tagging(request, raw: raw, forward: forward)
        default: return forward(raw)
        }
    }

    /// Service and region from the Authorization header's credential scope.
    static func credentialScope(_ request: FaultProxy.Request) -> (service: String, region: String)
    {
        guard let authorization = request.headers["authorization"],
            let range = authorization.range(of: "Credential=")
        else { return ("", "") }
        let parts = authorization[range.upperBound...].prefix { $0 != "," }.split(separator: "/")
        guard parts.count >= 5 else { return ("", "") }
        return (String(parts[3]), String(parts[2]))
    }

    private func refuse(_ code: String, _ answer: Data) -> Data {
        state.withLock { $0.refusals.append(code) }
        return answer
    }

    /// Ends transitions whose time is over: CREATING and UPDATING become ACTIVE (or FAILED),
    /// DELETING sends the held-back delete to moto.
    private func settle() {
        let now = ContinuousClock.now
        let due = state.withLock { state -> [Data] in
            var due: [Data] = []
            func advance(_ table: inout [String: Transition]) {
                for (key, transition) in table where transition.until <= now {
                    if let failure = transition.failure {
                        table[key]?.status = failure
                        table[key]?.until = .now + .seconds(1_000_000)
                        table[key]?.deferredDelete = nil
                        continue
                    }
                    if let delete = transition.deferredDelete { due.append(delete) }
                    table[key] = nil
                }
            }
            if !state.switches.holdStreams { advance(&state.streams) }
            if !state.switches.holdDeliveryStreams { advance(&state.deliveryStreams) }
            return due
        }
        for delete in due { _ = RawHTTP.exchange(delete, port: server.endpoint.port ?? 80) }
    }

    private func admitted(_ operation: String, region: String) -> Bool {
        // Per-account rates that botocore's kinesis and firehose models state in each
        // operation's documentation ("a limit of five transactions per second per account").
        let limits = [
            "ListTagsForStream": 5, "ListStreams": 5, "AddTagsToStream": 5,
            "RemoveTagsFromStream": 5, "CreateStream": 5, "DeleteStream": 5,
            "DescribeStreamSummary": 20, "DescribeLimits": 1,
            "ListTagsForDeliveryStream": 5, "TagDeliveryStream": 5, "UntagDeliveryStream": 5,
        ]
        guard let limit = limits[operation] else { return true }
        let now = ContinuousClock.now
        return state.withLock { state in
            guard state.switches.rateLimits else { return true }
            let key = "\(region)/\(operation)"
            var recent = (state.calls[key] ?? []).filter { now - $0 < .seconds(1) }
            guard recent.count < limit else {
                state.calls[key] = recent
                return false
            }
            recent.append(now)
            state.calls[key] = recent
            return true
        }
    }

    // MARK: Tagging API

    /// GetResources as AWS answers it: the caller's account's resources only, and eventually
    /// consistent ("Tag Editor and the Resource Groups Tagging API may take several minutes to
    /// show a resource or a change of its tags": the Tagging API reference's GetResources
    /// notes, and the Resource Groups user guide): a stream or delivery stream created or
    /// retagged within `taggingLag` is missing, or shows its old tags.
    private func tagging(_ request: FaultProxy.Request, raw: Data, forward: (Data) -> Data?)
        -> Data?
    {
        let foreign = state.withLock { $0.switches.foreignBuckets }
        guard let answer = forward(raw) else { return nil }
        let now = ContinuousClock.now
        let views = state.withLock { state in
            if !state.switches.holdTagging {
                state.taggingViews = state.taggingViews.filter { $0.value.until > now }
            }
            return state.taggingViews
        }
        guard !foreign.isEmpty || !views.isEmpty else { return answer }
        let filters = (Self.jsonBody(request)["TagFilters"] as? [[String: Any]]) ?? []
        func matches(_ tags: [String: String]) -> Bool {
            filters.allSatisfy { filter in
                guard let key = filter["Key"] as? String, let value = tags[key] else {
                    return false
                }
                let values = filter["Values"] as? [String] ?? []
                return values.isEmpty || values.contains(value)
            }
        }
        return Self.rewriteJSON(answer) { body in
            let mappings = body["ResourceTagMappingList"] as? [[String: Any]] ?? []
            body["ResourceTagMappingList"] = mappings.compactMap { mapping -> [String: Any]? in
                let arn = mapping["ResourceARN"] as? String ?? ""
                if foreign.contains(where: { "arn:aws:s3:::\($0)" == arn }) { return nil }
                guard let key = Self.taggingKey(arn), let view = views[key] else { return mapping }
                guard let shown = view.shown, matches(shown) else { return nil }
                var stale = mapping
                stale["Tags"] = shown.sorted { $0.key < $1.key }.map {
                    ["Key": $0.key, "Value": $0.value]
                }
                return stale
            }
        }
    }

    /// `service/region/name` of a stream's or delivery stream's ARN.
    static func taggingKey(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        let resource = parts[5]
        switch parts[2] {
        case "kinesis" where resource.hasPrefix("stream/") && !resource.contains("/consumer/"):
            return "kinesis/\(parts[3])/\(resource.dropFirst("stream/".count))"
        case "firehose" where resource.hasPrefix("deliverystream/"):
            return "firehose/\(parts[3])/\(resource.dropFirst("deliverystream/".count))"
        default: return nil
        }
    }

    /// The tagging API goes on showing `shown` (nil: nothing) for `taggingLag`; a view already
    /// lagging keeps what it showed.
    private func lagTagging(_ key: String, showing shown: [String: String]?) {
        let until = ContinuousClock.now + timings.taggingLag
        state.withLock { state in
            let kept = state.taggingViews[key].map { $0.shown } ?? shown
            state.taggingViews[key] = TaggingView(shown: kept, until: until)
        }
    }

    // MARK: Kinesis

    /// botocore's kinesis model, UpdateShardCount's default limits: no more than ten scalings
    /// of a stream per rolling 24 hours, none past double or below half the open shards.
    private func reshardRefusal(_ key: String, _ body: [String: Any], _ region: String) -> Data? {
        let name = String(key.split(separator: "/").last ?? "")
        guard let target = body["TargetShardCount"] as? Int,
            let open = sideCall(
                region, { try await KinesisClient($0).describeStreamSummary(name: name) })?
                .openShardCount
        else { return nil }
        if target > open * 2 || target < (open + 1) / 2 {
            return refuse(
                "LimitExceededException",
                RawHTTP.jsonError(
                    "LimitExceededException",
                    "UpdateShardCount cannot scale stream \(name) from \(open) to \(target) shards: at most double or half the current count per call."
                ))
        }
        let now = ContinuousClock.now
        let allowed = state.withLock { state -> Bool in
            let recent = (state.reshards[key] ?? []).filter { now - $0 < .seconds(86_400) }
            guard recent.count < 10 else { return false }
            state.reshards[key] = recent + [now]
            return true
        }
        guard allowed else {
            return refuse(
                "LimitExceededException",
                RawHTTP.jsonError(
                    "LimitExceededException",
                    "Stream \(name) under account \(server.accountID) has been scaled 10 times in the last 24 hours."
                ))
        }
        return nil
    }

    private static let streamUpdates: Set<String> = [
        "UpdateShardCount", "UpdateStreamMode", "IncreaseStreamRetentionPeriod",
        "DecreaseStreamRetentionPeriod", "StartStreamEncryption", "StopStreamEncryption",
    ]

    /// Kinesis refuses a call past its rate with LimitExceededException (botocore's kinesis
    /// model, each rated operation's errors); Firehose's rated operations name no such error in
    /// its model, and it throttles as AWS's JSON services do: ThrottlingException, "Rate
    /// exceeded" (Firehose API reference, "Common Errors").
    private func rateRefusal(_ operation: String, region: String, service: String = "kinesis")
        -> Data?
    {
        guard !admitted(operation, region: region) else { return nil }
        if service == "firehose" {
            return refuse(
                "ThrottlingException", RawHTTP.jsonError("ThrottlingException", "Rate exceeded"))
        }
        return refuse(
            "LimitExceededException",
            RawHTTP.jsonError(
                "LimitExceededException",
                "Rate exceeded for operation \(operation) under account \(server.accountID)."))
    }

    private func kinesis(
        _ request: FaultProxy.Request, raw: Data, region: String, forward: (Data) -> Data?
    ) -> Data? {
        let operation = request.operation
        if let refusal = rateRefusal(operation, region: region) { return refusal }
        let body = Self.jsonBody(request)
        let name =
            body["StreamName"] as? String
            ?? (body["StreamARN"] as? String).map { String($0.split(separator: "/").last ?? "") }
            ?? ""
        let key = "\(region)/\(name)"
        let current = state.withLock { $0.streams[key] }
        switch operation {
        case "CreateStream":
            if let refusal = shardQuotaRefusal(adding: body["ShardCount"] as? Int ?? 0, region) {
                return refusal
            }
            // botocore's kinesis model, CreateStream: LimitExceededException for "more than
            // five streams in the CREATING state at any point in time".
            let creating = state.withLock { state in
                state.streams.filter {
                    $0.key.hasPrefix(region + "/") && $0.value.status == "CREATING"
                }
                .count
            }
            if creating >= 5 {
                return refuse(
                    "LimitExceededException",
                    RawHTTP.jsonError(
                        "LimitExceededException",
                        "This request would exceed the limit of 5 streams in the CREATING state for account \(server.accountID)."
                    ))
            }
            guard let raw = forward(raw) else { return nil }
            if RawHTTP.Response(raw)?.status == 200 {
                lagTagging("kinesis/\(key)", showing: nil)
                state.withLock {
                    $0.streams[key] = Transition(
                        status: "CREATING", until: .now + timings.streamCreating)
                }
                // AWS honours CreateStream's Tags (botocore: "tags ... during stream creation");
                // moto drops them, so they are written to moto here.
                let tags = body["Tags"] as? [String: String] ?? [:]
                if !tags.isEmpty {
                    sideCall(region) {
                        try await KinesisClient($0).addTags(stream: name, tags: tags)
                    }
                }
            }
            return raw
        case "DescribeStream", "DescribeStreamSummary":
            guard let raw = forward(raw) else { return nil }
            guard let current else { return raw }
            return Self.rewriteJSON(raw) { object in
                for field in ["StreamDescription", "StreamDescriptionSummary"] {
                    if var description = object[field] as? [String: Any] {
                        description["StreamStatus"] = current.status
                        object[field] = description
                    }
                }
            }
        case "DescribeLimits":
            guard let raw = forward(raw) else { return nil }
            guard let limit = state.withLock({ $0.switches.shardLimit }) else { return raw }
            return Self.rewriteJSON(raw) { $0["ShardLimit"] = limit }
        case _
        where Self.streamUpdates.contains(operation)
            || ["AddTagsToStream", "RemoveTagsFromStream", "DeleteStream"].contains(operation):
            // botocore's kinesis model: no tag update, retention, encryption, shard or mode
            // change, nor a delete, until the stream is ACTIVE (ResourceInUseException).
            if let current {
                return refuse(
                    "ResourceInUseException",
                    RawHTTP.jsonError(
                        "ResourceInUseException",
                        "Stream \(name) under account \(server.accountID) not ACTIVE, instead in state \(current.status)"
                    ))
            }
            if operation == "UpdateShardCount", let refusal = reshardRefusal(key, body, region) {
                return refusal
            }
            if operation == "UpdateShardCount",
                let target = body["TargetShardCount"] as? Int,
                let open = sideCall(
                    region, { try await KinesisClient($0).describeStreamSummary(name: name) })?
                    .openShardCount,
                let refusal = shardQuotaRefusal(adding: target - open, region)
            {
                return refusal
            }
            if operation == "DeleteStream" { return deleteStream(name, key, raw, body, region) }
            if ["AddTagsToStream", "RemoveTagsFromStream"].contains(operation) {
                let before = sideCall(region) { try await KinesisClient($0).listTags(stream: name) }
                guard let raw = forward(raw) else { return nil }
                if RawHTTP.Response(raw)?.status == 200, let before {
                    lagTagging("kinesis/\(key)", showing: before)
                }
                return raw
            }
            guard let raw = forward(raw) else { return nil }
            if Self.streamUpdates.contains(operation), RawHTTP.Response(raw)?.status == 200 {
                state.withLock {
                    $0.streams[key] = Transition(
                        status: "UPDATING", until: .now + timings.streamUpdating)
                }
            }
            return raw
        default:
            return forward(raw)
        }
    }

    /// DeleteStream: refused while consumers are registered unless EnforceConsumerDeletion
    /// (botocore's DeleteStreamInput documentation); otherwise DELETING for a while, the name
    /// still taken, and only then gone.
    private func deleteStream(
        _ name: String, _ key: String, _ raw: Data, _ body: [String: Any], _ region: String
    ) -> Data? {
        guard
            let summary = sideCall(
                region,
                {
                    try await KinesisClient($0).describeStreamSummary(name: name)
                })
        else {
            return RawHTTP.jsonError(
                "ResourceNotFoundException",
                "Stream \(name) under account \(server.accountID) not found.")
        }
        if body["EnforceConsumerDeletion"] as? Bool != true {
            let consumers =
                sideCall(region) {
                    try await KinesisClient($0).listConsumers(streamARN: summary.streamARN)
                }
                ?? []
            if !consumers.isEmpty {
                return refuse(
                    "ResourceInUseException",
                    RawHTTP.jsonError(
                        "ResourceInUseException",
                        "Stream \(name) under account \(server.accountID) has registered consumers."
                    ))
            }
        }
        state.withLock {
            $0.streams[key] = Transition(
                status: "DELETING", until: .now + timings.streamDeleting, deferredDelete: raw)
        }
        return RawHTTP.json([:])
    }

    /// Kinesis refuses a stream or reshard that would pass the account's shard quota with
    /// LimitExceededException (Kinesis Data Streams quotas, "Shards per Region").
    private func shardQuotaRefusal(adding shards: Int, _ region: String) -> Data? {
        guard shards > 0, let limit = state.withLock({ $0.switches.shardLimit }) else { return nil }
        let open =
            sideCall(region) { try await KinesisClient($0).describeLimits().openShardCount } ?? 0
        guard open + shards > limit else { return nil }
        return refuse(
            "LimitExceededException",
            RawHTTP.jsonError(
                "LimitExceededException",
                "This request would exceed the shard limit for the account \(server.accountID) in \(region). Current limit of shards is \(limit). Number of additional shards that would have resulted in exceeding the limit is \(open + shards - limit)."
            ))
    }

    // MARK: Firehose

    private func firehose(
        _ request: FaultProxy.Request, raw: Data, region: String, forward: (Data) -> Data?
    ) -> Data? {
        if let refusal = rateRefusal(request.operation, region: region, service: "firehose") {
            return refusal
        }
        let body = Self.jsonBody(request)
        let name = body["DeliveryStreamName"] as? String ?? ""
        let key = "\(region)/\(name)"
        let current = state.withLock { $0.deliveryStreams[key] }
        let inUse = { (action: String) -> Data in
            self.refuse(
                "ResourceInUseException",
                RawHTTP.jsonError(
                    "ResourceInUseException",
                    "Firehose stream \(name) under account \(self.server.accountID) is in \(current?.status ?? "") state; it cannot be \(action) now."
                ))
        }
        switch request.operation {
        case "CreateDeliveryStream":
            if let refusal = roleNotYetPropagated(body) { return refusal }
            guard let raw = forward(raw) else { return nil }
            if RawHTTP.Response(raw)?.status == 200 {
                lagTagging("firehose/\(key)", showing: nil)
                state.withLock {
                    $0.deliveryStreams[key] = Transition(
                        status: "CREATING", until: .now + timings.deliveryCreating,
                        failure: $0.switches.failDeliveryCreates ? "CREATING_FAILED" : nil)
                }
            }
            return raw
        case "UpdateDestination":
            // botocore's firehose model lists ResourceInUseException ("not available for this
            // operation") among UpdateDestination's errors without naming the states; this
            // mode takes the strictest reading, every state but ACTIVE, so that an update sent
            // before the stream is ACTIVE fails here rather than only sometimes on AWS.
            if let current, current.status != "ACTIVE" { return inUse("updated") }
            if let refusal = roleNotYetPropagated(body) { return refusal }
            if let refusal = backupSwitchedOff(body, region: region) { return refusal }
            if let refusal = partitioningSwitched(body, region: region) { return refusal }
            if let refusal = membersOutsideThePartition(body, region: region) { return refusal }
            return forward(raw)
        case "DeleteDeliveryStream":
            // botocore's firehose model: a stream in CREATING cannot be deleted.
            if current?.status == "CREATING" { return inUse("deleted") }
            if current?.status == "DELETING" { return RawHTTP.json([:]) }
            guard
                sideCall(
                    region, { try await FirehoseClient($0).describeDeliveryStream(name: name) })
                    != nil
            else {
                return RawHTTP.jsonError(
                    "ResourceNotFoundException",
                    "Firehose stream \(name) under account \(server.accountID) not found.")
            }
            state.withLock {
                $0.deliveryStreams[key] = Transition(
                    status: "DELETING", until: .now + timings.deliveryDeleting,
                    deferredDelete: raw,
                    failure: $0.switches.failDeliveryDeletes ? "DELETING_FAILED" : nil)
            }
            return RawHTTP.json([:])
        case "TagDeliveryStream", "UntagDeliveryStream":
            let before = sideCall(region) { try await FirehoseClient($0).listTags(name: name) }
            guard let raw = forward(raw) else { return nil }
            if RawHTTP.Response(raw)?.status == 200, let before {
                lagTagging("firehose/\(key)", showing: before)
            }
            return raw
        case "DescribeDeliveryStream":
            guard let raw = forward(raw) else { return nil }
            return Self.rewriteJSON(raw) { object in
                guard var description = object["DeliveryStreamDescription"] as? [String: Any]
                else { return }
                Self.describeDestinationsAsAWS(&description)
                object["DeliveryStreamDescription"] = description
                guard let current else { return }
                description["DeliveryStreamStatus"] = current.status
                // botocore's firehose model, FailureDescription: the KMS failure types belong
                // to a delivery stream's own server-side encryption with a customer managed
                // key, the ENI and subnet ones to VPC destinations; streamstack sends neither,
                // so the failure its streams can meet is UNKNOWN_ERROR.
                if current.status.hasSuffix("FAILED") {
                    description["FailureDescription"] = [
                        "Type": "UNKNOWN_ERROR",
                        "Details": current.status == "CREATING_FAILED"
                            ? "An internal error occurred while creating the Firehose stream."
                            : "An internal error occurred while deleting the Firehose stream.",
                    ]
                }
                object["DeliveryStreamDescription"] = description
            }
        default:
            return forward(raw)
        }
    }

    /// The destinations as AWS describes them: only the members of botocore's
    /// ExtendedS3DestinationDescription (moto leaves an update's `S3BackupUpdate` in it), and a
    /// Lambda processor's parameters with the defaults AWS fills in (Terraform's
    /// firehose/delivery_stream.go, `defaultProcessorParameters`, filters out exactly these:
    /// NumberOfRetries 3, BufferIntervalInSeconds 60, BufferSizeInMBs 1 and the destination's
    /// role as RoleArn, after the Firehose guide's data-transformation page).
    static func describeDestinationsAsAWS(_ description: inout [String: Any]) {
        guard var destinations = description["Destinations"] as? [[String: Any]] else { return }
        for index in destinations.indices {
            guard var s3 = destinations[index]["ExtendedS3DestinationDescription"] as? [String: Any]
            else { continue }
            for member in s3.keys where !ExtendedS3Destination.describedMembers.contains(member) {
                s3.removeValue(forKey: member)
            }
            if var processing = s3["ProcessingConfiguration"] as? [String: Any],
                var processors = processing["Processors"] as? [[String: Any]]
            {
                for (position, processor) in processors.enumerated()
                where processor["Type"] as? String == "Lambda" {
                    var parameters = processor["Parameters"] as? [[String: Any]] ?? []
                    let named = Set(parameters.compactMap { $0["ParameterName"] as? String })
                    let defaults = [
                        ("NumberOfRetries", "3"), ("BufferIntervalInSeconds", "60"),
                        ("BufferSizeInMBs", "1"), ("RoleArn", s3["RoleARN"] as? String ?? ""),
                    ]
                    for (name, value) in defaults where !named.contains(name) {
                        parameters.append(["ParameterName": name, "ParameterValue": value])
                    }
                    processors[position]["Parameters"] = parameters
                }
                processing["Processors"] = processors
                s3["ProcessingConfiguration"] = processing
            }
            destinations[index]["ExtendedS3DestinationDescription"] = s3
        }
        description["Destinations"] = destinations
    }

    /// Outside the `aws` partition, Firehose's UpdateDestination refuses CustomTimeZone and
    /// FileExtension with a ValidationException naming ExtendedS3DestinationUpdate (Terraform's
    /// firehose/delivery_stream.go strips both after exactly this refusal outside the standard
    /// partition; AWS does not document the wording, so this mode says no more than Terraform
    /// matches on).
    private func membersOutsideThePartition(_ body: [String: Any], region: String) -> Data? {
        guard Partition.of(region: region) != .aws,
            let update = body["ExtendedS3DestinationUpdate"] as? [String: Any]
        else { return nil }
        let unknown = ["CustomTimeZone", "FileExtension"].filter { update[$0] != nil }
        guard !unknown.isEmpty else { return nil }
        return refuse(
            "ValidationException",
            RawHTTP.jsonError(
                "ValidationException",
                "\(unknown.joined(separator: ", ")) of ExtendedS3DestinationUpdate is not supported in this region."
            ))
    }

    /// Dynamic partitioning is chosen at creation: "You cannot enable dynamic partitioning for
    /// an existing Firehose stream that does not have dynamic partitioning already enabled"
    /// (AWS CDK's DynamicPartitioningProps), and Terraform's delivery_stream.go replaces the
    /// stream to switch it off (`enabled` is ForceNew).
    private func partitioningSwitched(_ body: [String: Any], region: String) -> Data? {
        // An update without the member keeps what the stream has.
        guard
            let asked = (body["ExtendedS3DestinationUpdate"] as? [String: Any])?[
                "DynamicPartitioningConfiguration"] as? [String: Any]
        else { return nil }
        let wanted = asked["Enabled"] as? Bool ?? false
        guard let name = body["DeliveryStreamName"] as? String,
            let description = sideCall(
                region, { try await FirehoseClient($0).describeDeliveryStream(name: name) })
        else { return nil }
        let held =
            description.destinations.first?.extendedS3DestinationDescription?
            .dynamicPartitioningConfiguration?.enabled ?? false
        guard wanted != held else { return nil }
        return refuse(
            "InvalidArgumentException",
            RawHTTP.jsonError(
                "InvalidArgumentException",
                "Dynamic partitioning cannot be \(wanted ? "enabled" : "disabled") on the existing Firehose stream \(name)."
            ))
    }

    /// botocore's firehose model, ExtendedS3DestinationUpdate.S3BackupMode: "If backup is
    /// enabled, you can't update the Firehose stream to disable it."
    private func backupSwitchedOff(_ body: [String: Any], region: String) -> Data? {
        let update = body["ExtendedS3DestinationUpdate"] as? [String: Any]
        guard update?["S3BackupMode"] as? String == "Disabled",
            let name = body["DeliveryStreamName"] as? String,
            let description = sideCall(
                region, { try await FirehoseClient($0).describeDeliveryStream(name: name) }),
            description.destinations.first?.extendedS3DestinationDescription?.s3BackupMode
                == "Enabled"
        else { return nil }
        return refuse(
            "InvalidArgumentException",
            RawHTTP.jsonError(
                "InvalidArgumentException",
                "S3BackupMode cannot be changed from Enabled to Disabled for Firehose stream \(name)."
            ))
    }

    /// IAM is eventually consistent: for a while after a role is created or changed, Firehose
    /// still sees the role as it was. Terraform's firehose/delivery_stream.go
    /// (`retryDeliveryStreamOp`, on create and update) names the answers: a trust policy not
    /// yet seen is "Firehose is unable to assume role"; a permission policy not yet seen is a
    /// denial naming what the role may not do: "Access was denied when calling Glue" when
    /// format conversion reads the table, "is not authorized to" for the source stream, always
    /// as InvalidArgumentException (the caller's own denials are AccessDeniedException).
    private func roleNotYetPropagated(_ body: [String: Any]) -> Data? {
        var roles: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, inner) in object {
                    if key == "RoleARN", let arn = inner as? String { roles.append(arn) }
                    collect(inner)
                }
            } else if let list = value as? [Any] {
                list.forEach(collect)
            }
        }
        collect(body)
        let now = ContinuousClock.now
        let young = state.withLock { state -> (arn: String, change: RoleChange)? in
            for arn in roles {
                let name = String(arn.split(separator: "/").last ?? "")
                if let change = state.roleChanges[name], now - change.at < timings.rolePropagation {
                    return (arn, change)
                }
            }
            return nil
        }
        guard let young else { return nil }
        let message: String
        let destination =
            body["ExtendedS3DestinationConfiguration"] ?? body["ExtendedS3DestinationUpdate"]
        let conversion =
            (destination as? [String: Any])?["DataFormatConversionConfiguration"]
            as? [String: Any]
        let source =
            (body["KinesisStreamSourceConfiguration"] as? [String: Any])?[
                "KinesisStreamARN"] as? String
        switch young.change.kind {
        case .trust:
            message =
                "Firehose is unable to assume role \(young.arn). Please check the role provided."
        case .permissions where conversion?["Enabled"] as? Bool == true:
            message =
                "Access was denied when calling Glue. Please ensure that the role specified in the data format conversion configuration has the necessary permissions."
        case .permissions where source != nil:
            message =
                "Role \(young.arn) is not authorized to perform: kinesis:DescribeStream on resource: \(source ?? "")."
        case .permissions:
            // Firehose checks no other permission when the stream is created or updated: a
            // missing S3 permission shows in delivery, not in this call.
            return nil
        }
        return refuse(
            "InvalidArgumentException", RawHTTP.jsonError("InvalidArgumentException", message))
    }

    // MARK: IAM

    private func iam(_ request: FaultProxy.Request, raw: Data, forward: (Data) -> Data?) -> Data? {
        guard let answer = forward(raw) else { return nil }
        let operations: Set<String> = [
            "CreateRole", "PutRolePolicy", "UpdateAssumeRolePolicy", "AttachRolePolicy",
        ]
        if operations.contains(request.operation), RawHTTP.Response(answer)?.status == 200,
            let role = Self.formValue("RoleName", in: request.body)
        {
            let kind: RoleChange.Kind =
                ["CreateRole", "UpdateAssumeRolePolicy"].contains(request.operation)
                ? .trust : .permissions
            state.withLock { state in
                // A new role is unknown to Firehose whatever changes next.
                let trustStillYoung =
                    state.roleChanges[role].map {
                        $0.kind == .trust && .now - $0.at < timings.rolePropagation
                    } ?? false
                state.roleChanges[role] = RoleChange(
                    kind: trustStillYoung ? .trust : kind, at: .now)
            }
            if let trust = Self.formValue("AssumeRolePolicyDocument", in: request.body) {
                let needsMFA = trust.contains("aws:MultiFactorAuthPresent")
                state.withLock {
                    if needsMFA {
                        $0.rolesNeedingMFA.insert(role)
                    } else {
                        $0.rolesNeedingMFA.remove(role)
                    }
                }
            }
        }
        return answer
    }

    // MARK: STS

    /// A role whose trust policy requires MFA is refused to AssumeRole calls without
    /// SerialNumber and TokenCode (IAM user guide, "Configuring MFA-protected API access":
    /// without MFA information the condition key is absent and the Allow does not apply; STS
    /// answers 403 AccessDenied). moto ignores the condition.
    private func sts(_ request: FaultProxy.Request, raw: Data, forward: (Data) -> Data?) -> Data? {
        guard request.operation == "AssumeRole",
            let roleARN = Self.formValue("RoleArn", in: request.body),
            let role = roleARN.split(separator: "/").last.map(String.init),
            state.withLock({ $0.rolesNeedingMFA.contains(role) }),
            Self.formValue("SerialNumber", in: request.body) == nil
                || Self.formValue("TokenCode", in: request.body) == nil
        else { return forward(raw) }
        return refuse(
            "AccessDenied",
            RawHTTP.queryError(
                status: 403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/streamstack-admin is not authorized to perform: sts:AssumeRole on resource: \(roleARN)"
            ))
    }

    // MARK: S3

    private func s3(
        _ request: FaultProxy.Request, raw: Data, region: String, forward: (Data) -> Data?
    ) -> Data? {
        let (bucket, query) = Self.bucketAndQuery(request.path)
        let foreign = state.withLock { $0.switches.foreignBuckets }
        if bucket.isEmpty, request.method == "GET", !foreign.isEmpty {
            // ListBuckets lists the caller's buckets only.
            guard let answer = forward(raw) else { return nil }
            return Self.rewriteXML(answer) { body in
                for name in foreign {
                    body = body.replacingOccurrences(
                        of:
                            "<Bucket>(?:(?!</Bucket>).)*<Name>\(NSRegularExpression.escapedPattern(for: name))</Name>(?:(?!</Bucket>).)*</Bucket>",
                        with: "", options: .regularExpression)
                }
            }
        }
        guard !bucket.isEmpty, !bucket.contains("/") else { return forward(raw) }
        if foreign.contains(bucket), let refusal = foreignBucketRefusal(request, bucket) {
            return refusal
        }
        let now = ContinuousClock.now
        switch (request.method, query) {
        case ("HEAD", ""):
            // A bucket of another region answers HeadBucket with 301 and its region in
            // x-amz-bucket-region (S3 API reference, HeadBucket; botocore's S3 region
            // redirector reads exactly that); moto answers 200.
            guard let answer = forward(raw) else { return nil }
            guard let response = RawHTTP.Response(answer), response.status == 200,
                let bucketRegion = response.headerLines.first(where: {
                    $0.lowercased().hasPrefix("x-amz-bucket-region:")
                }).map({
                    String($0.split(separator: ":", maxSplits: 1)[1])
                        .trimmingCharacters(in: .whitespaces)
                }),
                bucketRegion != region
            else { return answer }
            return RawHTTP.Response(
                status: 301, headers: ["x-amz-bucket-region": bucketRegion], body: Data()
            ).bytes
        case ("PUT", ""):
            // A bucket name deleted moments ago cannot be taken yet (S3 user guide, "Deleting
            // a bucket": the name may take some time to be available again; 409 OperationAborted).
            let (deleted, held) = state.withLock { state -> (ContinuousClock.Instant?, Bool) in
                let held = (state.heldBucketNames[bucket] ?? 0) > 0
                if held { state.heldBucketNames[bucket]? -= 1 }
                return (state.deletedBuckets[bucket], held)
            }
            if held || deleted.map({ now - $0 < timings.bucketNameReuse }) == true {
                return refuse(
                    "OperationAborted",
                    RawHTTP.s3Error(
                        status: 409, "OperationAborted",
                        "A conflicting conditional operation is currently in progress against this resource. Please try again.",
                        bucket: bucket))
            }
            guard let answer = forward(raw) else { return nil }
            if RawHTTP.Response(answer)?.status == 200 {
                state.withLock { $0.createdBuckets[bucket] = .now }
                // New buckets have Block Public Access on, ACLs disabled and SSE-S3 (S3 user
                // guide, "Default settings for new S3 buckets", April 2023); moto sets none.
                let ownership = request.headers["x-amz-object-ownership"]
                sideCall(region) { context in
                    let s3 = try S3Client(context)
                    try await s3.putPublicAccessBlock(
                        bucket,
                        .init(
                            blockPublicAcls: true, ignorePublicAcls: true,
                            blockPublicPolicy: true, restrictPublicBuckets: true))
                    try await s3.putEncryption(
                        bucket, .init(algorithm: "AES256", kmsKeyID: nil, bucketKeyEnabled: false))
                    if ownership == nil {
                        try await s3.putOwnershipControls(
                            bucket, objectOwnership: "BucketOwnerEnforced")
                    }
                }
            }
            return answer
        case ("DELETE", ""):
            guard let answer = forward(raw) else { return nil }
            if RawHTTP.Response(answer)?.status == 204 {
                state.withLock {
                    $0.deletedBuckets[bucket] = .now
                    $0.heldBucketNames[bucket] = $0.switches.bucketNameRefusals
                }
            }
            return answer
        case ("PUT", _):
            // Right after CreateBucket, other endpoints may not know the bucket yet
            // (Terraform's s3/bucket.go retries NoSuchBucket for bucketPropagationTimeout).
            let created = state.withLock { $0.createdBuckets[bucket] }
            if let created, now - created < timings.bucketPropagation {
                return refuse(
                    "NoSuchBucket",
                    RawHTTP.s3Error(
                        status: 404, "NoSuchBucket", "The specified bucket does not exist",
                        bucket: bucket))
            }
            if query.hasPrefix("acl"), let refusal = aclRefusal(request, bucket, region) {
                return refusal
            }
            // S3 refuses tags with the reserved prefix aws: (PutBucketTagging: InvalidTag).
            if query.hasPrefix("tagging"),
                String(decoding: request.body, as: UTF8.self).contains("<Key>aws:")
            {
                return refuse(
                    "InvalidTag",
                    RawHTTP.s3Error(
                        status: 400, "InvalidTag",
                        "System tags cannot be added/updated by requester", bucket: bucket))
            }
            return forward(raw)
        default:
            return forward(raw)
        }
    }

    /// Another account's bucket: S3 refuses any call naming an expected owner other than the
    /// bucket's with 403 AccessDenied (S3 user guide, "Verifying bucket ownership with bucket
    /// owner condition"), and CreateBucket of a name another account holds with 409
    /// BucketAlreadyExists (S3 API reference, CreateBucket). Calls without the condition reach
    /// the bucket, which its owner opened to all.
    private func foreignBucketRefusal(_ request: FaultProxy.Request, _ bucket: String) -> Data? {
        let (_, query) = Self.bucketAndQuery(request.path)
        if request.method == "PUT", query.isEmpty {
            return refuse(
                "BucketAlreadyExists",
                RawHTTP.s3Error(
                    status: 409, "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
                    bucket: bucket))
        }
        guard request.headers["x-amz-expected-bucket-owner"] != nil else { return nil }
        if request.method == "HEAD" {
            return refuse(
                "AccessDenied", RawHTTP.Response(status: 403, headers: [:], body: Data()).bytes)
        }
        return refuse(
            "AccessDenied",
            RawHTTP.s3Error(status: 403, "AccessDenied", "Access Denied", bucket: bucket))
    }

    /// A public canned ACL is refused while BlockPublicAcls is on (403 AccessDenied), and any
    /// ACL but private while ACLs are disabled (AccessControlListNotSupported): S3 user guide,
    /// "Blocking public access" and "Controlling ownership of objects".
    private func aclRefusal(_ request: FaultProxy.Request, _ bucket: String, _ region: String)
        -> Data?
    {
        let acl = request.headers["x-amz-acl"] ?? "private"
        guard acl != "private" else { return nil }
        let (block, ownership) =
            sideCall(region) { context -> (S3Client.PublicAccessBlock?, String?) in
                let s3 = try S3Client(context)
                return (
                    try await s3.getPublicAccessBlock(bucket),
                    try await s3.getOwnershipControls(bucket)
                )
            } ?? (nil, nil)
        if ownership == "BucketOwnerEnforced" {
            return refuse(
                "AccessControlListNotSupported",
                RawHTTP.s3Error(
                    status: 400, "AccessControlListNotSupported", "The bucket does not allow ACLs",
                    bucket: bucket))
        }
        let publicACLs: Set<String> = ["public-read", "public-read-write", "authenticated-read"]
        if publicACLs.contains(acl), block?.blockPublicAcls == true {
            return refuse(
                "AccessDenied",
                RawHTTP.s3Error(status: 403, "AccessDenied", "Access Denied", bucket: bucket))
        }
        return nil
    }

    static func bucketAndQuery(_ path: String) -> (bucket: String, query: String) {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = parts[0].dropFirst()
        return (
            String(bucket).removingPercentEncoding ?? String(bucket),
            parts.count > 1 ? String(parts[1]) : ""
        )
    }

    // MARK: Glue

    private func glue(_ request: FaultProxy.Request, raw: Data, forward: (Data) -> Data?) -> Data? {
        guard let answer = forward(raw) else { return nil }
        guard ["GetTable", "GetTables"].contains(request.operation) else { return answer }
        // Glue stores column names in lower case (Glue developer guide, "Defining tables":
        // names are converted to lowercase); moto keeps them as given.
        return Self.rewriteJSON(answer) { object in
            func lower(_ table: [String: Any]) -> [String: Any] {
                var table = table
                func lowerColumns(_ value: Any?) -> Any? {
                    (value as? [[String: Any]])?.map { column in
                        var column = column
                        column["Name"] = (column["Name"] as? String)?.lowercased()
                        return column
                    }
                }
                if var descriptor = table["StorageDescriptor"] as? [String: Any] {
                    descriptor["Columns"] = lowerColumns(descriptor["Columns"])
                    table["StorageDescriptor"] = descriptor
                }
                if let keys = lowerColumns(table["PartitionKeys"]) { table["PartitionKeys"] = keys }
                return table
            }
            if let table = object["Table"] as? [String: Any] { object["Table"] = lower(table) }
            if let tables = object["TableList"] as? [[String: Any]] {
                object["TableList"] = tables.map(lower)
            }
        }
    }

    // MARK: Helpers

    private static func jsonBody(_ request: FaultProxy.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
    }

    private static func formValue(_ name: String, in body: Data) -> String? {
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name {
                return String(parts[1]).replacingOccurrences(of: "+", with: " ")
                    .removingPercentEncoding
            }
        }
        return nil
    }

    /// Changes an XML answer's body; other answers pass unchanged.
    private static func rewriteXML(_ raw: Data, _ change: (inout String) -> Void) -> Data {
        guard var response = RawHTTP.Response(raw), response.status == 200 else { return raw }
        var body = String(decoding: response.body, as: UTF8.self)
        change(&body)
        response.body = Data(body.utf8)
        return response.bytes
    }

    /// Changes a JSON answer's body; other answers pass unchanged.
    private static func rewriteJSON(_ raw: Data, _ change: (inout [String: Any]) -> Void) -> Data {
        guard var response = RawHTTP.Response(raw), response.status == 200,
            var object = response.json
        else { return raw }
        change(&object)
        response.body = (try? JSONSerialization.data(withJSONObject: object)) ?? response.body
        return response.bytes
    }

    /// A call straight to moto with the administrator's keys, made from a proxy thread.
    @discardableResult
    private func sideCall<T: Sendable>(
        _ region: String, _ body: @escaping @Sendable (AWSContext) async throws -> T
    ) -> T? {
        let context = motoContext(server, region: region.isEmpty ? "us-east-1" : region)
        let result = SideCallResult<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            result.set(try? await body(context))
            done.signal()
        }
        done.wait()
        return result.value
    }
}

/// Carries a side call's result from its task back to the waiting proxy thread.
private final class SideCallResult<T: Sendable>: Sendable {
    private let storage = Mutex<T?>(nil)
    func set(_ value: T?) { storage.withLock { $0 = value } }
    var value: T? { storage.withLock { $0 } }
}
