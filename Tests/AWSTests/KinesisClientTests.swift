import AWS
import Foundation
import TestSupport
import Testing

struct KinesisClientTests {
    @Test func streamLifecycleTagsRetentionAndRecords() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let name = uniqueName("stream")
        try await kinesis.createStream(name: name, shardCount: 2, mode: "PROVISIONED")
        try await kinesis.addTags(stream: name, tags: ["streamstack:stack": "t", "team": "data"])

        var summary = try await kinesis.describeStreamSummary(name: name)
        #expect(summary.streamStatus == "ACTIVE")
        #expect(summary.streamARN == "arn:aws:kinesis:sa-east-1:\(server.accountID):stream/\(name)")
        #expect(summary.openShardCount == 2)
        #expect(summary.retentionPeriodHours == 24)
        #expect(try await kinesis.listStreams().contains(name))
        #expect(
            try await kinesis.listTags(stream: name) == ["streamstack:stack": "t", "team": "data"])

        try await kinesis.increaseRetention(stream: name, hours: 48)
        try await kinesis.updateShardCount(stream: name, target: 3)
        try await kinesis.removeTags(stream: name, keys: ["team"])
        summary = try await kinesis.describeStreamSummary(name: name)
        #expect(summary.retentionPeriodHours == 48)
        #expect(try await kinesis.listTags(stream: name) == ["streamstack:stack": "t"])

        let records = (0..<5).map {
            KinesisClient.PutRecordsEntry(data: Data(#"{"n":\#($0)}"#.utf8), partitionKey: "k")
        }
        let put = try await kinesis.putRecords(stream: name, records: records)
        #expect(put.failedRecordCount ?? 0 == 0)
        let shard = try #require(put.records.first?.shardId)
        let iterator = try await kinesis.shardIterator(stream: name, shardID: shard)
        let read = try await kinesis.getRecords(iterator: iterator)
        #expect(
            read.records.map { String(decoding: $0.data, as: UTF8.self) }
                == (0..<5).map { #"{"n":\#($0)}"# })

        try await kinesis.deleteStream(name: name)
        let gone = await #expect(throws: AWSError.self) {
            _ = try await kinesis.describeStreamSummary(name: name)
        }
        #expect(gone?.code == "ResourceNotFoundException")
        #expect(try BotocoreModelCheck.problems(in: proxy.requests.map(\.request)) == [])
    }

    @Test func onDemandStreamsAndModeSwitch() async throws {
        let server = try await MotoServer.shared()
        let kinesis = try KinesisClient(motoContext(server))
        let name = uniqueName("ondemand")
        try await kinesis.createStream(name: name, shardCount: nil, mode: "ON_DEMAND")
        let summary = try await kinesis.describeStreamSummary(name: name)
        #expect(summary.streamModeDetails?.streamMode == "ON_DEMAND")
        try await kinesis.updateStreamMode(streamARN: summary.streamARN, mode: "PROVISIONED")
        #expect(
            try await kinesis.describeStreamSummary(name: name).streamModeDetails?.streamMode
                == "PROVISIONED")
        try await kinesis.deleteStream(name: name)
    }
}
