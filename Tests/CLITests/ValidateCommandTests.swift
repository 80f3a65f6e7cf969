import Foundation
import Kinds
import TestSupport
import Testing

struct ValidateCommandTests {
    @Test func theExampleStacksAreValid() async throws {
        let result = try await runStreamstack([
            "validate", "Stacks/firehose-demo.yaml", "Stacks/clickstream-parquet.yaml",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "Stacks/firehose-demo.yaml: valid: stack 'firehose-demo', 3 resources"))
        #expect(
            result.stdout.contains(
                "Stacks/clickstream-parquet.yaml: valid: stack 'clickstream-dev'"))
        let prod = try await runStreamstack([
            "validate", "Stacks/clickstream-parquet.yaml", "--var", "env=prod",
        ])
        #expect(prod.stdout.contains("stack 'clickstream-prod'"))
    }

    @Test func everyMistakeIsPrintedAsFileLineColumnAndTheExitCodeIs1() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "broken-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        stack: demo
        resources:
          s1:
            type: kinesis.stream
            properties: { shards: 0, retention_hours: 5 }
          b:
            type: s3.bucket
            properties: { name: B }
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await runStreamstack(
            ["validate", file.path], environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "\(file.path):5:27: error: 'shards' must be between 1 and 10000, got 0",
                "\(file.path):5:47: error: 'retention_hours' must be between 24 and 8760, got 5",
                "\(file.path):8:25: error: 'name' must be at least 3 characters, got 1",
                "\(file.path): 3 errors",
            ])
        #expect(!result.stderr.contains("\u{1B}["))
    }

    @Test func validateMakesNoNetworkCall() async throws {
        // Every AWS setting points at a listener that counts connections; validate must not
        // open one, even for a stack that uses ${aws.account_id}.
        let listener = try LoopbackListener()
        defer { listener.close() }
        let endpoint = "http://127.0.0.1:\(listener.port)"
        let result = try await runStreamstack(
            ["validate", "Stacks/firehose-demo.yaml"],
            environment: [
                "AWS_ENDPOINT_URL": endpoint, "HTTP_PROXY": endpoint, "HTTPS_PROXY": endpoint,
                "AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint,
            ])
        #expect(result.status == 0)
        #expect(try listener.pendingConnections() == 0)
    }

    @Test func badVariableSyntaxIsRejected() async throws {
        let result = try await runStreamstack([
            "validate", "Stacks/firehose-demo.yaml", "--var", "novalue",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--var expects NAME=VALUE, got 'novalue'"))
    }

    @Test func helpAndVersion() async throws {
        let help = try await runStreamstack(["--help"])
        #expect(help.status == 0)
        for command in ["validate", "plan", "apply", "destroy", "show", "produce", "watch"] {
            #expect(help.stdout.contains("  \(command) "))
        }
        let version = try await runStreamstack(["--version"])
        #expect(version.stdout.hasPrefix("streamstack "))
    }
}
