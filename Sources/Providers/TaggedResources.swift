import AWS
import StackFile
import Synchronization

/// What the Resource Groups Tagging API holds for a stack's resources: one paged call answers
/// for all of them, where asking each stream and delivery stream for its tags costs a call each
/// at five a second per account. The tagging API is eventually consistent (a new resource shows
/// late, a changed tag shows its old value for a while), so a provider takes an entry only when
/// it agrees with the file, and reads the resource's own tags otherwise: a change that is
/// already made never shows as one still to make.
public final class TaggedResources: Sendable {
    private let client: ResourceGroupsTaggingClient
    /// The tagging API's resource type filters (`kinesis:stream`), set once the providers that
    /// use it are known.
    private let types = Mutex<[String]?>(nil)
    private typealias Answer = Task<[ResourceGroupsTaggingClient.TaggedResource], any Error>
    /// Per stack name, the one call's answer.
    private let answers = Mutex<[String: Answer]>([:])

    public init(_ context: AWSContext) throws {
        client = try ResourceGroupsTaggingClient(context)
    }

    /// The types every call asks for.
    public func ask(for types: [String]) {
        self.types.withLock { $0 = types }
    }

    /// The resources tagged as `stack`'s, from one call shared by everyone who asks.
    public func resources(of stack: String) async throws
        -> [ResourceGroupsTaggingClient.TaggedResource]
    {
        let types = self.types.withLock { $0 }
        let client = self.client
        let task = answers.withLock { answers in
            if let task = answers[stack] { return task }
            let task = Task {
                try await client.resources(
                    taggedWith: Ownership.tagKey, value: stack, types: types)
            }
            answers[stack] = task
            return task
        }
        return try await task.value
    }

    /// Drops the answers: the next question makes a new call.
    public func forget() {
        answers.withLock { $0.removeAll() }
    }

    /// A resource's description with its tags: the tagging API's where they are `expected`,
    /// `ownTags` otherwise (a round trip more, only then); nil when `describe` finds nothing,
    /// or the resource is gone before its own tags are read.
    public func describe<Description: Sendable>(
        _ name: String, expecting expected: [String: String], named: (ARN) -> String?,
        describe: @escaping @Sendable () async throws -> Description?,
        ownTags: () async throws -> [String: String]?
    ) async throws -> (description: Description, tags: [String: String])? {
        async let described = describe()
        let agreed = try await tags(agreeingWith: expected, name: name, named: named)
        guard let description = try await described else { return nil }
        if let agreed { return (description, agreed) }
        guard let own = try await ownTags() else { return nil }
        return (description, own)
    }

    /// The tags the tagging API lists for the resource `named` says is `name`, when they are
    /// `expected` (tags AWS's services keep under `aws:` aside); nil otherwise (not listed yet,
    /// listed with other tags, no stack).
    public func tags(
        agreeingWith expected: [String: String], name: String, named: (ARN) -> String?
    ) async throws -> [String: String]? {
        guard let stack = expected[Ownership.tagKey] else { return nil }
        let listed = try await resources(of: stack).first { resource in
            ARN(resource.arn).flatMap(named) == name
        }
        func own(_ tags: [String: String]) -> [String: String] {
            tags.filter { !$0.key.hasPrefix("aws:") }
        }
        guard let listed, own(listed.tags) == own(expected) else { return nil }
        return listed.tags
    }
}
