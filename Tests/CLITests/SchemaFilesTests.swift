import Foundation
import TestSupport
import Testing

/// The committed JSON Schema and reference must be what the code's schema says today.
struct SchemaFilesTests {
    @Test func committedJSONSchemaIsCurrent() async throws {
        let generated = try await runStreamstack(["schema", "--format", "json"]).stdout
        let committed = try String(
            contentsOf: packageRoot.appendingPathComponent("schema/stack.schema.json"),
            encoding: .utf8)
        #expect(
            generated == committed,
            "regenerate: streamstack schema --format json > schema/stack.schema.json")
        let object = try JSONSerialization.jsonObject(with: Data(generated.utf8)) as? [String: Any]
        #expect(object?["required"] as? [String] == ["stack", "resources"])
    }

    @Test func committedReferenceIsCurrent() async throws {
        let generated = try await runStreamstack(["schema", "--format", "markdown"]).stdout
        let committed = try String(
            contentsOf: packageRoot.appendingPathComponent("docs/stack-reference.md"),
            encoding: .utf8)
        #expect(
            committed.hasSuffix(generated),
            "regenerate the part of docs/stack-reference.md below its marker")
        #expect(generated.contains("| `s3.buffering.size_mb` | integer 1..128 | yes |"))
    }
}
