import Foundation
import Kinds
import StackFile
import Testing

@testable import Engine

/// The arithmetic of the estimate against a month worked out by hand.
struct CostEstimatorTests {
    let prices = EmbeddedPrices.sheet(region: "us-east-1", reason: "a test")
    let traffic = Traffic(recordsPerSecond: 10, averageRecordBytes: 3000, origin: "a test")

    let pipeline = CostEstimator.Pipeline(
        streams: [.init(id: "events", name: "events", onDemand: false, shards: 2)],
        deliveries: [
            .init(
                id: "delivery", sourceStream: "events", bucketID: "landing",
                buffering: .init(sizeMB: 5, intervalSeconds: 60), formatConversion: true,
                dynamicPartitioning: false)
        ])

    func monthly(_ lines: [CostEstimate.Line], _ item: PriceItem) -> Double? {
        lines.first { $0.item == item }?.monthly
    }

    @Test func aProvisionedPipelineWithFormatConversion() {
        // 10 records/s for 730 h = 26,280,000 records of 3,000 bytes.
        let lines = CostEstimator(prices: prices, traffic: traffic).lines(for: pipeline)
        // 2 shards × 730 h × $0.015.
        #expect(abs(monthly(lines, .shardHour)! - 21.90) < 0.005)
        // One 25 KB payload unit per record: 26.28 million × $0.014.
        #expect(abs(monthly(lines, .putPayloadUnits)! - 0.36792) < 0.00001)
        // Firehose bills each record as 5 KB: 26.28e6 × 5,120 B = 125.3128 GiB × $0.029, and
        // converts the same 125.3128 GiB at $0.018.
        #expect(abs(monthly(lines, .firehoseIngestedGB)! - 3.6341) < 0.0001)
        #expect(abs(monthly(lines, .formatConversionGB)! - 2.2556) < 0.0001)
        // S3 keeps the month's 73.4255 GiB as written, at $0.023.
        #expect(abs(monthly(lines, .storageGBMonth)! - 1.6888) < 0.0001)
        // One object a minute (the 5 MB buffer never fills first): 43,800 PUTs × $0.005/1000.
        #expect(abs(monthly(lines, .putRequests)! - 0.219) < 0.0001)
        #expect(lines.allSatisfy { $0.item != .dynamicPartitioningGB })
        // The bucket's lines are the bucket's.
        #expect(lines.filter { $0.resource == "landing" }.count == 2)
        let total = lines.map(\.monthly).reduce(0, +)
        #expect(abs(total - 30.0654) < 0.0001)
        #expect(abs(CostEstimate.perDay(21.90) - 0.72) < 0.001)
    }

