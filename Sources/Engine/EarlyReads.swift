import AWS
import Kinds
import Providers
import StackFile
import Synchronization

/// Reads started before GetCallerIdentity answers: every resource whose name does not depend
/// on the account id, and the search for owned resources. They run alongside the identity
/// call, so that a no-op plan costs two round trips (one when no name uses the account id).
/// Each result is handed out once: a later plan reads AWS afresh.
final class EarlyReads: Sendable {
    private let reads: Mutex<[String: Task<LiveResource?, any Error>]>
    private let discovery: Mutex<Task<[OwnedResource], any Error>?>
    /// The stack name the discovery searched for.
    let stackName: String

    /// The placeholder account id of the provisional resolution: a well-formed id, so that
    /// names built from it pass validation. A name that contains it is read after the identity
    /// call (even one that holds these digits by itself: it is only read later).
    static let unknownAccount = "000000000000"

    init(document: StackDocument, providers: any ResourceCatalog, region: String) {
        let provisional = try? document.resolve(
            ResolutionContext(
                accountID: Self.unknownAccount, region: region, partition: "aws"))
        var reads: [String: Task<LiveResource?, any Error>] = [:]
        for resource in provisional?.resources ?? []
        where !resource.spec.name.contains(Self.unknownAccount) {
            let spec = resource.spec
            reads[Self.key(resource)] = Task { try await providers.provider(for: spec).read(spec) }
        }
        self.reads = Mutex(reads)
        stackName = document.name
        let declared = provisional?.resources ?? []
        let stack = document.name
        discovery = Mutex(
            Task { try await providers.owned(by: stack, declared: declared) })
    }

    static func key(_ resource: ResolvedResource) -> String {
        "\(resource.type) \(resource.spec.name)"
    }

    /// The early read of this resource, if one was started and not yet taken.
    func takeRead(of resource: ResolvedResource) -> Task<LiveResource?, any Error>? {
        reads.withLock { $0.removeValue(forKey: Self.key(resource)) }
    }

    /// The early discovery for `stack`, if not yet taken.
    func takeDiscovery(for stack: String) -> Task<[OwnedResource], any Error>? {
        guard stack == stackName else { return nil }
        return discovery.withLock { task in
            defer { task = nil }
            return task
        }
    }

    /// Stops what nobody will take (the identity call failed).
    func cancel() {
        for task in reads.withLock({ $0.values }) { task.cancel() }
        discovery.withLock { $0?.cancel() }
    }
}
