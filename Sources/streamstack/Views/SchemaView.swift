import Foundation
import StackFile

/// The stack language as JSON Schema (for editors) or as the Markdown reference, written as
/// generated: the repository's copies are compared with it byte for byte.
struct SchemaView {
    func jsonSchema() { write(SchemaExport.jsonSchema()) }

    func markdownReference() { write(SchemaExport.markdownReference()) }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
