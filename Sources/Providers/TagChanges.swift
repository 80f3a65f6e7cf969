/// What to tag and untag to turn one tag set into another. Tags AWS manages (`aws:*`) are
/// never removed.
package struct TagChanges {
    package var added: [String: String]
    package var removed: [String]

    package init(from current: [String: String], to desired: [String: String]) {
        added = desired.filter { current[$0.key] != $0.value }
        removed = current.keys.filter { desired[$0] == nil && !$0.hasPrefix("aws:") }.sorted()
    }

    /// Tags first, then untags: the resource never lacks the stack's tags in between. Each
    /// service's calls skip an empty set.
    package static func apply(
        from current: [String: String], to desired: [String: String],
        tag: ([String: String]) async throws -> Void, untag: ([String]) async throws -> Void
    ) async throws {
        let changes = TagChanges(from: current, to: desired)
        try await tag(changes.added)
        try await untag(changes.removed)
    }
}
