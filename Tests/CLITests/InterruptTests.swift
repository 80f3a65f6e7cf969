import AWS
import Foundation
import TestSupport
import Testing

struct InterruptTests {
    /// Ctrl-C: nothing new starts, the call in flight finishes, the report says what happened,
    /// the exit code is 130, and a second apply converges.
    @Test func anInterruptedApplyReportsAndARerunConverges() async throws {
        let scenario = try await StackScenarioTests.Scenario("sigint")
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { request in
            request.operation == "CreateStream" ? .delay(.seconds(2)) : .forward
        }
        try scenario.write(scenario.stream("a") + scenario.stream("b") + scenario.stream("c"))
        var environment = scenario.server.environment()
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint.absoluteString
        let running = try await startStreamstack(
            ["apply", scenario.file.path, "--auto-approve", "--parallelism", "1"],
            environment: environment)
        // Wait until the first create is in flight (held by the proxy), then interrupt.
        let deadline = ContinuousClock.now + .seconds(60)
        while !proxy.requests.contains(where: { $0.request.operation == "CreateStream" }),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(25))
        }
        running.interrupt()
        let result = await running.finished()
        #expect(result.status == 130, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("interrupted: finishing the calls in flight"))
        #expect(result.stdout.contains("Apply interrupted."))
        #expect(result.stdout.contains("Done: a (create)"))
        #expect(result.stdout.contains("Skipped: b (create): interrupted"))
        let streams = try await KinesisClient(scenario.aws).listStreams()
        #expect(streams.contains("\(scenario.stack)-a"))
        #expect(!streams.contains("\(scenario.stack)-c"))

        proxy.setRule { _ in .forward }
        #expect(try await scenario.run(["apply", "STACK", "--auto-approve"]).status == 0)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        #expect(try await scenario.run(["destroy", "STACK", "--auto-approve"]).status == 0)
    }

    /// An endpoint that takes calls and never answers: after a few seconds streamstack says
    /// what it waits for and when it gives up; Ctrl-C then says that nothing was changed, and
    /// the exit code is 130.
    @Test func aSilentEndpointIsNamedAndAnInterruptSaysNothingWasChanged() async throws {
        let scenario = try await StackScenarioTests.Scenario("sigint-read", realAWS: false)
        let proxy = try scenario.faultProxy()
        defer { proxy.stop() }
        proxy.setRule { _ in .delay(.seconds(40)) }
        try scenario.write(scenario.stream("a"))
        var environment = scenario.server.environment()
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint.absoluteString
        let running = try await startStreamstack(
            ["apply", scenario.file.path, "--auto-approve"], environment: environment)
        let deadline = ContinuousClock.now + .seconds(60)
        while !running.stderr.contains("still waiting for "),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        // One line for the calls that wait together: which, where, and when it gives up.
        #expect(
            running.stderr.contains(
                " at 127.0.0.1:\(proxy.endpoint.port ?? 0): 5 s without an answer (gives up at 30 s, try 1 of"
            ), "\(running.stderr)")
        #expect(
            running.stderr.components(separatedBy: "still waiting for ").count == 2,
            "\(running.stderr)")
        running.interrupt()
        let result = await running.finished()
        #expect(result.status == 130, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("interrupted while reading AWS: nothing was changed"))
        #expect(
            try await !KinesisClient(scenario.aws).listStreams().contains("\(scenario.stack)-a"))
    }
}
