import Foundation
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command run through `/bin/sh` whose output is read whole, within bounds: both pipes are
/// read at once (a helper that fills its stderr pipe would otherwise wait on us for ever), each
/// up to `outputLimit`, and the helper is killed, with whatever it started, when it outlives
/// its timeout, when the task is cancelled, or when streamstack is interrupted.
public enum HelperProcess {
    /// The process group of the helper running now, or 0: read by signal handlers, which may
    /// only touch lock-free state.
    public static let running = Atomic<Int32>(0)
    public static let outputLimit = 1024 * 1024

    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `command` and returns its exit status, stdout and stderr.
    public static func run(_ command: String, timeout: Duration, describing what: String)
        async throws -> (status: Int32, stdout: Data, stderr: Data)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let exit = ExitSignal()
        process.terminationHandler = { _ in exit.fire() }
        do {
            try process.run()
        } catch {
            throw CredentialError("\(what) could not start: \(error)")
        }
        // Foundation starts the child as the leader of its own process group.
        let group = process.processIdentifier
        running.store(group, ordering: .sequentiallyConsistent)
        defer { running.store(0, ordering: .sequentiallyConsistent) }
        async let output = readAll(stdout.fileHandleForReading)
        async let errors = readAll(stderr.fileHandleForReading)
        let exitedInTime = await withTaskCancellationHandler {
            await withTaskGroup(of: Bool.self) { tasks in
                tasks.addTask {
                    await exit.wait()
                    return true
                }
                tasks.addTask {
                    try? await Task.sleep(for: timeout)
                    return false
                }
                let first = await tasks.next() ?? false
                if !first { kill(-group, SIGKILL) }
                tasks.cancelAll()
                return first
            }
        } onCancel: {
            kill(-group, SIGKILL)
        }
        // Whatever the helper left running is ended with it (and its pipes closed).
        kill(-group, SIGKILL)
        let (out, err) = await (output, errors)
        try Task.checkCancellation()
        guard exitedInTime else {
            throw TimedOut(
                description:
                    "\(what) did not finish within \(timeout.components.seconds) s and was stopped"
            )
        }
        return (process.terminationStatus, out, err)
    }

    /// Reads to the end of the pipe on a thread of its own, keeping the first `outputLimit`
    /// bytes and draining the rest.
    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var data = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    if data.count < outputLimit {
                        data.append(chunk.prefix(outputLimit - data.count))
                    }
                }
                continuation.resume(returning: data)
            }
        }
    }
}

/// The helper's end, awaited once, whether it comes before or after the wait begins.
private final class ExitSignal: Sendable {
    private let state = Mutex<(exited: Bool, waiter: CheckedContinuation<Void, Never>?)>(
        (false, nil))

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.exited = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.exited { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
