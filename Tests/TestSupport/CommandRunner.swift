import Foundation

/// What a finished command printed and returned.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The root of this package, found from this source file's path.
public let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `streamstack` binary SwiftPM built beside the test bundle.
public let streamstackBinary: URL = {
    let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // On Linux the tests run from `<build>/debug/<package>PackageTests.xctest`.
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent("streamstack")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/streamstack")
}()

/// Runs the built `streamstack` with a clean environment: only PATH, HOME pointed at an empty
/// folder (no ~/.aws of the developer's) and what the test passes. Waits without holding a
/// thread of the test pool, so that many tests can run commands at once.
/// The user's state folder of every command the tests run, unless a test names its own.
public let testStateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "streamstack-test-state-\(ProcessInfo.processInfo.processIdentifier)"
).path

public func runStreamstack(
    _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
    currentDirectory: URL? = nil
) async throws -> CommandResult {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    // Never reach for the instance metadata address from a test. One state folder for the
    // whole test run (journals are per stack, and every test's stack has a name of its own),
    // so that a run killed mid-create and the run after it share their journal.
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
        "AWS_EC2_METADATA_DISABLED": "true", "XDG_STATE_HOME": testStateDirectory,
    ]
    env.merge(environment) { $1 }
    await ProcessSlots.shared.acquire()
    do {
        let running = try startProcess(
            streamstackBinary, arguments, environment: env, stdin: stdin,
            currentDirectory: currentDirectory)
        let result = await running.finished()
        await ProcessSlots.shared.release()
        return result
    } catch {
        await ProcessSlots.shared.release()
        throw error
    }
}

/// Bounds how many `streamstack` processes the tests run at once: beyond a few, moto (one
/// Python process on two cores) answers so slowly that calls time out.
public actor ProcessSlots {
    public static let shared = ProcessSlots(count: 4)
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A process started in the background, to be signalled and waited for; its output goes to
/// files (a pipe could fill up and stall it).
public final class RunningCommand: @unchecked Sendable {
    let process: Process
    let directory: URL
    private let exited = NSCondition()
    private var hasExited = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Called once when the process ends.
    var onExit: (@Sendable () -> Void)?

    init(process: Process, directory: URL) {
        self.process = process
        self.directory = directory
    }

    func markExited() {
        exited.lock()
        hasExited = true
        let resumed = waiters
        waiters = []
        let exitHandler = onExit
        exited.broadcast()
        exited.unlock()
        exitHandler?()
        for waiter in resumed { waiter.resume() }
    }

    public func interrupt() { process.interrupt() }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// What it printed so far.
    public var stdout: String {
        (try? String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8)) ?? ""
    }

    /// What it printed on standard error so far.
    public var stderr: String {
        (try? String(contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)) ?? ""
    }

    /// Waits for the end without blocking a thread.
    public func finished() async -> CommandResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            exited.lock()
            if hasExited {
                exited.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                exited.unlock()
            }
        }
        return result()
    }

    /// Waits for the end, blocking the calling thread.
    public func wait() -> CommandResult {
        exited.lock()
        while !hasExited { exited.wait() }
        exited.unlock()
        return result()
    }

    private func result() -> CommandResult {
        defer { try? FileManager.default.removeItem(at: directory) }
        return CommandResult(
            status: process.terminationStatus, stdout: stdout,
            stderr: (try? String(
                contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)) ?? "")
    }
}

public func startProcess(
    _ executable: URL, _ arguments: [String], environment: [String: String], stdin: String? = nil,
    currentDirectory: URL? = nil, onExit: (@Sendable () -> Void)? = nil
) throws -> RunningCommand {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = currentDirectory ?? packageRoot
    for name in ["out", "err"] {
        _ = FileManager.default.createFile(
            atPath: directory.appendingPathComponent(name).path, contents: nil)
    }
    var handles = [
        try FileHandle(forWritingTo: directory.appendingPathComponent("out")),
        try FileHandle(forWritingTo: directory.appendingPathComponent("err")),
    ]
    process.standardOutput = handles[0]
    process.standardError = handles[1]
    if let stdin {
        let input = directory.appendingPathComponent("in")
        try stdin.write(to: input, atomically: true, encoding: .utf8)
        handles.append(try FileHandle(forReadingFrom: input))
        process.standardInput = handles[2]
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    let running = RunningCommand(process: process, directory: directory)
    running.onExit = onExit
    process.terminationHandler = { process in
        running.markExited()
        // The handler holds the command, which holds the process: let both go.
        process.terminationHandler = nil
    }
    defer {
        // The child has its own copies; the test's would stay open for the whole run.
        for handle in handles { try? handle.close() }
    }
    try process.run()
    return running
}

/// Starts the built `streamstack` in the background with a clean environment; it holds one of
/// the process slots until it ends.
public func startStreamstack(_ arguments: [String], environment: [String: String]) async throws
    -> RunningCommand
{
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-bg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
        "AWS_EC2_METADATA_DISABLED": "true", "XDG_STATE_HOME": testStateDirectory,
    ]
    env.merge(environment) { $1 }
    await ProcessSlots.shared.acquire()
    do {
        return try startProcess(
            streamstackBinary, arguments, environment: env,
            onExit: { Task { await ProcessSlots.shared.release() } })
    } catch {
        await ProcessSlots.shared.release()
        throw error
    }
}

/// Runs a helper program and waits for it (blocking: for short helpers such as gzip).
public func runProcess(
    _ executable: URL, _ arguments: [String], environment: [String: String], stdin: String? = nil,
    currentDirectory: URL? = nil
) throws -> CommandResult {
    try startProcess(
        executable, arguments, environment: environment, stdin: stdin,
        currentDirectory: currentDirectory
    )
    .wait()
}
