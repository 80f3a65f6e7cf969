import Foundation

/// How `output` prints resources' attributes: for people, or as JSON for scripts.
struct OutputView {
    let console: Console
    let format: TextOrJSON

    func all(_ outputs: [ResourceOutput]) throws {
        switch format {
        case .json:
            try console.outJSON(encoding: Dictionary(outputs.map { ($0.id, $0) }) { $1 })
        case .text:
            for output in outputs {
                console.out(console.styled("\(output.type) \(output.id)", .bold))
                if !output.exists { console.out("  (does not exist in AWS yet)") }
                for key in output.attributes.keys.sorted() {
                    console.out("  \(key) = \(output.attributes[key]!)")
                }
            }
        }
    }

    func one(_ output: ResourceOutput) throws {
        switch format {
        case .json: try console.outJSON(encoding: output)
        case .text:
            for key in output.attributes.keys.sorted() {
                console.out("\(key) = \(output.attributes[key]!)")
            }
        }
    }

    /// One value: bare as text, for `$(...)`; a JSON string otherwise.
    func value(_ value: String) throws {
        switch format {
        case .json: try console.outJSON(encoding: value)
        case .text: console.out(value)
        }
    }
}
