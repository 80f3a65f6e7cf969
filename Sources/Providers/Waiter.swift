import AWS

/// Polls until a condition holds, and gives up with a clear message after `timeout`. The pause
/// between polls grows with the time already waited (a fifth of it, from `initialDelay` up to
/// `maximumDelay`), so that the wait overshoots the moment AWS is done by a fifth at most:
/// resources created one after another stay close to AWS's own critical path.
public struct Waiter: Sendable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var timeout: Duration

    public init(
        initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(10),
        timeout: Duration = .seconds(900)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
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
            try await Task.sleep(for: pause(after: elapsed))
        }
    }

    /// Calls `call` again while it fails with an AWS error that `passes` says goes away by
    /// itself (a name not yet released, a role not yet propagated), for up to `timeout`, saying
    /// at each retry what it waits for.
    @discardableResult
    public func retry<Result>(
        _ describing: String, for timeout: Duration, progress: ProgressReporter,
        while passes: (AWSError) -> Bool, _ call: () async throws -> Result
    ) async throws -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        while true {
            do {
                return try await call()
            } catch let error as AWSError where passes(error) {
                let elapsed = clock.now - started
                guard elapsed < timeout else { throw error }
                progress.note("waiting for \(describing) (\(elapsed.readable))")
                try await Task.sleep(for: min(pause(after: elapsed), timeout - elapsed))
            }
        }
    }

    /// A fifth of the time waited so far, within the delays' bounds.
    private func pause(after elapsed: Duration) -> Duration {
        min(maximumDelay, max(initialDelay, elapsed / 5))
    }
}
