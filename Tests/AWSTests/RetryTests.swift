import AWS
import Foundation
import Synchronization
import TestSupport
import Testing

/// Faults injected at the HTTP level by the proxy between the client and moto.
struct RetryTests {
    static let throttled = FaultProxy.Fault.respond(
        status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
        body: #"{"__type":"LimitExceededException","message":"Rate exceeded for stream"}"#)
    static let internalError = FaultProxy.Fault.respond(
        status: 500, headers: ["Content-Type": "application/x-amz-json-1.1"],
        body: #"{"__type":"InternalFailure","message":"boom"}"#)
    static let slowDown = FaultProxy.Fault.respond(
        status: 503, headers: ["Content-Type": "application/xml"],
        body:
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
    )

    @Test(arguments: [
        ("throttling", throttled), ("500", internalError),
        ("dropped connection", FaultProxy.Fault.dropConnection),
    ])
    func aFaultThatPassesIsRetried(_ name: String, _ fault: FaultProxy.Fault) async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule(FaultProxy.first(2, of: "ListStreams", fault))
        let logger = RecordingLogger()
        _ = try await KinesisClient(motoContext(server, through: proxy, logger: logger))
            .listStreams()
        #expect(proxy.requests.filter { $0.request.operation == "ListStreams" }.count == 3)
        #expect(logger.all.map(\.attempt) == [1, 2, 3])
        #expect(logger.all.last?.status == 200)
    }

    @Test func s3SlowDownIsRetried() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule(FaultProxy.first(1, of: "GET /", Self.slowDown))
        _ = try await S3Client(motoContext(server, through: proxy)).listBuckets()
        #expect(proxy.requests.map(\.fault) == ["respond 503", "forward"])
    }

    @Test func attemptsAreBounded() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule { _ in Self.throttled }
        let error = await #expect(throws: AWSError.self) {
            _ = try await KinesisClient(
                motoContext(server, through: proxy, retry: fastRetries(maxAttempts: 3))
            ).listStreams()
        }
        #expect(error?.code == "LimitExceededException")
        #expect(proxy.requests.count == 3)
    }

    @Test func anEmptyBudgetStopsRetrying() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule { _ in Self.internalError }
        let budget = RetryBudget(capacity: 10)  // two retries' worth
        let retry = RetryPolicy(
            maxAttempts: 10, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2), budget: budget
        )
        let kinesis = try KinesisClient(motoContext(server, through: proxy, retry: retry))
        await #expect(throws: AWSError.self) { _ = try await kinesis.listStreams() }
        #expect(proxy.requests.count == 3)
        await #expect(throws: AWSError.self) { _ = try await kinesis.listStreams() }
        #expect(proxy.requests.count == 4)  // no tokens left: no retry
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let error = await #expect(throws: AWSError.self) {
            _ = try await kinesis.describeStreamSummary(name: uniqueName("missing"))
        }
        #expect(error?.code == "ResourceNotFoundException")
        #expect(proxy.requests.count == 1)
    }

    @Test func aCreateWhoseAnswerWasLostIsRecognisedOnRetry() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        // moto creates the stream, the answer never arrives, the retry hears "in use".
        proxy.setRule(FaultProxy.first(1, of: "CreateStream", .forwardAndLoseAnswer))
        let kinesis = try KinesisClient(motoContext(server, through: proxy))
        let name = uniqueName("lost")
        try await kinesis.createStream(name: name, shardCount: 1, mode: "PROVISIONED")
        #expect(proxy.requests.map(\.fault) == ["lose answer", "forward"])
        #expect(try await kinesis.describeStreamSummary(name: name).streamStatus == "ACTIVE")
        try await kinesis.deleteStream(name: name)
    }

    @Test func aLostAnswerOnIAMAndS3CreatesToo() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let context = motoContext(server, through: proxy)
        proxy.setRule(FaultProxy.first(1, of: "CreateRole", .forwardAndLoseAnswer))
        let name = uniqueName("lost")
        let role = try await IAMClient(context).createRole(
            name: name, assumeRolePolicyDocument: IAMClientTests.trust)
        #expect(role.name == name)
        proxy.setRule(FaultProxy.first(1, of: "PUT /\(name)", .forwardAndLoseAnswer))
        try await S3Client(context).createBucket(name)
        #expect(proxy.requests.suffix(2).map(\.fault) == ["lose answer", "forward"])
        try await S3Client(context).deleteBucket(name)
        try await IAMClient(context).deleteRole(name: name)
    }

    @Test func anExistingStreamIsStillAnErrorWithoutALostAnswer() async throws {
        let server = try await MotoServer.shared()
        let kinesis = try KinesisClient(motoContext(server))
        let name = uniqueName("taken")
        try await kinesis.createStream(name: name, shardCount: 1, mode: "PROVISIONED")
        let error = await #expect(throws: AWSError.self) {
            try await kinesis.createStream(name: name, shardCount: 1, mode: "PROVISIONED")
        }
        #expect(error?.code == "ResourceInUseException")
        try await kinesis.deleteStream(name: name)
    }

    @Test func backoffIsFullJitterUnderACap() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...10 {
            let ceiling = min(Duration.seconds(1), .milliseconds(100) * (1 << attempt))
            for _ in 0..<50 {
                let delay = policy.delay(beforeRetry: attempt)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        #expect(RetryPolicy.decision(for: TransportError(.hostNotFound, "x")) == .doNotRetry)
        #expect(
            RetryPolicy.decision(for: TransportError(.timedOut, "x"))
                == .retry(cost: 10, mayHaveHappened: true))
        #expect(
            RetryPolicy.decision(for: TransportError(.cannotConnect, "x"))
                == .retry(cost: 5, mayHaveHappened: false))
    }
}
