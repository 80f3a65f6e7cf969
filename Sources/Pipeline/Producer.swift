import AWS
import Foundation

/// Puts records into a Kinesis stream (PutRecords) or a DirectPut delivery stream
/// (PutRecordBatch) in batches within the services' limits, retrying the records a batch
/// reports as failed.
public struct Producer: Sendable {
    public enum Target: Sendable {
        case stream(KinesisClient, name: String)
        case deliveryStream(FirehoseClient, name: String)

        /// Records and bytes one call may carry, and the largest single record.
        var limits: RecordBatches.Limits {
            switch self {
            case .stream: (500, 5 * 1024 * 1024, 1024 * 1024)
            case .deliveryStream: (500, 4 * 1024 * 1024, 1000 * 1024)
            }
        }
    }

    public struct Record: Sendable {
        public var data: Data
        public var partitionKey: String
        public init(data: Data, partitionKey: String) {
            self.data = data
            self.partitionKey = partitionKey
        }
    }

    public struct Progress: Sendable {
        public var sent: Int
        public var failed: Int
        public var elapsed: Duration
        public var rate: Double {
            let seconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return seconds > 0 ? Double(sent) / seconds : 0
        }
    }

    public struct Failure: Sendable, Equatable {
        public var index: Int
        public var reason: String
        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    public struct Summary: Sendable {
        public var progress: Progress
        public var calls: Int
        /// Records that could not be sent, by their position in the input.
        public var failures: [Failure]
    }

    public var target: Target
    public var maxAttempts: Int
    public var retryDelay: Duration

    public init(target: Target, maxAttempts: Int = 5, retryDelay: Duration = .milliseconds(200)) {
        self.target = target
        self.maxAttempts = maxAttempts
        self.retryDelay = retryDelay
    }

    /// Sends every record `next` yields (nil ends the input), at most `rate` records a second.
    public func send(
        rate: Double? = nil, progress report: @Sendable (Progress) -> Void = { _ in },
        next: () throws -> Record?
    ) async throws -> Summary {
        let clock = ContinuousClock()
        let started = clock.now
        var sent = 0
        var calls = 0
        var failures: [Failure] = []
        var batches = RecordBatches(limits: target.limits)
        let cap = rate.map { max(1, min(batches.limits.records, Int($0.rounded(.up)))) }
        while true {
            let batch = try batches.next(cap: cap, from: next)
            failures += batches.takeRefused()
            if batch.isEmpty { break }
            let (delivered, failed, attempts) = try await put(batch)
            calls += attempts
            sent += delivered
            failures += failed
            let elapsed = clock.now - started
            report(Progress(sent: sent, failed: failures.count, elapsed: elapsed))
            if let rate, rate > 0 {
                // Keep the average at `rate`: sleep until the records sent so far are due.
                let due = Duration.milliseconds(Int(Double(sent + failures.count) / rate * 1000))
                if due > elapsed { try await Task.sleep(for: due - elapsed) }
            }
        }
        return Summary(
            progress: Progress(sent: sent, failed: failures.count, elapsed: clock.now - started),
            calls: calls,
            failures: failures.sorted { $0.index < $1.index })
    }

    /// One batch, retrying the records the service reports as failed.
    private func put(_ batch: [(Int, Record)]) async throws -> (
        sent: Int, failed: [Failure], calls: Int
    ) {
        var remaining = batch
        var sent = 0
        var calls = 0
        var delay = retryDelay
        for attempt in 1...maxAttempts {
            calls += 1
            let errors: [String?]
            switch target {
            case .stream(let kinesis, let name):
                let output = try await kinesis.putRecords(
                    stream: name,
                    records: remaining.map {
                        .init(data: $0.1.data, partitionKey: $0.1.partitionKey)
                    })
                errors = output.records.map { entry in
                    entry.errorCode.map { "\($0): \(entry.errorMessage ?? "")" }
                }
            case .deliveryStream(let firehose, let name):
                let output = try await firehose.putRecordBatch(
                    name: name, records: remaining.map(\.1.data))
                errors = output.requestResponses.map { entry in
                    entry.errorCode.map { "\($0): \(entry.errorMessage ?? "")" }
                }
            }
            var retry: [(Int, Record)] = []
            var lastErrors: [Int: String] = [:]
            for (position, item) in remaining.enumerated() {
                if position < errors.count, let error = errors[position] {
                    retry.append(item)
                    lastErrors[item.0] = error
                } else {
                    sent += 1
                }
            }
            if retry.isEmpty { return (sent, [], calls) }
            if attempt == maxAttempts {
                return (
                    sent, retry.map { Failure(index: $0.0, reason: lastErrors[$0.0] ?? "failed") },
                    calls
                )
            }
            remaining = retry
            try await Task.sleep(for: delay * Double.random(in: 0.5...1))
            delay = delay * 2
        }
        return (sent, [], calls)
    }
}
