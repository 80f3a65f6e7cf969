import AWS
import Foundation
import Providers
import StackFile

/// `iam.role`: the role a delivery stream's Firehose assumes, when streamstack keeps it: trust
/// policy, one inline least-privilege policy, tags. Deleted policies first.
public struct RoleProvider: ResourceProvider {
    public let iam: IAMClient
    /// The region whose roles this provider owns: managed roles' paths name it.
    public let region: String

    public init(iam: IAMClient, region: String) {
        self.iam = iam
        self.region = region
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    /// Managed roles live under a path that names the stack and region.
    public func listOwned(_ search: OwnedSearch) async throws -> [String] {
        try await iam.listRoleNames(
            pathPrefix: Ownership.rolePath(stack: search.stack, region: region))
    }

    public var replacingAttributes: Set<String> { ["path"] }

    public func attributes(of role: RoleSpec) -> Attributes {
        var attributes = Attributes(name: role.name)
        attributes.add("path", role.path)
        attributes.add("trust_policy", role.trustPolicy)
        attributes.add("policy.\(role.inlinePolicyName)", role.inlinePolicy)
        if !role.otherInlinePolicies.isEmpty {
            attributes.append(("policies.other_inline", .list(role.otherInlinePolicies)))
        }
        if !role.attachedPolicies.isEmpty {
            attributes.append(("policies.attached", .list(role.attachedPolicies)))
        }
        attributes.addTags(role.tags)
        return attributes
    }

    public func read(_ desired: RoleSpec) async throws -> LiveResource? {
        try await read(name: desired.name, policyName: desired.inlinePolicyName)
    }

    public func read(name: String, policyName: String = FirehoseRolePolicy.inlinePolicyName)
        async throws -> LiveResource?
    {
        // GetRole carries the tags; the policy is read at the same time.
        async let policy = iam.getRolePolicy(roleName: name, policyName: policyName)
        // Policies someone added to the role widen what Firehose, and whoever can pass the
        // role, may do: they are read so that the plan shows them and apply removes them.
        async let inline = nilIfNotFound { try await iam.listRolePolicies(roleName: name) }
        async let attached = nilIfNotFound {
            try await iam.listAttachedRolePolicies(roleName: name)
        }
        let found = try await iam.getRole(name: name)
        let document = try await policy
        let otherInline = (try await inline ?? []).filter { $0 != policyName }.sorted()
        let attachedPolicies = (try await attached ?? []).sorted()
        guard let role = found else { return nil }
        let tagValues = role.tags
        var spec = RoleSpec(
            name: role.name, path: role.path,
            trustPolicy: FirehoseRolePolicy.canonicalize(role.assumeRolePolicyDocument),
            inlinePolicyName: policyName,
            inlinePolicy: document.map(FirehoseRolePolicy.canonicalize) ?? "",
            otherInlinePolicies: otherInline, attachedPolicies: attachedPolicies, tags: tagValues)
        spec.unmodelled.keptByApply["PermissionsBoundary"] = role.permissionsBoundary
        // IAM's default session is an hour.
        if let duration = role.maxSessionDuration, duration != 3600 {
            spec.unmodelled.keptByApply["MaxSessionDuration"] = String(duration)
        }
        return LiveResource(
            spec: spec.resourceSpec, owner: tagValues[Ownership.tagKey], arn: ARN(role.arn))
    }

    public func create(_ role: RoleSpec, progress: ProgressReporter) async throws {
        let started = Date()
        let (created, afterLostAnswer) = try await iam.createRoleReportingLostAnswer(
            name: role.name, assumeRolePolicyDocument: role.trustPolicy,
            description: "Firehose delivery role kept by streamstack", path: role.path,
            tags: role.tags)
        // After an answer lost in transit, "already exists" may be someone else's role made in
        // that window: it gets the stack's policy only if it is provably the one this call made.
        if afterLostAnswer {
            try LostAnswerClaim.require(
                "role", role.name, createdAt: created.createDate, since: started,
                holdsWhatWasSent: created.tags == role.tags && created.path == role.path
                    && FirehoseRolePolicy.canonicalize(created.assumeRolePolicyDocument)
                        == FirehoseRolePolicy.canonicalize(role.trustPolicy)
            )
        }
        try await iam.putRolePolicy(
            roleName: role.name, policyName: role.inlinePolicyName, document: role.inlinePolicy)
    }

    public func update(
        _ desired: RoleSpec, from current: RoleSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        if desired.trustPolicy != current.trustPolicy {
            try await iam.updateAssumeRolePolicy(
                roleName: desired.name, document: desired.trustPolicy)
        }
        if desired.inlinePolicy != current.inlinePolicy {
            try await iam.putRolePolicy(
                roleName: desired.name, policyName: desired.inlinePolicyName,
                document: desired.inlinePolicy)
        }
        for policy in current.otherInlinePolicies
        where !desired.otherInlinePolicies.contains(policy) {
            try await iam.deleteRolePolicy(roleName: desired.name, policyName: policy)
        }
        for policy in current.attachedPolicies where !desired.attachedPolicies.contains(policy) {
            try await iam.detachRolePolicy(roleName: desired.name, policyARN: policy)
        }
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await iam.tagRole(name: desired.name, tags: $0) },
            untag: { try await iam.untagRole(name: desired.name, keys: $0) })
    }

    public func delete(
        _ current: RoleSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        let name = current.name
        // IAM refuses to delete a role that still has policies, inline or attached.
        for policy in try await iam.listRolePolicies(roleName: name) {
            try await iam.deleteRolePolicy(roleName: name, policyName: policy)
        }
        for policy in try await iam.listAttachedRolePolicies(roleName: name) {
            try await iam.detachRolePolicy(roleName: name, policyARN: policy)
        }
        do {
            try await iam.deleteRole(name: name)
        } catch let error as AWSError where error.isNotFound {
            return
        }
    }
}
