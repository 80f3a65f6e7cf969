import AWS
import Foundation
import Pipeline
import TestSupport
import Testing

struct ProducerTests {
    func readAll(_ kinesis: KinesisClient, stream: String) async throws -> [KinesisClient.Record] {
        var records: [KinesisClient.Record] = []
        for shard in try await kinesis.listShards(stream: stream) {
            var iterator: String? = try await kinesis.shardIterator(
                stream: stream, shardID: shard.shardId)
            while let current = iterator {
                let page = try await kinesis.getRecords(iterator: current)
                records += page.records
                iterator = page.records.isEmpty ? nil : page.nextShardIterator
            }
        }
        return records
    }

    func records(_ count: Int, users: Int = 7, padding: Int = 0) -> [Producer.Record] {
        (0..<count).map { n in
            let user = "user-\(n % users)"
            let body =
                #"{"user":"\#(user)","n":\#(n),"pad":"\#(String(repeating: "x", count: padding))"}"#
                + "\n"
            return Producer.Record(data: Data(body.utf8), partitionKey: user)
        }
    }

    func send(_ producer: Producer, _ records: [Producer.Record]) async throws -> Producer.Summary {
        var iterator = records.makeIterator()
        return try await producer.send { iterator.next() }
    }

    @Test func everyRecordArrivesInOrderPerPartitionKeyIn500RecordBatches() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let stream = uniqueName("produce")
        try await kinesis.createStream(name: stream, shardCount: 2, mode: "PROVISIONED")
        let input = records(1200)
        let summary = try await send(Producer(target: .stream(kinesis, name: stream)), input)
        #expect(summary.progress.sent == 1200 && summary.failures.isEmpty)
        let calls = proxy.requests.filter { $0.request.operation == "PutRecords" }
        #expect(calls.map { Self.recordCount($0.request.body) } == [500, 500, 200])

        let read = try await readAll(kinesis, stream: stream)
        #expect(read.count == 1200)
        for user in 0..<7 {
            let numbers = read.filter { $0.partitionKey == "user-\(user)" }.compactMap {
                (try? JSONSerialization.jsonObject(with: $0.data) as? [String: Any])?["n"] as? Int
            }
            #expect(numbers == Array(stride(from: user, to: 1200, by: 7)))
        }
        try await kinesis.deleteStream(name: stream)
    }

    static func recordCount(_ body: Data) -> Int {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        return (object?["Records"] as? [Any])?.count ?? 0
    }

    @Test func batchesStayUnderFiveMebibytesAndOversizeRecordsAreReported() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let stream = uniqueName("big")
        try await kinesis.createStream(name: stream, shardCount: 1, mode: "PROVISIONED")
        var input = records(12, padding: 900 * 1024)
        input.insert(
            Producer.Record(data: Data(count: 1024 * 1024 + 1), partitionKey: "huge"), at: 3)
        let summary = try await send(Producer(target: .stream(kinesis, name: stream)), input)
        #expect(summary.progress.sent == 12)
        #expect(summary.failures.map(\.index) == [3])
        #expect(summary.failures.first?.reason.contains("over the 1048576-byte limit") == true)
        let calls = proxy.requests.filter { $0.request.operation == "PutRecords" }
        #expect(calls.map { Self.recordCount($0.request.body) } == [5, 5, 2])
        #expect(try await readAll(kinesis, stream: stream).count == 12)
        try await kinesis.deleteStream(name: stream)
    }

    @Test func recordsABatchReportsAsFailedAreSentAgain() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        // The first call is throttled record by record (and never reaches moto).
        proxy.setRule(
            FaultProxy.first(
                1, of: "PutRecords",
                .respond(
                    status: 200, headers: ["Content-Type": "application/x-amz-json-1.1"],
                    body: #"{"FailedRecordCount":3,"Records":["#
                        + Array(
                            repeating:
                                #"{"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded for shard"}"#,
                            count: 3
                        ).joined(separator: ",") + "]}")))
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let stream = uniqueName("retry")
        try await kinesis.createStream(name: stream, shardCount: 1, mode: "PROVISIONED")
        let summary = try await send(
            Producer(target: .stream(kinesis, name: stream), retryDelay: .milliseconds(5)),
            records(3))
        #expect(summary.calls == 2)
        #expect(summary.progress.sent == 3 && summary.failures.isEmpty)
        #expect(try await readAll(kinesis, stream: stream).count == 3)

        // Records that keep failing are reported, not lost silently.
        proxy.setRule { request in
            request.operation == "PutRecords"
                ? .respond(
                    status: 200, headers: [:],
                    body:
                        #"{"FailedRecordCount":1,"Records":[{"ErrorCode":"InternalFailure","ErrorMessage":"boom"}]}"#
                )
                : .forward
        }
        let failing = try await send(
            Producer(
                target: .stream(kinesis, name: stream), maxAttempts: 3, retryDelay: .milliseconds(1)
            ), records(1))
        #expect(failing.calls == 3)
        #expect(failing.failures == [Producer.Failure(index: 0, reason: "InternalFailure: boom")])
        try await KinesisClient(motoContext(server)).deleteStream(name: stream)
    }

    @Test func directPutDeliveryStreamsTakeRecordBatches() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let context = motoContext(server, through: proxy)
        let name = uniqueName("direct")
        // moto writes direct-put records straight into the bucket, so it must exist.
        try await S3Client(context).createBucket(name)
        var destination = ExtendedS3Destination()
        destination.roleARN = "arn:aws:iam::123456789012:role/r"
        destination.bucketARN = "arn:aws:s3:::\(name)"
        try await FirehoseClient(context).createDeliveryStream(
            name: name, source: nil, destination: destination, tags: [:])
        let summary = try await send(
            Producer(target: .deliveryStream(try FirehoseClient(context), name: name)), records(700)
        )
        #expect(summary.progress.sent == 700)
        #expect(
            proxy.requests.filter { $0.request.operation == "PutRecordBatch" }.map {
                Self.recordCount($0.request.body)
            } == [500, 200])
        try await FirehoseClient(context).deleteDeliveryStream(name: name)
        try await BucketCleanup.deleteWithContents(name, s3: S3Client(motoContext(server)))
    }

    @Test func badInputLinesAreNamed() throws {
        let good = try RecordReader.records(
            from: Data("{\"a\":1}\n\n  \n[1,2]\r\n".utf8), file: "in.jsonl")
        #expect(good.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}\n", "[1,2]\n"])
        let error = #expect(throws: RecordReader.BadLine.self) {
            _ = try RecordReader.records(from: Data("{\"a\":1}\n{oops\n".utf8), file: "in.jsonl")
        }
        #expect(
            error?.description
                == "in.jsonl:2: not a JSON document; put one JSON document on each line")
    }

    @Test func sampleEventsLookLikeTheCourseProducer() throws {
        let event =
            try JSONSerialization.jsonObject(with: SampleEvents().event(number: 7))
            as? [String: Any]
        #expect(event?["sequence"] as? Int == 7)
        #expect((event?["event_id"] as? String)?.count == 36)
        #expect(
            event?["event_time"] is String && event?["ticker"] is String
                && event?["price"] is Double)
    }
}