    @Test func aBackupStoresTheSourceAgainAndAnExpiryKeepsOnlyItsDays() {
        var whole = pipeline
        whole.deliveries[0].keptDays = 6
        whole.deliveries[0].backup = .init(
            bucketID: "copies", buffering: .init(sizeMB: 128, intervalSeconds: 300))
        whole.deliveries[0].transformation =
            "arn:aws:lambda:us-east-1:123456789012:function:enrich"
        let estimator = CostEstimator(prices: prices, traffic: traffic)
        let lines = estimator.lines(for: whole)
        func line(_ resource: String, _ item: PriceItem) -> Double? {
            lines.first { $0.resource == resource && $0.item == item }?.monthly
        }
        // Six days of the month's 73.4255 GiB stay in the landing bucket: a fifth, at $0.023.
        #expect(abs(line("landing", .storageGBMonth)! - 1.6888 / 5) < 0.0001)
        // The backup keeps the whole month, in objects of five minutes (128 MiB never fill
        // first): 8,760 PUTs.
        #expect(abs(line("copies", .storageGBMonth)! - 1.6888) < 0.0001)
        #expect(abs(line("copies", .putRequests)! - 8.76 * 0.005) < 0.0001)
        // Lambda bills its invocations itself: named, not priced.
        let estimate = estimator.estimate(after: whole, before: whole)
        #expect(
            estimate.notIncluded == [
                "delivery's Lambda function enrich (billed by Lambda for its invocations)"
            ])
    }

    @Test func anExpiryCountsOnlyForTheDeliveriesItsPrefixCovers() {
        let rules = [
            BucketSpec.LifecycleRule(id: "raw", prefix: "raw/", expireAfterDays: 3),
            BucketSpec.LifecycleRule(id: "all", expireAfterDays: 20),
            BucketSpec.LifecycleRule(id: "versions", noncurrentVersionsExpireAfterDays: 1),
        ]
        #expect(CostEstimator.Pipeline.keptDays(rules, prefix: "raw/2026/") == 3)
        #expect(CostEstimator.Pipeline.keptDays(rules, prefix: "curated/") == 20)
        #expect(CostEstimator.Pipeline.keptDays(Array(rules.dropFirst(2)), prefix: "raw/") == nil)
    }

    @Test func trafficPastAStreamsCapacityIsSaidWithWhatItNeeds() {
        // 1,000 records/s of 2 KiB: 1.95 MiB/s, two shards' worth; one shard takes 1 MiB/s.
        let busy = Traffic(recordsPerSecond: 1000, averageRecordBytes: 2048, origin: "a test")
        var one = pipeline
        one.streams[0].shards = 1
        let estimate = CostEstimator(prices: prices, traffic: busy).estimate(
            after: one, before: one)
        #expect(estimate.overCapacity.count == 1)
        #expect(estimate.overCapacity.first?.hasPrefix("events: ") == true)
        #expect(
            estimate.overCapacity.first?.contains(
                "(1.95 MiB/s) needs 2 shards; 1 shard takes 1 MiB/s and 1000 records/s") == true,
            "\(estimate.overCapacity)")
        // Two shards take it; so does an on-demand stream.
        #expect(
            CostEstimator(prices: prices, traffic: busy).estimate(after: pipeline, before: pipeline)
                .overCapacity.isEmpty)
        var onDemand = one
        onDemand.streams[0].onDemand = true
        #expect(
            CostEstimator(prices: prices, traffic: busy).estimate(after: onDemand, before: onDemand)
                .overCapacity.isEmpty)
        // 2,500 records/s of 10 bytes: records, not bytes, need three shards.
        let many = Traffic(recordsPerSecond: 2500, averageRecordBytes: 10, origin: "a test")
        #expect(
            CostEstimator(prices: prices, traffic: many).estimate(after: one, before: one)
                .overCapacity.first?.contains("needs 3 shards") == true)
    }

    @Test func onDemandStreamsPayPerGigabyteWrittenAndReadAndPartitioningPerObject() {
        var onDemand = pipeline
        onDemand.streams[0].onDemand = true
        onDemand.deliveries[0].dynamicPartitioning = true
        let lines = CostEstimator(prices: prices, traffic: traffic).lines(for: onDemand)
        #expect(monthly(lines, .shardHour) == nil)
        #expect(abs(monthly(lines, .onDemandStreamHour)! - 730 * 0.04) < 0.0001)
        // Records round up to 1 KB: 3,000 B counts as 3,072 B; 75.1875 GiB × $0.08 written,
        // and read once by the one delivery stream at $0.04.
        #expect(abs(monthly(lines, .onDemandIngestedGB)! - 75.1875 * 0.08) < 0.0001)
        #expect(abs(monthly(lines, .onDemandRetrievedGB)! - 75.1875 * 0.04) < 0.0001)
        #expect(abs(monthly(lines, .dynamicPartitioningGB)! - 73.4255 * 0.02) < 0.0001)
        #expect(abs(monthly(lines, .dynamicPartitioningObjects)! - 43.8 * 0.005) < 0.0001)
    }

    @Test func thePlansChangeIsAfterLessBefore() {
        var before = pipeline
        before.streams[0].shards = 1
        let estimate = CostEstimator(prices: prices, traffic: traffic).estimate(
            after: pipeline, before: before)
        #expect(abs(estimate.change - 730 * 0.015) < 0.0001)
        let nothing = CostEstimator(prices: prices, traffic: traffic).estimate(
            after: pipeline, before: .init(streams: [], deliveries: []))
        #expect(nothing.currentMonthly == 0)
        #expect(nothing.change == nothing.monthly)
    }

    @Test func trafficIsWrittenAsRateAndSize() {
        #expect(
            Traffic.parse("100/s,2KiB")
                == Traffic(recordsPerSecond: 100, averageRecordBytes: 2048, origin: "--traffic"))
        #expect(Traffic.parse("0.5/s, 800B")?.averageRecordBytes == 800)
        #expect(Traffic.parse("1/s,1MB")?.averageRecordBytes == 1 << 20)
        for wrong in ["100", "100/s", "-1/s,1KB", "1/s,2MB", "1/s,0B", "fast/s,1KB", "1/m,1KB"] {
            #expect(Traffic.parse(wrong) == nil, "\(wrong)")
        }
        #expect(Traffic.assumed.description == "1 record/s of 1 KiB")
    }
}

extension CostEstimatorTests {
    /// A standard-resolution alarm is $0.10 a month, on the line of what it watches.
    @Test func alarmsArePricedByWhatTheyWatch() {
        var watched = pipeline
        watched.alarms = ["delivery": 2, "events": 3]
        let lines = CostEstimator(prices: prices, traffic: traffic).lines(for: watched)
        let alarms = lines.filter { $0.item == .alarmMonth }
        #expect(alarms.map(\.resource) == ["delivery", "events"])
        #expect(alarms.map(\.quantity) == [2, 3])
        #expect(abs(alarms.map(\.monthly).reduce(0, +) - 0.5) < 1e-9)
    }
}
