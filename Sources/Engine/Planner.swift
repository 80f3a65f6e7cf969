import AWS
import Foundation
import Kinds
import Providers
import StackFile

/// A plan together with what carrying it out needs: the desired specs and the live resources
/// the plan was computed from.
public struct PlannedStack: Sendable {
    public var plan: Plan
    public var stack: ResolvedStack
    /// Live resources by plan id.
    public var live: [String: LiveResource]
}

/// Reads every resource the stack declares or owns, in parallel, and compares.
public struct Planner: Sendable {
    public let providers: any ResourceCatalog
    public let journal: CreationJournal

    public init(providers: any ResourceCatalog, journal: CreationJournal = CreationJournal()) {
        self.providers = providers
        self.journal = journal
    }

    public enum Mode: Sendable {
        /// Make AWS match the file.
        case apply(adopt: Set<String>)
        /// Delete everything the stack owns.
        case destroy
    }

    public func plan(_ stack: ResolvedStack, mode: Mode = .apply(adopt: [])) async throws
        -> PlannedStack
    {
        try await plan(stack, mode: mode, earlyReads: nil)
    }

    func plan(_ stack: ResolvedStack, mode: Mode, earlyReads: EarlyReads?) async throws
        -> PlannedStack
    {
        let providers = self.providers
        let earlyDiscovery = earlyReads?.takeDiscovery(for: stack.name)
        // The search for owned resources runs alongside the reads of the declared ones.
        async let foundOwned: [OwnedResource] = {
            if let earlyDiscovery { return try await earlyDiscovery.value }
            return try await providers.owned(by: stack.name, declared: stack.resources)
        }()
        let reads = try await readDeclared(stack, earlyReads: earlyReads)
        let claimed = try await journalClaims(stack, reads: reads)
        // What AWS is already deleting needs no apply; destroy waits until it is gone.
        let pruned = try await readUndeclared(try await foundOwned, of: stack).filter {
            if case .destroy = mode { return true }
            return $0.status != .deleting
        }
        let renamed = Self.renames(stack, reads: reads, pruned: pruned, mode: mode)
        let renamedNames = Set(renamed.values.map(\.spec.name))

        var planned: [PlannedResource] = []
        var live: [String: LiveResource] = [:]
        for resource in stack.resources {
            let provider = providers.provider(for: resource.spec)
            let current = reads[resource.id] ?? nil
            if let current { live[resource.id] = current }
            if let old = renamed[resource.id] {
                live[resource.id] = old
                planned.append(try Self.rename(resource, from: old, provider: provider))
                continue
            }
            planned.append(
                try plan(
                    resource, current: current, provider: provider, stack: stack.name, mode: mode,
                    claimedByJournal: claimed.contains(resource.id)))
        }
        for resource in pruned where !renamedNames.contains(resource.spec.name) {
            let prune = try Self.prune(resource, in: stack, mode: mode, providers: providers)
            live[prune.id] = resource
            planned.append(prune)
        }
        var plan = Plan(
            stack: stack.name, region: stack.context.region, accountID: stack.context.accountID,
            resources: planned,
            liveStateFingerprint: try Self.fingerprint(
                planned: planned, live: live, providers: providers))
        let deletions = try await deletionWarnings(planned, live: live, stack: stack)
        let warnings =
            try await warnings(planned, live: live, stack: stack, mode: mode)
            + deletions.map(\.message)
        plan.warnings = warnings.isEmpty ? nil : warnings
        let blocked = deletions.filter(\.blocksDeletion).map(\.message)
        plan.blockedDeletions = blocked.isEmpty ? nil : blocked
        return PlannedStack(plan: plan, stack: stack, live: live)
    }

    /// Every declared resource as AWS has it (nil: absent), read in parallel.
    private func readDeclared(_ stack: ResolvedStack, earlyReads: EarlyReads?) async throws
        -> [String: LiveResource?]
    {
        let providers = self.providers
        return try await withThrowingTaskGroup(of: (String, LiveResource?).self) { group in
            for resource in stack.resources {
                let early = earlyReads?.takeRead(of: resource)
                group.addTask {
                    if let early { return (resource.id, try await early.value) }
                    return (
                        resource.id,
                        try await providers.provider(for: resource.spec).read(resource.spec)
                    )
                }
            }
            var results: [String: LiveResource?] = [:]
            for try await (id, live) in group { results[id] = live }
            return results
        }
    }

