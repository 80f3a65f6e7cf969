import StackFile

/// How `validate` reports each file: its warnings and a one-line summary, or its errors.
struct ValidateView {
    let console: Console

    func valid(_ path: String, _ document: StackDocument) {
        console.printDiagnostics(document.warnings)
        let resources = document.resources.map { "\($0.id) (\($0.type.name))" }
        console.out(
            "\(path): \(console.styled("valid", .green)): stack '\(document.name)', \(resources.count) resource\(resources.count == 1 ? "" : "s"): \(resources.joined(separator: ", "))"
        )
    }

    func invalid(_ path: String, _ error: StackFileError) {
        console.printDiagnostics(error.diagnostics)
        let count = error.diagnostics.filter { $0.severity == .error }.count
        console.err("\(path): \(count) error\(count == 1 ? "" : "s")")
    }
}
