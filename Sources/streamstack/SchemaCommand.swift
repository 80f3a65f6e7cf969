import ArgumentParser

/// Prints the stack language as JSON Schema or Markdown; the repository's
/// schema/stack.schema.json and docs/stack-reference.md are made with it.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the stack file JSON Schema (for editors) or the Markdown reference.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case markdown
    }

    @Option(help: "json or markdown.")
    var format: Format = .json

    func run() throws {
        switch format {
        case .json: SchemaView().jsonSchema()
        case .markdown: SchemaView().markdownReference()
        }
    }
}