    /// What the stack owns that the file no longer declares, in deletion order. The tagging
    /// API's filter is not always exact: the tag itself is trusted.
    private func readUndeclared(_ found: [OwnedResource], of stack: ResolvedStack) async throws
        -> [LiveResource]
    {
        let providers = self.providers
        let declared = Set(stack.resources.map { OwnedResource(type: $0.type, name: $0.spec.name) })
        return try await withThrowingTaskGroup(of: LiveResource?.self) { group in
            for resource in found where !declared.contains(resource) {
                group.addTask {
                    try await providers.provider(for: resource.type).read(owned: resource.name)
                }
            }
            var results: [LiveResource] = []
            for try await live in group {
                if let live, live.owner == stack.name {
                    results.append(live)
                }
            }
            func rank(_ live: LiveResource) -> Int { live.spec.type.deletionRank }
            return results.sorted { (rank($0), $0.spec.name) < (rank($1), $1.spec.name) }
        }
    }

    /// A declared resource that is absent under its name, while one the stack owns under
    /// another name carries its id, was renamed: AWS cannot rename, so it is replaced.
    static func renames(
        _ stack: ResolvedStack, reads: [String: LiveResource?], pruned: [LiveResource], mode: Mode
    ) -> [String: LiveResource] {
        guard case .apply = mode else { return [:] }
        var renamed: [String: LiveResource] = [:]
        for resource in stack.resources where (reads[resource.id] ?? nil) == nil {
            renamed[resource.id] = pruned.first { old in
                old.spec.type == resource.type
                    && old.spec.tags[Ownership.idTagKey] == resource.id
            }
        }
        return renamed
    }

    /// The plan for a resource the stack owns and the file no longer declares: deleted, unless
    /// a declared delivery stream still assumes it.
    static func prune(
        _ resource: LiveResource, in stack: ResolvedStack, mode: Mode,
        providers: any ResourceCatalog
    ) throws -> PlannedResource {
        let type = resource.spec.type
        let id = "\(type):\(resource.spec.name)"
        if resource.status == .deleting {
            return PlannedResource(
                id: id, type: type, name: resource.spec.name, action: .delete, changes: [],
                reason: .alreadyDeleting, foundByTag: true)
        }
        if case .apply = mode, let user = deliveryStream(using: resource, in: stack) {
            // Deleting a role a delivery stream still assumes would stop its deliveries.
            return PlannedResource(
                id: id, type: type, name: resource.spec.name, action: .noChange, changes: [],
                reason: .keptForDeliveryStream(user),
                foundByTag: true)
        }
        return PlannedResource(
            id: id, type: type, name: resource.spec.name, action: .delete,
            changes: try providers.provider(for: type).attributes(of: resource.spec).map {
                AttributeChange(key: $0.key, old: $0.value, new: nil, forcesReplacement: false)
            },
            reason: pruneReason(resource, mode: mode), foundByTag: true)
    }

    /// What the user should read before applying: what the file asks that AWS will not do as
    /// written, what AWS holds that apply leaves alone, and quotas the plan would exceed.
    private func warnings(
        _ planned: [PlannedResource], live: [String: LiveResource], stack: ResolvedStack,
        mode: Mode
    ) async throws -> [String] {
        var warnings: [String] = []
        if case .apply = mode {
            for resource in stack.resources {
                warnings += try providers.provider(for: resource.spec).warnings(
                    for: resource.spec, live: live[resource.id])
                // Settings no call of apply's touches: said once, where they stay.
                warnings +=
                    live[resource.id]?.spec.unmodelled.keptWarnings(
                        "\(resource.type) \(resource.spec.name)") ?? []
            }
        }
        warnings += DataInFlight.warnings(planned, live: live)
        warnings += try await ShardQuotaCheck(providers: providers).warnings(
            planned: planned, stack: stack, live: live)
        return warnings
    }

