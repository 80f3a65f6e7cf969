import Foundation
import Kinds
import StackFile
import TestSupport
import Testing

struct StackLoaderTests {
    /// A file with a mistake of each kind gets every one reported in one run, in file order.
    @Test func everyMistakeInAFileIsReportedAtOnce() {
        let yaml = """
            stack: demo
            regoin: sa-east-1
            resources:
              stream1:
                type: kinesis.stream
                properties:
                  shards: 0
                  retention_hours: 10
              landing:
                type: s3.bucket
                properties:
                  name: Landing
                  versioning: on
              delivery:
                type: firehose.delivery_stream
                properties:
                  source: { kinesis_stream: "${stream1.arn}" }
                  s3:
                    bucket: ${landng.arn}
                    buffering: { size_mb: 500, interval_seconds: 60 }
            """
        let found = diagnostics(yaml).map { "\($0.location.line):\($0.location.column)" }
        #expect(found == ["2:1", "7:15", "8:24", "12:13", "13:19", "19:17", "20:31"])
    }

    @Test func literalARNsAreAccepted() throws {
        let yaml = validStack.replacingOccurrences(
            of: "      source:",
            with: "      role_arn: arn:aws:iam::123456789012:role/existing\n      source:"
        ).replacingOccurrences(of: "${landing.arn}", with: "arn:aws:s3:::some-bucket")
        #expect(diagnostics(yaml) == [])
    }

    @Test func variablesComeFromTheFileAndTheCommandLine() throws {
        let yaml = """
            stack: app-${var.env}
            variables: { env: dev, shards: "2" }
            resources:
              s:
                type: kinesis.stream
                properties: { name: "s-${var.env}", shards: "${var.shards}" }
            """
        #expect(try load(yaml).get().name == "app-dev")
        let prod = try load(yaml, variables: ["env": "prod"]).get()
        #expect(prod.name == "app-prod")
        #expect(prod.variables["env"] == "prod")
        #expect(
            diagnostics(yaml, variables: ["shards": "many"]).map(\.message) == [
                "'shards' must be an integer, got 'many'"
            ])
    }

    @Test func variableFilesAreReadAsYAMLMappings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("prod.yaml")
        try "env: prod\nshards: 4\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(
            try StackLoader.loadVariableFile(path: good.path) == [
                "env": "prod", "shards": "4",
            ])
        let bad = directory.appendingPathComponent("bad.yaml")
        try "env: [a]\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = try #require(throws: StackFileError.self) {
            try StackLoader.loadVariableFile(path: bad.path)
        }
        #expect(error.diagnostics.first?.location.line == 1)
        #expect(StackLoader.parseVariableAssignment("a=b=c")! == ("a", "b=c"))
        #expect(StackLoader.parseVariableAssignment("=x") == nil)
    }

    @Test func nonUTF8FilesArePointedAtTheirBadByte() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("stack: demo\nresources: caf".utf8 + [0xE9, 0x0A]).write(to: url)
        let error = try #require(throws: StackFileError.self) {
            try StackLoader.load(path: url.path)
        }
        #expect(error.diagnostics.count == 1)
        #expect(
            error.diagnostics[0].location == SourceLocation(file: url.path, line: 2, column: 15))
        #expect(error.diagnostics[0].message.contains("not valid UTF-8"))
    }

    @Test func missingFilesAndDirectoriesAreNamed() throws {
        let missing = try #require(throws: StackFileError.self) {
            try StackLoader.load(path: "/nonexistent/stack.yaml")
        }
        #expect(
            missing.description
                == "/nonexistent/stack.yaml:1:1: error: cannot read the stack file: no such file")
        let directory = try #require(throws: StackFileError.self) {
            try StackLoader.load(path: "/tmp")
        }
        #expect(directory.description.hasSuffix("it is a directory"))
    }

    @Test func deepNestingIsRefused() {
        let deep =
            "stack: demo\nresources: " + String(repeating: "[", count: 200)
            + String(repeating: "]", count: 200) + "\n"
        let found = diagnostics(deep)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("nesting deeper than") == true)
    }

    @Test func aliasBombsAreRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            yaml +=
                "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        yaml += "stack: demo\nresources: {}\n"
        let found = diagnostics(yaml)
        #expect(found.contains { $0.message.contains("expands to more than") })
    }

    /// A few nodes can still repeat megabytes: a 3 MB scalar referenced a thousand times would
    /// hand the validator 3 GB of text. The expansion is budgeted by bytes as well.
    @Test func aliasesOfALargeScalarAreRefusedByTheirExpandedSize() {
        var yaml = "big: &big \"" + String(repeating: "x", count: 3_000_000) + "\"\n"
        yaml += "copies: [" + Array(repeating: "*big", count: 1_000).joined(separator: ", ") + "]\n"
        yaml += "stack: demo\nresources: {}\n"
        let found = diagnostics(yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("expands to more than 8 MiB of text") == true)
    }

    @Test func aVariablesFileOverTheSizeLimitIsRefusedUnread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vars-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(repeating: UInt8(ascii: "#"), count: StackLoader.maximumFileSize + 1).write(
            to: path)
        let error = try #require(throws: StackFileError.self) {
            try StackLoader.loadVariableFile(path: path.path)
        }
        #expect(error.diagnostics.first?.message.contains("variables files are limited to") == true)
        let missing = try #require(throws: StackFileError.self) {
            try StackLoader.loadVariableFile(path: path.path + ".none")
        }
        #expect(
            missing.diagnostics.first?.message == "cannot read the variables file: no such file")
    }

    @Test func binaryJunkIsAnErrorNotACrash() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let bytes = (0..<200).map { _ in UInt8.random(in: 1...255, using: &generator) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!diagnostics(text).isEmpty)
        }
    }

    @Test func errorsPrintAsFileLineColumn() {
        let error = StackFileError([
            Diagnostic(SourceLocation(file: "b.yaml", line: 3, column: 1), "second"),
            Diagnostic(SourceLocation(file: "b.yaml", line: 1, column: 7), "first"),
        ])
        #expect(error.description == "b.yaml:1:7: error: first\nb.yaml:3:1: error: second")
    }
}
