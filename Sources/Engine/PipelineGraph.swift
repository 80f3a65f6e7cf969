/// The pipeline as a picture: stream → delivery stream → bucket, with the role, log group and
/// Glue database and table beside the delivery stream, each node marked with its action.
/// Mermaid (which GitHub draws in comments and READMEs) or Graphviz's DOT.
public struct PipelineGraph: Sendable {
    public let plan: Plan

    public init(_ plan: Plan) { self.plan = plan }

    enum Edge {
        /// Records flow along it.
        case data(from: String, to: String)
        /// What a delivery stream brings along.
        case beside(String, String)
    }

    var edges: [Edge] {
        let types = Dictionary(plan.resources.map { ($0.id, $0.type) }) { first, _ in first }
        var edges: [Edge] = []
        for resource in plan.resources {
            for dependency in resource.dependencies where types[dependency] != nil {
                switch types[dependency] {
                case .kinesisStream: edges.append(.data(from: dependency, to: resource.id))
                case .bucket: edges.append(.data(from: resource.id, to: dependency))
                case .deliveryStream, .role, .logGroup, .glueDatabase, .glueTable, nil:
                    edges.append(.beside(resource.id, dependency))
                }
            }
        }
        return edges
    }

    static func nodeID(_ id: String) -> String {
        "n_" + String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    func label(_ resource: PlannedResource) -> String {
        let mark =
            resource.conflict != nil
            ? "! " : resource.action == .noChange ? "" : resource.action.rawValue + " "
        return "\(mark)\(resource.type) \(resource.id)"
    }

    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for resource in plan.resources {
            lines.append("  \(Self.nodeID(resource.id))[\"\(label(resource))\"]")
        }
        for edge in edges {
            switch edge {
            case .data(let from, let to):
                lines.append("  \(Self.nodeID(from)) --> \(Self.nodeID(to))")
            case .beside(let a, let b):
                lines.append("  \(Self.nodeID(a)) -.- \(Self.nodeID(b))")
            }
        }
        return lines.joined(separator: "\n")
    }

    public func dot() -> String {
        var lines = ["digraph \"\(plan.stack)\" {", "  rankdir=LR;", "  node [shape=box];"]
        for resource in plan.resources {
            lines.append("  \(Self.nodeID(resource.id)) [label=\"\(label(resource))\"];")
        }
        for edge in edges {
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
