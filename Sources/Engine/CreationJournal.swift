import Foundation
import Synchronization

/// Where AWS cannot tag a resource in the call that creates it (S3 buckets; Kinesis streams on
/// emulators that drop create-time tags), the intent is written down before the call, and
/// struck off once the resource carries the stack's tag. A run killed in between leaves the
/// entry, and the next plan recognises the untagged resource as its own instead of refusing
/// it as someone else's.
///
/// The journal is a small JSON file in `.streamstack/` beside the stack file.
public final class CreationJournal: Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var type: String
        public var name: String
    }

    public let path: String
    private let entries: Mutex<Set<Entry>>

    /// One journal per stack, account and region: the same file applied elsewhere is another
    /// deployment, whose interrupted creates are not this one's.
    public init(stackFile: String, stack: String, accountID: String, region: String) {
        let directory = URL(fileURLWithPath: stackFile).deletingLastPathComponent()
            .appendingPathComponent(".streamstack")
        path =
            directory.appendingPathComponent("\(stack).\(accountID).\(region).journal.json")
            .path
        let stored = FileManager.default.contents(atPath: path).flatMap {
            try? JSONDecoder().decode([Entry].self, from: $0)
        }
        entries = Mutex(Set(stored ?? []))
    }

    /// A journal that keeps nothing on disk (tests, plans from saved files that were made elsewhere).
    public init(inMemoryAt path: String = "") {
        self.path = path
        entries = Mutex([])
    }

    public func contains(type: String, name: String) -> Bool {
        entries.withLock { $0.contains(Entry(type: type, name: name)) }
    }

    /// Writes the intent to disk before the create call is made.
    public func begin(type: String, name: String) throws {
        try update { $0.insert(Entry(type: type, name: name)) }
    }

    /// Strikes the entry once the resource is tagged (or known not to exist).
    public func end(type: String, name: String) throws {
        try update { $0.remove(Entry(type: type, name: name)) }
    }

    /// Changes the entries and writes them out under the same lock, so that concurrent
    /// creates cannot overwrite each other's intent.
    private func update(_ change: (inout Set<Entry>) -> Void) throws {
        try entries.withLock { entries in
            change(&entries)
            guard !path.isEmpty else { return }
            let url = URL(fileURLWithPath: path)
            if entries.isEmpty {
                try? FileManager.default.removeItem(at: url)
                return
            }
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(entries.sorted { ($0.type, $0.name) < ($1.type, $1.name) })
                .write(to: url, options: .atomic)
        }
    }
}
