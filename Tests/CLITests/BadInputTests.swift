import Foundation
import TestSupport
import Testing

/// A corpus of broken stack files: each gets a clear FILE:LINE:COL error and exit 1, with no
/// crash and no network call.
struct BadInputTests {
    static let corpus = Bundle.module.resourceURL!.appendingPathComponent("BrokenStacks")

    struct Expectation {
        var file: URL
        var line: Int
        var column: Int
        var message: String
    }

    static func expectations() throws -> [Expectation] {
        let manifest = try String(
            contentsOf: corpus.appendingPathComponent("expected.tsv"), encoding: .utf8)
        return manifest.split(separator: "\n").map { row in
            let fields = row.split(separator: "\t", maxSplits: 2).map(String.init)
            let position = fields[1].split(separator: ":").map { Int($0)! }
            return Expectation(
                file: corpus.appendingPathComponent(fields[0]), line: position[0],
                column: position[1], message: fields[2])
        }
    }

    /// Files made at test time: too big, not UTF-8, binary, deeply nested.
    static func generatedFiles(in directory: URL) throws -> [URL] {
        var files: [URL] = []
        func write(_ name: String, _ data: Data) throws {
            let url = directory.appendingPathComponent(name)
            try data.write(to: url)
            files.append(url)
        }
        try write(
            "huge.yaml",
            Data(
                ("stack: demo\nresources:\n"
                    + String(repeating: "# padding padding padding\n", count: 170_000)).utf8))
        try write("latin1.yaml", Data("stack: d".utf8) + Data([0xE9, 0x6D, 0x6F, 0x0A]))
        var generator = SeededGenerator(seed: 42)
        try write(
            "junk.yaml", Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        try write(
            "deep.yaml",
            Data(
                ("stack: demo\nresources: " + String(repeating: "{a: ", count: 300) + "1"
                    + String(repeating: "}", count: 300) + "\n").utf8))
        try write("bomb.yaml", Data(BadInputTests.aliasBomb.utf8))
        return files
    }

    static let aliasBomb: String = {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml +=
                "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        return yaml + "stack: demo\nresources: {}\n"
    }()

    @Test func everyBrokenFileIsReportedAtItsLineAndColumn() async throws {
        let expectations = try Self.expectations()
        #expect(expectations.count >= 60)
        let result = try await runStreamstack(
            ["validate"] + expectations.map(\.file.path), environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for expectation in expectations {
            let prefix =
                "\(expectation.file.path):\(expectation.line):\(expectation.column): error: "
            #expect(
                lines.contains { $0.hasPrefix(prefix) && $0.contains(expectation.message) },
                "\(expectation.file.lastPathComponent): no '\(prefix)...\(expectation.message)'")
        }
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func generatedBadFilesFailCleanly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in try Self.generatedFiles(in: directory) {
            let result = try await runStreamstack(
                ["validate", file.path], environment: ["NO_COLOR": "1"])
            #expect(result.status == 1, "\(file.lastPathComponent)")
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(
                first.range(of: #"^\S+:\d+:\d+: error: .+"#, options: .regularExpression) != nil,
                "\(file.lastPathComponent): \(first)")
        }
    }

    /// plan checks the file before it looks for credentials or opens a connection.
    @Test func noBrokenFileReachesTheNetwork() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let endpoint = "http://127.0.0.1:\(listener.port)"
        let environment = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "AKID",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_REGION": "sa-east-1", "HTTP_PROXY": endpoint, "HTTPS_PROXY": endpoint,
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "net-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.expectations().map(\.file) + Self.generatedFiles(in: directory)
        for file in files {
            let result = try await runStreamstack(["plan", file.path], environment: environment)
            #expect(result.status == 1, "\(file.lastPathComponent)")
        }
        #expect(try listener.pendingConnections() == 0)
    }

    /// Numbers from the command line are bounded before anything uses them: infinity, NaN and
    /// huge values are usage errors, never a trap.
    @Test func numbersOutOfBoundsAreUsageErrorsNotCrashes() async throws {
        let stack = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bounds-\(UUID().uuidString).yaml")
        try "stack: bounds\nresources: {}\n".write(to: stack, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: stack) }
        for arguments in [
            ["plan", stack.path, "--traffic", "1/s,infB"],
            ["plan", stack.path, "--traffic", "1e300/s,1KB"],
            ["plan", stack.path, "--traffic", "nan/s,1KB"],
            ["plan", stack.path, "--traffic", "1/s,1e300KB"],
            ["watch", stack.path, "--interval", "1e300"],
            ["watch", stack.path, "--interval", "inf"],
            ["watch", stack.path, "--timeout", "99999999999"],
            ["produce", stack.path, "--rate", "inf"], ["produce", stack.path, "--rate", "nan"],
            ["apply", stack.path, "--parallelism", "100000"],
        ] {
            let result = try await runStreamstack(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
            #expect(
                result.stderr.contains("Error:") || result.stderr.contains("error:"), "\(arguments)"
            )
        }
    }
}
