import Engine

/// How `destroy` shows what it would delete, or that there is nothing to.
struct DestroyView {
    let console: Console

    func nothingToDestroy(_ plan: Plan) {
        console.out(
            "Nothing to destroy: stack \(plan.stack) owns no resources in \(plan.region).")
        for resource in plan.resources where resource.action == .noChange {
            guard let reason = resource.reason else { continue }
            console.out("  \(resource.type) \(resource.name): \(reason)")
        }
    }

    func plan(_ plan: Plan) {
        console.out(console.planRenderer.text(plan))
    }
}
