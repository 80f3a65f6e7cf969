import Foundation
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
            public init(
                id: String, sourceStream: String?, bucketID: String?,
                buffering: DeliveryStreamSpec.Buffering,
                formatConversion: Bool, dynamicPartitioning: Bool
            ) {
                self.id = id
                self.sourceStream = sourceStream
                self.bucketID = bucketID
                self.buffering = buffering
                self.formatConversion = formatConversion
                self.dynamicPartitioning = dynamicPartitioning
            }
        }
        public var streams: [Stream]
        public var deliveries: [Delivery]
        public init(streams: [Stream], deliveries: [Delivery]) {
            self.streams = streams
            self.deliveries = deliveries
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
        return CostEstimate(
            lines: lines, monthly: lines.map(\.monthly).reduce(0, +),
            currentMonthly: self.lines(for: before).map(\.monthly).reduce(0, +),
            traffic: traffic, prices: prices)
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
            // One object per buffer flush: when the interval ends or the size fills.
            let interval = Double(delivery.buffering.intervalSeconds)
            let sizeMB = Double(delivery.buffering.sizeMB)
            let objects =
                records > 0
                ? max(
                    interval > 0 ? Self.secondsPerMonth / interval : 0,
                    sizeMB > 0 ? records * bytes / Double(1 << 20) / sizeMB : 0) : 0
            if delivery.dynamicPartitioning {
                add(delivery.id, .dynamicPartitioningGB, rawGB)
                add(delivery.id, .dynamicPartitioningObjects, objects / 1000)
            }
            let bucket = delivery.bucketID ?? delivery.id
            add(bucket, .storageGBMonth, rawGB)
            add(bucket, .putRequests, objects / 1000)
        }
        return lines
    }

    static func roundedUp(_ bytes: Double, to unit: Double) -> Double {
        (bytes / unit).rounded(.up) * unit
    }
}
