/// Cuts the records a producer reads into batches one call may carry. A record that no call
/// could carry is refused (with its position); one that does not fit the batch being filled
/// waits for the next.
struct RecordBatches {
    typealias Limits = (records: Int, bytes: Int, record: Int)
    let limits: Limits
    private var index = 0
    private var waiting: (Int, Producer.Record)?
    private var refused: [Producer.Failure] = []

    init(limits: Limits) { self.limits = limits }

    /// The next batch of at most `cap` records (the service's limit when nil); empty once
    /// `source` is done.
    mutating func next(cap: Int?, from source: () throws -> Producer.Record?) rethrows
        -> [(Int, Producer.Record)]
    {
        var batch: [(Int, Producer.Record)] = []
        var bytes = 0
        while batch.count < (cap ?? limits.records) {
            let item: (Int, Producer.Record)
            if let held = waiting {
                item = held
                waiting = nil
            } else {
                guard let record = try source() else { break }
                item = (index, record)
                index += 1
            }
            let size = item.1.data.count + item.1.partitionKey.utf8.count
            if size > limits.record {
                refused.append(
                    Producer.Failure(
                        index: item.0,
                        reason: "record of \(size) bytes is over the \(limits.record)-byte limit"))
                continue
            }
            if bytes + size > limits.bytes {
                waiting = item
                break
            }
            batch.append(item)
            bytes += size
        }
        return batch
    }

    /// The records refused since the last call.
    mutating func takeRefused() -> [Producer.Failure] {
        defer { refused = [] }
        return refused
    }
}
