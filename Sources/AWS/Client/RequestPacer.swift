import Synchronization

/// Spaces the calls of operations whose per-account rate AWS documents, so that a run with
/// many resources stays under the rate instead of retrying into LimitExceededException (as the
/// SDKs' adaptive retry mode does). One pacer serves a whole run.
public final class RequestPacer: Sendable {
    /// Calls per second per account, from each operation's documentation in AWS's service
    /// models (botocore's kinesis and firehose service-2.json).
    public static let documentedRates: [String: Double] = [
        "kinesis.AddTagsToStream": 5, "kinesis.RemoveTagsFromStream": 5,
        "kinesis.ListTagsForStream": 5, "kinesis.ListStreams": 5, "kinesis.CreateStream": 5,
        "kinesis.DeleteStream": 5, "kinesis.DescribeStream": 10,
        "kinesis.DescribeStreamSummary": 20, "kinesis.DescribeLimits": 1,
        "kinesis.RegisterStreamConsumer": 5,
        "firehose.ListTagsForDeliveryStream": 5, "firehose.TagDeliveryStream": 5,
        "firehose.UntagDeliveryStream": 5,
    ]

    private let rates: [String: Double]
    /// The moments of the latest calls reserved per operation, oldest first.
    private let reserved = Mutex<[String: [ContinuousClock.Instant]]>([:])
    /// The window AWS counts a rate over, with a tenth to spare: calls timed at sending may
    /// arrive closer together.
    private static let window = Duration.milliseconds(1100)

    public init(rates: [String: Double] = RequestPacer.documentedRates) {
        self.rates = rates
    }

    /// Waits until the operation may be called without passing its rate: at once while fewer
    /// than `rate` calls went out in the last window (AWS allows a burst), later otherwise.
    public func pace(service: String, operation: String) async throws {
        let key = "\(service).\(operation)"
        guard let rate = rates[key], rate > 0 else { return }
        let limit = max(1, Int(rate))
        let now = ContinuousClock.now
        let slot = reserved.withLock { table -> ContinuousClock.Instant in
            var times = table[key] ?? []
            var slot = max(now, times.last ?? now)
            if times.count >= limit { slot = max(slot, times[times.count - limit] + Self.window) }
            times.append(slot)
            table[key] = Array(times.suffix(limit))
            return slot
        }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
