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
    /// When each paced operation may next be called.
    private let nextSlot = Mutex<[String: ContinuousClock.Instant]>([:])

    public init(rates: [String: Double] = RequestPacer.documentedRates) {
        self.rates = rates
    }

    /// Waits for the operation's next free slot (at once for operations without a rate).
    public func pace(service: String, operation: String) async throws {
        guard let rate = rates["\(service).\(operation)"], rate > 0 else { return }
        let key = "\(service).\(operation)"
        // A tenth below the rate: calls paced at send time may arrive closer together.
        let interval = Duration.seconds(1 / (rate * 0.9))
        let now = ContinuousClock.now
        let slot = nextSlot.withLock { slots -> ContinuousClock.Instant in
            let slot = max(now, slots[key] ?? now)
            slots[key] = slot + interval
            return slot
        }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
