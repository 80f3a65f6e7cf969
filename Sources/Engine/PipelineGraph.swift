import Kinds

/// The pipeline as a graph: stream → delivery stream → bucket, with the role, log group and
/// Glue database and table beside the delivery stream.
public struct PipelineGraph: Sendable {
    public let plan: Plan

    public init(_ plan: Plan) { self.plan = plan }

    public enum Edge: Sendable, Equatable {
        /// Records flow along it.
        case data(from: String, to: String)
        /// What a delivery stream brings along.
        case beside(String, String)
    }

    public var edges: [Edge] {
        let types = Dictionary(plan.resources.map { ($0.id, $0.type) }) { first, _ in first }
        var edges: [Edge] = []
        for resource in plan.resources {
            let carries = ResourceKinds.kind(of: resource.type)?.recordFlow == .carrier
            for dependency in resource.dependencies {
                guard let type = types[dependency] else { continue }
                switch (carries, ResourceKinds.kind(of: type)?.recordFlow ?? .beside) {
                case (true, .source): edges.append(.data(from: dependency, to: resource.id))
                case (true, .sink): edges.append(.data(from: resource.id, to: dependency))
                default: edges.append(.beside(resource.id, dependency))
                }
            }
        }
        return edges
    }
}
