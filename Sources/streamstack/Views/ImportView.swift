/// How `import` hands over the stack file it wrote: on standard output, or as a note on
/// standard error when written to a file.
struct ImportView {
    let console: Console

    func stackFile(_ text: String) { console.out(text) }

    func wrote(_ path: String, resources: Int) {
        console.err(
            "Wrote \(path): \(resources) resource\(resources == 1 ? "" : "s"). Next: streamstack plan \(path), then streamstack apply \(path) --adopt-all"
        )
    }
}
