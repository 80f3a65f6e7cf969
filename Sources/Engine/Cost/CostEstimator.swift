import Foundation
import Kinds
import StackFile

/// The arithmetic of a pipeline's monthly cost: prices times the quantities AWS bills, for a
/// month of 730 hours at a steady traffic.
public struct CostEstimator: Sendable {
    public static let hoursPerMonth = 730.0
    static let secondsPerMonth = hoursPerMonth * 3600
    static let gibibyte = Double(1 << 30)

    /// The parts of a pipeline that cost money, in the terms billing needs.
    public struct Pipeline: Sendable, Equatable {
        public struct Stream: Sendable, Equatable {
            public var id: String
            public var name: String
            public var onDemand: Bool
            public var shards: Int
            public init(id: String, name: String, onDemand: Bool, shards: Int) {
                self.id = id
                self.name = name
                self.onDemand = onDemand
                self.shards = shards
            }
        }
        public struct Delivery: Sendable, Equatable {
            public var id: String
            /// The source stream's name; nil for Direct PUT.
            public var sourceStream: String?
            /// The id of the bucket it delivers to, when the stack declares it.
            public var bucketID: String?
            public var buffering: DeliveryStreamSpec.Buffering
            public var formatConversion: Bool
            public var dynamicPartitioning: Bool
            /// Days a delivered object is kept, when a lifecycle rule expires it within a month.
            public var keptDays: Int?
            /// Where the source records are backed up, and how they are buffered.
            public var backup: Backup?
            /// The Lambda function it transforms with (billed by Lambda, not here).
            public var transformation: String?
            public init(
                id: String, sourceStream: String?, bucketID: String?,
                buffering: DeliveryStreamSpec.Buffering,
                formatConversion: Bool, dynamicPartitioning: Bool, keptDays: Int? = nil,
                backup: Backup? = nil, transformation: String? = nil
            ) {
                self.id = id
                self.sourceStream = sourceStream
                self.bucketID = bucketID
                self.buffering = buffering
                self.formatConversion = formatConversion
                self.dynamicPartitioning = dynamicPartitioning
                self.keptDays = keptDays
                self.backup = backup
                self.transformation = transformation
            }
        }
        public struct Backup: Sendable, Equatable {
            /// The id of the bucket, when the stack declares it.
            public var bucketID: String?
            public var buffering: DeliveryStreamSpec.Buffering
            public init(bucketID: String?, buffering: DeliveryStreamSpec.Buffering) {
                self.bucketID = bucketID
                self.buffering = buffering
            }
        }
        public var streams: [Stream]
        public var deliveries: [Delivery]
        /// Standard-resolution alarms, counted by the id of the resource they watch.
        public var alarms: [String: Int]
        public init(streams: [Stream], deliveries: [Delivery], alarms: [String: Int] = [:]) {
            self.streams = streams
            self.deliveries = deliveries
            self.alarms = alarms
        }
    }

    public var prices: PriceSheet
    public var traffic: Traffic

    public init(prices: PriceSheet, traffic: Traffic) {
        self.prices = prices
        self.traffic = traffic
    }

    public func estimate(after: Pipeline, before: Pipeline) -> CostEstimate {
        let lines = lines(for: after)
        var estimate = CostEstimate(
            lines: lines, monthly: lines.map(\.monthly).reduce(0, +),
            currentMonthly: self.lines(for: before).map(\.monthly).reduce(0, +),
            traffic: traffic, prices: prices)
        estimate.overCapacity = after.streams.compactMap(overCapacity)
        estimate.notIncluded = after.deliveries.compactMap { delivery in
            delivery.transformation.map {
                "\(delivery.id)'s Lambda function \($0.components(separatedBy: ":function:").last ?? $0) (billed by Lambda for its invocations)"
            }
        }
        return estimate
    }