    /// What the deletes of this plan would destroy, read before apply rather than found out
    /// half-way, with the file's word on deleting as the executor will use it.
    private func deletionWarnings(
        _ planned: [PlannedResource], live: [String: LiveResource], stack: ResolvedStack
    ) async throws -> [DeletionWarning] {
        var warnings: [DeletionWarning] = []
        for resource in planned where resource.action == .delete || resource.action == .replace {
            guard
                let current = live[resource.id]?.withDeletionWords(
                    declared: stack.resource(resource.id)?.spec, adopting: resource.adopting)
            else { continue }
            warnings += try await providers.provider(for: current.spec).deletionWarnings(current)
        }
        return warnings
    }

    /// Why a resource found by its tag alone is deleted. streamstack records the id of what it
    /// creates (`streamstack:id`); one without it was tagged some other way, and says so.
    static func pruneReason(_ resource: LiveResource, mode: Mode) -> ChangeReason {
        guard let id = resource.spec.tags[Ownership.idTagKey] else {
            return .taggedByHand(owner: resource.owner ?? "")
        }
        if case .destroy = mode { return .ownedByStack(id: id) }
        return .noLongerDeclared(id: id)
    }

    /// The replacement of a resource whose name changed in the file: the old one is deleted,
    /// the new one created.
    static func rename(
        _ resource: ResolvedResource, from old: LiveResource, provider: AnyResourceProvider
    ) throws -> PlannedResource {
        let changes = try provider.changes(from: old, to: resource.spec).map { change in
            var change = change
            if change.key == Attributes.nameKey { change.forcesReplacement = true }
            return change
        }
        return PlannedResource(
            id: resource.id, type: resource.type, name: resource.spec.name, action: .replace,
            changes: changes,
            reason: .renamed(from: old.spec.name, to: resource.spec.name),
            dependencies: resource.dependencies)
    }

    /// The declared delivery stream that will still assume a role after this plan, if any.
    static func deliveryStream(using role: LiveResource, in stack: ResolvedStack) -> String? {
        guard role.spec.type == .role, let arn = role.arn?.description else { return nil }
        return stack.resources.first { resource in
            guard let delivery = DeliveryStreamSpec(resource.spec) else { return false }
            return delivery.roleARN == arn || delivery.sourceRoleARN == arn
        }?.id
    }

    /// Ids of the untagged resources that this stack's journal proves it was creating: a run
    /// was stopped between creating and tagging them, and AWS created them just after the
    /// journal's entry was written (a resource someone made by hand later is not claimed).
    private func journalClaims(_ stack: ResolvedStack, reads: [String: LiveResource?])
        async throws -> Set<String>
    {
        let candidates = stack.resources.filter { resource in
            guard let live = reads[resource.id] ?? nil, live.owner == nil else { return false }
            return journal.contains(type: resource.type, name: resource.spec.name)
        }
        var claimed: Set<String> = []
        for resource in candidates {
            let created = try await providers.provider(for: resource.spec).creationDate(
                name: resource.spec.name)
            if journal.claims(type: resource.type, name: resource.spec.name, created: created) {
                claimed.insert(resource.id)
            }
        }
        return claimed
    }

