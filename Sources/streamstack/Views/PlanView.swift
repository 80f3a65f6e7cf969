import Engine

/// How `plan` and `apply` show a plan: as text, Markdown or JSON on standard output, with what
/// they did with it.
struct PlanView {
    let console: Console

    func show(_ plan: Plan, as format: PlanCommand.Format = .text) {
        let renderer = console.planRenderer
        switch format {
        case .text: console.out(renderer.text(plan))
        case .json: console.outJSON(renderer.json(plan))
        case .markdown: console.out(renderer.markdown(plan))
        }
    }

    /// The digest is what a reviewer compares with the one apply prints; beside a plan in
    /// JSON or Markdown it goes to standard error, so that standard output stays one document.
    func saved(to path: String, digest: String, format: PlanCommand.Format) {
        let saved =
            "Saved the plan to \(path) (digest \(digest)); apply it with: streamstack apply \(path)"
        if format == .text { console.out("\n" + saved) } else { console.err(saved) }
    }

    func applyingSaved(_ path: String, digest: String) {
        console.out("Applying the saved plan \(path) (digest \(digest)).")
    }

    func refused(conflicts: [ResourceConflict]) {
        for conflict in conflicts { console.error(conflict.description) }
        console.err("Nothing was changed.")
    }
}