    public func lines(for pipeline: Pipeline) -> [CostEstimate.Line] {
        var lines: [CostEstimate.Line] = []
        func add(_ resource: String, _ item: PriceItem, _ quantity: Double) {
            guard quantity > 0 else { return }
            let unitPrice = prices.price(item)
            lines.append(
                .init(
                    resource: resource, item: item, quantity: quantity, unitPrice: unitPrice,
                    monthly: quantity * unitPrice))
        }
        let records = traffic.recordsPerSecond * Self.secondsPerMonth
        let bytes = Double(traffic.averageRecordBytes)
        let rawGB = records * bytes / Self.gibibyte
        for stream in pipeline.streams {
            if stream.onDemand {
                let readers = pipeline.deliveries.filter { $0.sourceStream == stream.name }.count
                let writtenGB = records * Self.roundedUp(bytes, to: 1024) / Self.gibibyte
                add(stream.id, .onDemandStreamHour, Self.hoursPerMonth)
                add(stream.id, .onDemandIngestedGB, writtenGB)
                add(stream.id, .onDemandRetrievedGB, writtenGB * Double(readers))
            } else {
                add(stream.id, .shardHour, Double(stream.shards) * Self.hoursPerMonth)
                add(stream.id, .putPayloadUnits, records * (bytes / 25_600).rounded(.up) / 1e6)
            }
        }
        for delivery in pipeline.deliveries {
            let ingestedGB = records * Self.roundedUp(bytes, to: 5120) / Self.gibibyte
            add(delivery.id, .firehoseIngestedGB, ingestedGB)
            if delivery.formatConversion { add(delivery.id, .formatConversionGB, ingestedGB) }
            let objects = Self.objects(records: records, bytes: bytes, delivery.buffering)
            if delivery.dynamicPartitioning {
                add(delivery.id, .dynamicPartitioningGB, rawGB)
                add(delivery.id, .dynamicPartitioningObjects, objects / 1000)
            }
            let bucket = delivery.bucketID ?? delivery.id
            // A month's deliveries, of which a lifecycle expiry keeps only the last days.
            let kept = Double(min(delivery.keptDays ?? 30, 30)) / 30
            add(bucket, .storageGBMonth, rawGB * kept)
            add(bucket, .putRequests, objects / 1000)
            if let backup = delivery.backup {
                let copies = backup.bucketID ?? delivery.id
                add(copies, .storageGBMonth, rawGB)
                add(
                    copies, .putRequests,
                    Self.objects(records: records, bytes: bytes, backup.buffering) / 1000)
            }
        }
        for (watched, count) in pipeline.alarms.sorted(by: { $0.key < $1.key }) {
            add(watched, .alarmMonth, Double(count))
        }
        return lines
    }

    /// Kinesis's write limits: 1 MiB and 1,000 records a second per provisioned shard; an
    /// on-demand stream at most 200 MiB and 200,000 records a second (Kinesis Data Streams
    /// quotas and limits).
    static let shardBytesPerSecond = Double(1 << 20)
    static let shardRecordsPerSecond = 1000.0
    static let onDemandShards = 200.0

    /// What a stream could not take of the traffic, and what it would need; nil when it fits.
    func overCapacity(_ stream: Pipeline.Stream) -> String? {
        let bytes = traffic.recordsPerSecond * Double(traffic.averageRecordBytes)
        let needed = Int(
            max(
                bytes / Self.shardBytesPerSecond,
                traffic.recordsPerSecond / Self.shardRecordsPerSecond
            )
            .rounded(.up))
        let rate =
            "\(traffic.description) (\(String(format: "%.2f", bytes / Self.shardBytesPerSecond)) MiB/s)"
        if stream.onDemand {
            guard Double(needed) > Self.onDemandShards else { return nil }
            return
                "\(stream.id): \(rate) is more than an on-demand stream takes (200 MiB/s and 200,000 records/s)"
        }
        guard needed > stream.shards else { return nil }
        return
            "\(stream.id): \(rate) needs \(needed) shards; \(stream.shards) shard\(stream.shards == 1 ? "" : "s") take\(stream.shards == 1 ? "s" : "") \(stream.shards) MiB/s and \(stream.shards * 1000) records/s, and writes past that are throttled"
    }

    /// Objects written a month: one per buffer flush, when the interval ends or the size fills.
    static func objects(records: Double, bytes: Double, _ buffering: DeliveryStreamSpec.Buffering)
        -> Double
    {
        let interval = Double(buffering.intervalSeconds)
        let sizeMB = Double(buffering.sizeMB)
        guard records > 0 else { return 0 }
        return max(
            interval > 0 ? secondsPerMonth / interval : 0,
            sizeMB > 0 ? records * bytes / Double(1 << 20) / sizeMB : 0)
    }

    static func roundedUp(_ bytes: Double, to unit: Double) -> Double {
        (bytes / unit).rounded(.up) * unit
    }
}
