import Engine

/// The pipeline as a picture, each node marked with its action: Mermaid (which GitHub draws in
/// comments and READMEs) or Graphviz's DOT.
struct GraphView {
    let graph: PipelineGraph

    static func nodeID(_ id: String) -> String {
        "n_" + String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    func label(_ resource: PlannedResource) -> String {
        let mark =
            resource.conflict != nil
            ? "! " : resource.action == .noChange ? "" : resource.action.rawValue + " "
        return "\(mark)\(resource.type) \(resource.id)"
    }

    func mermaid() -> String {
        var lines = ["flowchart LR"]
        for resource in graph.plan.resources {
            lines.append("  \(Self.nodeID(resource.id))[\"\(label(resource))\"]")
        }
        for edge in graph.edges {
            switch edge {
            case .data(let from, let to):
                lines.append("  \(Self.nodeID(from)) --> \(Self.nodeID(to))")
            case .beside(let a, let b):
                lines.append("  \(Self.nodeID(a)) -.- \(Self.nodeID(b))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func dot() -> String {
        var lines = ["digraph \"\(graph.plan.stack)\" {", "  rankdir=LR;", "  node [shape=box];"]
        for resource in graph.plan.resources {
            lines.append("  \(Self.nodeID(resource.id)) [label=\"\(label(resource))\"];")
        }
        for edge in graph.edges {
            switch edge {
            case .data(let from, let to):
                lines.append("  \(Self.nodeID(from)) -> \(Self.nodeID(to));")
            case .beside(let a, let b):
                lines.append("  \(Self.nodeID(a)) -> \(Self.nodeID(b)) [style=dashed, dir=none];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}
