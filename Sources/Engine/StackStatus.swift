import Kinds
import Providers
import StackFile

/// What `show` reports: each resource of a plan as AWS has it, plain data for the views.
public struct StackStatus: Sendable {
    public struct Resource: Sendable {
        public var id: String
        public var type: ResourceType
        public var name: String
        /// "absent", "ok", AWS's state word, with "differs from the file" or "not owned".
        public var status: String
        /// nil for a resource that does not exist yet.
        public var arn: String?
        public var attributes: [String: AttributeValue]
    }

    public var stack: String
    public var region: String
    public var accountID: String
    public var resources: [Resource]

    public init(_ planned: PlannedStack, providers: any ResourceCatalog) throws {
        stack = planned.stack.name
        region = planned.stack.context.region
        accountID = planned.stack.context.accountID
        resources = try planned.plan.resources.map { resource in
            let live = planned.live[resource.id]
            var attributes: [String: AttributeValue] = [:]
            if let live {
                for (key, value) in try providers.provider(for: live.spec).attributes(
                    of: live.spec)
                {
                    attributes[key] = value
                }
            }
            return Resource(
                id: resource.id, type: resource.type, name: resource.name,
                status: Self.status(of: live, planned: resource, stack: planned.stack.name),
                // An absent resource has no ARN yet; one AWS reads without an ARN has the
                // one the stack names it by.
                arn: live.flatMap {
                    $0.arn?.description ?? planned.stack.resource(resource.id)?.attributes["arn"]
                },
                attributes: attributes)
        }
    }

    static func status(of live: LiveResource?, planned: PlannedResource, stack: String) -> String {
        guard let live else { return "absent" }
        guard live.owner == stack else { return "exists, not owned by this stack" }
        return (live.status.awsName ?? "ok")
            + (planned.action == .noChange ? "" : ", differs from the file")
    }
}
