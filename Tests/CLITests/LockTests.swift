import AWS
import Engine
import Foundation
import TestSupport
import Testing

/// `apply` and `destroy` hold a lock per stack, account and region (an S3 object written only
/// if none exists): a second run says who holds it and changes nothing, or waits for it; a
/// killed run's lock is taken over on its machine and removed by `unlock` anywhere.
struct LockTests {
    typealias Scenario = StackScenarioTests.Scenario

    func lock(_ scenario: Scenario) throws -> StackLock {
        StackLock(
            s3: try S3Client(scenario.aws), bucket: "streamstack-locks-123456789012-sa-east-1",
            stack: scenario.stack, accountID: "123456789012", region: "sa-east-1")
    }

    func streams(_ scenario: Scenario) async throws -> [String] {
        try await KinesisClient(scenario.aws).listStreams().filter {
            $0.hasPrefix(scenario.stack)
        }
    }

    @Test func aSecondRunSaysWhoHoldsTheLockOrWaitsForIt() async throws {
        let scenario = try await Scenario("lock")
        try scenario.write(scenario.stream("s"))
        // The first apply creates the account's lock bucket, private and encrypted.
        let first = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let s3 = try S3Client(scenario.aws)
        let bucket = "streamstack-locks-123456789012-sa-east-1"
        #expect(try await s3.getPublicAccessBlock(bucket)?.blockPublicPolicy == true)
        #expect(try await s3.getEncryption(bucket)?.algorithm == "AES256")
        #expect(try await lock(scenario).current() == nil, "given back after the run")

        // Another run (of another machine) holds the lock.
        try scenario.write(scenario.stream("s") + scenario.stream("t"))
        let other = StackLock.Holder(
            caller: "arn:aws:iam::123456789012:user/ci", command: "apply", now: Date())
        var holder = other
        holder.host = "ci-runner-7"
        let held = try await lock(scenario).acquire(holder)
        let refused = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(
            refused.stderr.contains("is locked by arn:aws:iam::123456789012:user/ci on ci-runner-7")
        )
        #expect(refused.stderr.contains("nothing was changed"))
        #expect(try await streams(scenario) == ["\(scenario.stack)-s"], "nothing changed in AWS")

        // With --lock-timeout it waits, then applies.
        let waiting = try await scenario.start([
            "apply", "STACK", "--auto-approve", "--lock-timeout", "60s",
        ])
        try await Task.sleep(for: .seconds(2))
        #expect(try await lock(scenario).release(held))
        let waited = await waiting.finished()
        #expect(waited.status == 0, "\(waited.stdout)\(waited.stderr)")
        #expect(waited.stderr.contains("waiting for the lock held by"))
        #expect(Set(try await streams(scenario)) == ["\(scenario.stack)-s", "\(scenario.stack)-t"])
        #expect(try await lock(scenario).current() == nil)

        // A lock left by a run that is gone: unlock shows it and removes it.
        _ = try await lock(scenario).acquire(holder)
        let unlock = try await scenario.run(["unlock", "STACK", "--auto-approve"])
        #expect(unlock.status == 0, "\(unlock.stdout)\(unlock.stderr)")
        #expect(unlock.stdout.contains("held by arn:aws:iam::123456789012:user/ci on ci-runner-7"))
        #expect(try await lock(scenario).current() == nil)
        let destroy = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
    }

    /// Two applies at once: the second finds the first's lock and changes nothing; once the
    /// first is killed, its lock no longer stops a run of its machine.
    @Test func aKilledRunsLockIsTakenOverOnItsMachine() async throws {
        let scenario = try await Scenario("lockkill")
        let behaviour = try #require(scenario.realAWS)
        try scenario.write(scenario.stream("a") + scenario.stream("b", shards: 2))
        // The streams stay CREATING until the test is done: the first run holds its lock.
        behaviour.set { $0.holdStreams = true }
        let seen = scenario.calls("DescribeStreamSummary")
        let running = try await scenario.start(["apply", "STACK", "--auto-approve"])
        try await scenario.waitForCall("DescribeStreamSummary", beyond: seen)
        let second = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(second.status == 1, "\(second.stdout)\(second.stderr)")
        #expect(
            second.stderr.contains("(apply, pid \(running.processIdentifier)"), "\(second.stderr)")
        kill(running.processIdentifier, SIGKILL)
        _ = await running.finished()
        #expect(try await lock(scenario).current() != nil, "a killed run leaves its lock")
        behaviour.set { $0.holdStreams = false }
        let again = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("took over the lock of"), "\(again.stderr)")
        #expect(Set(try await streams(scenario)) == ["\(scenario.stack)-a", "\(scenario.stack)-b"])
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// The lock's write reaches S3 but its answer is lost: the retry finds the key taken, and
    /// the object read back is this run's own.
    @Test func aLostAnswerToTheLocksWriteIsReadBack() async throws {
        let scenario = try await Scenario("locklost")
        try scenario.write(scenario.stream("s"))
        // The account's lock bucket exists from here on, whichever test made it.
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        try scenario.write(scenario.stream("s") + scenario.stream("t"))
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        let put =
            "PUT /streamstack-locks-123456789012-sa-east-1/streamstack/locks/123456789012/sa-east-1/\(scenario.stack).json"
        let write = FaultProxy.first(1, of: put, .forwardAndLoseAnswer)
        proxy.setRule { write($0) }
        let apply = try await scenario.run(
            ["apply", "STACK", "--auto-approve"], through: proxy.endpoint)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        // The write whose answer was lost, and the retry S3 refused.
        #expect(proxy.requests.filter { $0.request.operation == put }.count == 2)
        #expect(Set(try await streams(scenario)) == ["\(scenario.stack)-s", "\(scenario.stack)-t"])
        #expect(try await lock(scenario).current() == nil, "released after the run")
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }
}
