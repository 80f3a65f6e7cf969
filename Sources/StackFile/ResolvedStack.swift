/// What only AWS knows, needed to fill in `${aws.*}` and resource ARNs.
public struct ResolutionContext: Sendable {
    public var accountID: String
    public var region: String
    public var partition: String

    public init(accountID: String, region: String, partition: String = "aws") {
        self.accountID = accountID
        self.region = region
        self.partition = partition
    }
}

/// A stack with every reference filled in: the input of planning.
public struct ResolvedStack: Sendable {
    public var name: String
    public var context: ResolutionContext
    /// In dependency order: every resource after those it depends on.
    public var resources: [ResolvedResource]

    public func resource(_ id: String) -> ResolvedResource? { resources.first { $0.id == id } }
}

public struct ResolvedResource: Sendable {
    public var id: String
    public var type: ResourceType
    public var spec: ResourceSpec
    public var dependencies: [String]
    public var location: SourceLocation
    /// `${id.attribute}` values.
    public var attributes: [String: String]

    public init(
        id: String, type: ResourceType, spec: ResourceSpec, dependencies: [String],
        location: SourceLocation, attributes: [String: String]
    ) {
        self.id = id
        self.type = type
        self.spec = spec
        self.dependencies = dependencies
        self.location = location
        self.attributes = attributes
    }
}

/// The tag that marks what a stack owns.
public enum Ownership {
    public static let tagKey = "streamstack:stack"
    /// The resource's id in the stack file: a resource whose name changed is recognised as the
    /// same resource (a replacement) instead of a new one and an unrelated prune.
    public static let idTagKey = "streamstack:id"
    /// On buckets created with `force_destroy: true`: a bucket later removed from the file is
    /// emptied by the prune only if the file said so when it was applied.
    public static let forceDestroyTagKey = "streamstack:force_destroy"

    /// Name of the role streamstack keeps for a delivery stream: at most 64 characters. IAM is
    /// global, so the region is part of it: one stack file applied in two regions keeps two
    /// roles, and destroying one region's stack leaves the other's role alone.
    public static func managedRoleName(stack: String, resourceID: String, region: String)
        -> String
    {
        let name = "streamstack-\(stack)-\(resourceID)-\(region)"
        guard name.count > 64 else { return name }
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(name.prefix(55)) + "-" + String(hash, radix: 16)
    }

    /// IAM path under which a stack's managed roles of one region live, so they can be listed
    /// without seeing another region's.
    public static func rolePath(stack: String, region: String) -> String {
        "/streamstack/\(stack)/\(region)/"
    }
}
