import ArgumentParser
import Engine

/// `--lock-timeout`, and the stack's lock around what changes AWS.
enum LockWait {
    static func validate(_ text: String?) throws {
        guard let text else { return }
        guard seconds(text) != nil else {
            throw ValidationError(
                "--lock-timeout expects a duration such as 90s, 10m or 1h (at most a day); got '\(text)'"
            )
        }
    }

    /// At most a day.
    static func seconds(_ text: String) -> Double? {
        DurationArgument.seconds(text, most: 86_400)
    }

    /// Runs `body` holding the stack's lock, with progress on standard error. From the moment
    /// the lock is held, Ctrl-C stops the run as it stops an execution, so that the lock is
    /// given back.
    static func holding<T: Sendable>(
        _ session: StackSession, command: String, timeout: String?, console: Console,
        _ body: () async throws -> T
    ) async throws -> T {
        let wait = Duration.milliseconds(Int((timeout.flatMap(seconds) ?? 0) * 1000))
        return try await session.holdingLock(
            command: command, timeout: wait, progress: { console.err($0) }
        ) { _ in
            _ = Interrupts.beginExecution()
            return try await body()
        }
    }
}
