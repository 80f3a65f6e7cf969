import ArgumentParser
import Engine
import Foundation
import Pipeline

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

    /// A duration back from now, as `watch --since` reads one; nil for a time or anything
    /// longer than a day.
    static func seconds(_ text: String) -> Double? {
        guard !text.contains("T"),
            let start = WatchStart.parse(text, now: Date(timeIntervalSince1970: 0))
        else { return nil }
        let seconds = -start.timeIntervalSince1970
        return seconds <= 86_400 ? seconds : nil
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
