import StackFile

/// The IAM role streamstack keeps for a delivery stream that names none.
public struct RoleSpec: Sendable, Equatable {
    public var name: String
    public var path: String
    /// Canonical JSON (sorted keys).
    public var trustPolicy: String
    public var inlinePolicyName: String
    /// Canonical JSON (sorted keys).
    public var inlinePolicy: String
    /// Inline policies besides `inlinePolicyName`, and attached managed policies' ARNs: the
    /// stack declares none, so live ones are drift that apply removes.
    public var otherInlinePolicies: [String]
    public var attachedPolicies: [String]
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, path: String, trustPolicy: String, inlinePolicyName: String,
        inlinePolicy: String, otherInlinePolicies: [String] = [], attachedPolicies: [String] = [],
        tags: [String: String]
    ) {
        self.otherInlinePolicies = otherInlinePolicies
        self.attachedPolicies = attachedPolicies
        self.name = name
        self.path = path
        self.trustPolicy = trustPolicy
        self.inlinePolicyName = inlinePolicyName
        self.inlinePolicy = inlinePolicy
        self.tags = tags
    }
}
