import Kinds
import Providers
import StackFile

/// A plan is plain data: for each resource, the action and the attribute changes that call
/// for it. It is rendered by PlanRenderer and carried out by Executor.
public struct Plan: Sendable, Codable {
    public var stack: String
    public var region: String
    /// Where the region came from ("the stack file", "AWS_REGION", ...).
    public var regionOrigin: String? = nil
    public var accountID: String
    public var resources: [PlannedResource]
    /// A digest of the live state the plan was made from; a saved plan is refused when the
    /// live state no longer matches.
    public var liveStateFingerprint: String
    /// What the user should know before applying (a quota the plan would pass, ...); never
    /// changes the exit code.
    public var warnings: [String]?
    /// The stack's monthly cost after the plan and the plan's change to it (`plan` only).
    public var cost: CostEstimate? = nil
    /// Deletes of this plan that would fail as things stand (also among the warnings):
    /// destroy stops before deleting anything while there are any.
    public var blockedDeletions: [String]? = nil
    /// What apply does besides the resources (creating the bucket for its lock, the first time).
    public var notes: [String]? = nil

    public init(
        stack: String, region: String, regionOrigin: String? = nil, accountID: String,
        resources: [PlannedResource], liveStateFingerprint: String, warnings: [String]? = nil
    ) {
        self.stack = stack
        self.region = region
        self.regionOrigin = regionOrigin
        self.accountID = accountID
        self.resources = resources
        self.liveStateFingerprint = liveStateFingerprint
        self.warnings = warnings
    }

    /// The plan as apply carries it out: the estimate is for reading, not part of what a
    /// saved plan binds.
    public var withoutCost: Plan {
        var plan = self
        plan.cost = nil
        return plan
    }

    public var hasChanges: Bool { resources.contains { $0.action != .noChange } }
    /// Resources that exist but that the stack does not own and was not told to adopt.
    public var conflicts: [PlannedResource] { resources.filter { $0.conflict != nil } }

    public func count(_ action: Action) -> Int { resources.filter { $0.action == action }.count }
}

extension PlannedResource {
    /// A replacement under another name: the file renamed the resource.
    public var isRename: Bool {
        action == .replace && changes.contains { $0.key == Attributes.nameKey && $0.old != $0.new }
    }
}

public struct PlannedResource: Sendable, Codable {
    /// The id in the stack file (`ID.role` for a managed role).
    public var id: String
    public var type: ResourceType
    /// The physical name in AWS.
    public var name: String
    public var action: Action
    /// For creates: every attribute, old values absent. For deletes: every attribute, new absent.
    public var changes: [AttributeChange]
    /// Why, beyond the changes: no longer in the stack file, renamed, adopted, drift ...
    public var reason: ChangeReason?
    /// Ids this resource needs first.
    public var dependencies: [String]
    /// Why the resource cannot be touched (exists without the stack's tag, ...), with the way out.
    public var conflict: ResourceConflict?
    /// The resource is being adopted (`--adopt`): it gets the stack's tag.
    public var adopting: Bool
    /// Not declared in the stack file: found in AWS by the stack's tag alone (a resource
    /// removed from the file, or one that someone else tagged).
    public var foundByTag: Bool

    public init(
        id: String, type: ResourceType, name: String, action: Action, changes: [AttributeChange],
        reason: ChangeReason? = nil,
        dependencies: [String] = [], conflict: ResourceConflict? = nil, adopting: Bool = false,
        foundByTag: Bool = false
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.action = action
        self.changes = changes
        self.reason = reason
        self.dependencies = dependencies
        self.conflict = conflict
        self.adopting = adopting
        self.foundByTag = foundByTag
    }
}
