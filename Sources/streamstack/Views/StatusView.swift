import Engine
import Foundation

/// How `status` prints the pipelines' health: one line per resource and what is wrong, or JSON.
struct StatusView {
    let console: Console

    func text(_ health: PipelineHealth) {
        console.out(
            "stack \(health.stack) in \(health.region), the last \(Self.duration(health.window)):"
        )
        for resource in health.resources {
            let state =
                resource.problems.isEmpty
                ? console.styled("ok", .green) : console.styled("failing", .red)
            console.out(
                "\(console.styled("\(resource.type) \(resource.id)", .bold)) (\(resource.name)): \(state); \(Self.figures(resource))"
            )
            if !resource.alarms.isEmpty {
                let states = Dictionary(grouping: resource.alarms, by: \.state).map {
                    "\($0.value.count) \($0.key)"
                }.sorted()
                console.out("  alarms: \(states.joined(separator: ", "))")
            }
            if let object = resource.newestObject {
                let age = object.lastModified.map {
                    ", \(Self.duration(.seconds(max(0, Int(health.checkedAt.timeIntervalSince($0)))))) ago"
                }
                console.out("  newest object: \(object.key)\(age ?? "")")
            }
            if let error = resource.lastError {
                console.out("  last error: \(error.message)")
            }
            for problem in resource.problems {
                console.out("  \(console.styled("!", .red)) \(problem)")
            }
        }
    }

    /// The metrics people read first, in words.
    static func figures(_ resource: PipelineHealth.Resource) -> String {
        func count(_ metric: String) -> String {
            String(Int(resource.totals[metric] ?? 0))
        }
        if resource.type == .kinesisStream {
            var parts = [
                "\(count("IncomingRecords")) records in (\(bytes(resource.totals["IncomingBytes"] ?? 0)))"
            ]
            if let age = resource.latest["GetRecords.IteratorAgeMilliseconds"] {
                parts.append("iterator age \(Int(age / 1000)) s")
            }
            let throttled =
                (resource.totals["WriteProvisionedThroughputExceeded"] ?? 0)
                + (resource.totals["ReadProvisionedThroughputExceeded"] ?? 0)
            parts.append(throttled > 0 ? "\(Int(throttled)) throttled calls" : "no throttling")
            return parts.joined(separator: "; ")
        }
        let read =
            (resource.totals["DataReadFromKinesisStream.Records"] ?? 0)
            + (resource.totals["IncomingRecords"] ?? 0)
        var parts = [
            "\(Int(read)) records in, \(count("DeliveryToS3.Records")) delivered (\(bytes(resource.totals["DeliveryToS3.Bytes"] ?? 0)))"
        ]
        if let freshness = resource.latest["DeliveryToS3.DataFreshness"] {
            parts.append("data freshness \(Int(freshness)) s")
        }
        if let success = resource.latest["DeliveryToS3.Success"], success < 1 {
            parts.append("\(Int((1 - success) * 100))% of deliveries failing")
        }
        if let throttled = resource.totals["ThrottledRecords"], throttled > 0 {
            parts.append("\(Int(throttled)) records throttled")
        }
        return parts.joined(separator: "; ")
    }

    static func bytes(_ value: Double) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(value), countStyle: .binary)
    }

    static func duration(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds >= 86_400, seconds % 86_400 == 0 { return "\(seconds / 86_400) d" }
        if seconds >= 3600, seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds >= 60, seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    func json(_ health: PipelineHealth) throws {
        try console.outJSON(encoding: Document(health))
    }

    /// The documented JSON shape.
    private struct Document: Encodable {
        struct Alarm: Encodable {
            var name: String
            var state: String
            var reason: String
        }
        struct Object: Encodable {
            var key: String
            var size: Int
            var lastModified: Date?
            enum CodingKeys: String, CodingKey {
                case key, size
                case lastModified = "last_modified"
            }
        }
        struct Failure: Encodable {
            var time: Date
            var message: String
        }
        struct Resource: Encodable {
            var id: String
            var type: String
            var name: String
            var healthy: Bool
            var totals: [String: Double]
            var latest: [String: Double]
            var alarms: [Alarm]
            var newestObject: Object?
            var lastError: Failure?
            var problems: [String]
            enum CodingKeys: String, CodingKey {
                case id, type, name, healthy, totals, latest, alarms, problems
                case newestObject = "newest_object"
                case lastError = "last_error"
            }
        }
        var stack: String
        var region: String
        var windowSeconds: Int64
        var checkedAt: Date
        var healthy: Bool
        var resources: [Resource]
        enum CodingKeys: String, CodingKey {
            case stack, region, healthy, resources
            case windowSeconds = "window_seconds"
            case checkedAt = "checked_at"
        }

        init(_ health: PipelineHealth) {
            stack = health.stack
            region = health.region
            windowSeconds = health.window.components.seconds
            checkedAt = health.checkedAt
            healthy = health.isHealthy
            resources = health.resources.map { resource in
                Resource(
                    id: resource.id, type: resource.type.rawValue, name: resource.name,
                    healthy: resource.problems.isEmpty, totals: resource.totals,
                    latest: resource.latest,
                    alarms: resource.alarms.map {
                        Alarm(name: $0.name, state: $0.state, reason: $0.reason)
                    },
                    newestObject: resource.newestObject.map {
                        Object(key: $0.key, size: $0.size, lastModified: $0.lastModified)
                    },
                    lastError: resource.lastError.map {
                        Failure(time: $0.time, message: $0.message)
                    },
                    problems: resource.problems)
            }
        }
    }
}
