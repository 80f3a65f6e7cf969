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
}
