import AWS

/// Polls until a condition holds, and gives up with a clear message after `timeout`. Polls come
/// at a short fixed interval, so that a wait ends at most one interval after AWS is done and
/// resources created one after another stay close to AWS's own critical path; the request
/// pacer keeps many waits together within each Describe call's documented rate (Kinesis's
/// DescribeStreamSummary: 20 a second per account).
public struct Waiter: Sendable {
    public var interval: Duration
    public var timeout: Duration

    public init(interval: Duration = .milliseconds(500), timeout: Duration = .seconds(900)) {
        self.interval = interval
        self.timeout = timeout
    }

    /// Calls `check` until it returns a value; `check` returns nil to keep waiting and throws to
    /// stop. `describing` says what is awaited ("stream1 to become ACTIVE").
    public func wait<T: Sendable>(
        for describing: String, progress: ProgressReporter, _ check: @Sendable () async throws -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let started = clock.now
        var lastNote = started
        while true {
            if let value = try await check() { return value }
            let elapsed = clock.now - started
            if elapsed >= timeout {
                throw ProviderFailure.timedOut(waitingFor: describing, after: elapsed)
            }
            if clock.now - lastNote >= .seconds(10) {
                progress.note("still waiting for \(describing) (\(elapsed.readable))")
                lastNote = clock.now
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Calls `call` again while it fails with an AWS error that `passes` says goes away by
    /// itself (a name not yet released, a role not yet propagated), for up to `timeout`, saying
    /// what it waits for.
    @discardableResult
    public func retry<Result>(
        _ describing: String, for timeout: Duration, progress: ProgressReporter,
        while passes: (AWSError) -> Bool, _ call: () async throws -> Result
    ) async throws -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        var lastNote: ContinuousClock.Instant?
        while true {
            do {
                return try await call()
            } catch let error as AWSError where passes(error) {
                let elapsed = clock.now - started
                guard elapsed < timeout else { throw error }
                // Said at the first retry, then every ten seconds.
                if lastNote.map({ clock.now - $0 >= .seconds(10) }) ?? true {
                    progress.note("waiting for \(describing) (\(elapsed.readable))")
                    lastNote = clock.now
                }
                try await Task.sleep(for: min(interval, timeout - elapsed))
            }
        }
    }
}
