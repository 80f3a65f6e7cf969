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
/// folder (no ~/.aws of the developer's) and what the test passes.
public func runStreamstack(
    _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
    currentDirectory: URL? = nil
) throws -> CommandResult {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path,
    ]
    env.merge(environment) { $1 }
    return try runProcess(
        streamstackBinary, arguments, environment: env, stdin: stdin,
        currentDirectory: currentDirectory)
}

/// A `streamstack` started in the background, to be signalled and waited for.
public final class RunningCommand: @unchecked Sendable {
    let process: Process
    let directory: URL

    init(process: Process, directory: URL) {
        self.process = process
        self.directory = directory
    }

    public func interrupt() { process.interrupt() }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// What it printed so far.
    public var stdout: String {
        (try? String(contentsOf: directory.appendingPathComponent("out"), encoding: .utf8)) ?? ""
    }

    public func wait() -> CommandResult {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: directory) }
        return CommandResult(
            status: process.terminationStatus, stdout: stdout,
            stderr: (try? String(
                contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)) ?? "")
    }
}

public func startStreamstack(_ arguments: [String], environment: [String: String]) throws
    -> RunningCommand
{
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-bg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = streamstackBinary
    process.arguments = arguments
    var env = [
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "HOME": directory.path,
        "AWS_EC2_METADATA_DISABLED": "true",
    ]
    env.merge(environment) { $1 }
    process.environment = env
    process.currentDirectoryURL = packageRoot
    for name in ["out", "err"] {
        _ = FileManager.default.createFile(
            atPath: directory.appendingPathComponent(name).path, contents: nil)
    }
    process.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent("out"))
    process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("err"))
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return RunningCommand(process: process, directory: directory)
}

public func runProcess(
    _ executable: URL, _ arguments: [String], environment: [String: String], stdin: String? = nil,
    currentDirectory: URL? = nil
) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = currentDirectory ?? packageRoot
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "streamstack-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outURL = directory.appendingPathComponent("out")
    let errURL = directory.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    if let stdin {
        let inURL = directory.appendingPathComponent("in")
        try stdin.write(to: inURL, atomically: true, encoding: .utf8)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}