    private func plan(
        _ resource: ResolvedResource, current live: LiveResource?, provider: AnyResourceProvider,
        stack: String, mode: Mode, claimedByJournal: Bool
    ) throws -> PlannedResource {
        var planned = PlannedResource(
            id: resource.id, type: resource.type, name: resource.spec.name, action: .noChange,
            changes: [],
            dependencies: resource.dependencies)
        // One that AWS is deleting is as good as gone: a create waits for its name, and
        // destroy for it to be gone.
        let deleting = live?.status == .deleting
        if deleting, case .destroy = mode, live?.owner == stack {
            planned.action = .delete
            planned.reason = .alreadyDeleting
            return planned
        }
        guard let current = deleting ? nil : live else {
            if case .destroy = mode { return planned }
            if deleting {
                planned.reason = .waitingForName
            }
            planned.action = .create
            planned.changes = try provider.attributes(of: resource.spec).map {
                AttributeChange(key: $0.key, old: nil, new: $0.value, forcesReplacement: false)
            }
            return planned
        }
        let interrupted = current.owner == nil && claimedByJournal
        if interrupted {
            planned.adopting = true
            planned.reason = .interruptedCreate
        }
        let owned = current.owner == stack || interrupted
        switch mode {
        case .destroy:
            try Self.planDeletion(
                &planned, of: current, owned: owned, interrupted: interrupted, stack: stack,
                provider: provider)
        case .apply(let adopt):
            try Self.planChange(&planned, from: current, to: resource, provider: provider)
            if !owned {
                Self.adoptOrRefuse(&planned, current, resource, adopt: adopt, stack: stack)
            }
        }
        return planned
    }

    /// Destroy deletes what the stack owns and leaves everything else alone, saying why.
    static func planDeletion(
        _ planned: inout PlannedResource, of current: LiveResource, owned: Bool,
        interrupted: Bool, stack: String, provider: AnyResourceProvider
    ) throws {
        guard owned else {
            planned.reason =
                current.owner.map(ChangeReason.belongsToStack) ?? .untagged(stack: stack)
            return
        }
        planned.action = .delete
        if interrupted {
            // The journal's word is enough to delete, never to empty.
            planned.reason = .interruptedCreateDeletedIfEmpty
        }
        planned.changes = try provider.attributes(of: current.spec).map {
            AttributeChange(key: $0.key, old: $0.value, new: nil, forcesReplacement: false)
        }
    }

    /// What it takes to turn the live resource into the declared one: nothing, an update, or
    /// a replacement when AWS cannot change something in place (or the resource failed).
    static func planChange(
        _ planned: inout PlannedResource, from current: LiveResource, to resource: ResolvedResource,
        provider: AnyResourceProvider
    ) throws {
        planned.changes = try provider.changes(from: current, to: resource.spec)
        if planned.changes.contains(where: \.forcesReplacement) {
            planned.action = .replace
            let keys = planned.changes.filter(\.forcesReplacement).map(\.key)
            planned.reason = planned.reason ?? .cannotChangeInPlace(keys)
        } else if !planned.changes.isEmpty {
            planned.action = .update
        }
        if let status = current.status.awsName { planned.reason = .awsReports(status) }
        if case .creationFailed(let failure) = current.status {
            // A delivery stream whose creation failed cannot be updated, only deleted.
            planned.action = .replace
            planned.reason = .creationFailed(failure)
        }
    }

    /// A resource the stack does not own is taken only when the user says so, and never
    /// from another stack.
    static func adoptOrRefuse(
        _ planned: inout PlannedResource, _ current: LiveResource, _ resource: ResolvedResource,
        adopt: Set<String>, stack: String
    ) {
        if adopt.contains(resource.id) && current.owner == nil {
            planned.adopting = true
            planned.reason = .adopted(stack: stack)
        } else if let other = current.owner {
            planned.conflict = .ownedByAnotherStack(
                type: resource.type, name: resource.spec.name, owner: other)
        } else {
            planned.conflict = .untagged(
                type: resource.type, name: resource.spec.name, id: resource.id, stack: stack)
        }
    }

    /// A digest of every live attribute the plan looked at, in plan order.
    static func fingerprint(
        planned: [PlannedResource], live: [String: LiveResource], providers: any ResourceCatalog
    ) throws -> String {
        var text = ""
        for resource in planned {
            text += "\(resource.id)\n"
            guard let current = live[resource.id] else {
                text += "absent\n"
                continue
            }
            text += "owner=\(current.owner ?? "")\n"
            for (key, value) in try providers.provider(for: current.spec).attributes(
                of: current.spec)
            {
                text += "\(key)=\(value)\n"
            }
        }
        return HexDigest.sha256(Data(text.utf8))
    }
}
