import AWS
import Foundation
import StackFile
import Synchronization

/// Where AWS cannot tag a resource in the call that creates it (S3 buckets; Kinesis streams on
/// emulators that drop create-time tags), the intent is written down before the call, and
/// struck off once the resource carries the stack's tag. A run killed in between leaves the
/// entry, and the next plan recognises the untagged resource as its own instead of refusing
/// it as someone else's, provided AWS created it just after the entry was written.
///
/// The journal is a small JSON file in the user's state folder, one per stack, account and
/// region: not in the project, where a journal committed to the repository (or left by anyone
/// who can write there) could claim resources for a CI run that never created them.
public final class CreationJournal: Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var type: ResourceType
        public var name: String
        /// When the intent was written: a resource AWS created long before or after it is not
        /// the one this entry is about. Entries of older versions have none and claim nothing.
        public var written: Date?
    }

    /// How far AWS's creation time may lie from the entry's (clock skew before it; the
    /// create's retries, such as a name S3 has not yet released, after it).
    public static let claimWindow = (before: 300.0, after: 900.0)

    public let path: String
    private let entries: Mutex<[String: Entry]>

    /// One journal per stack, account and region: the same file applied elsewhere is another
    /// deployment, whose interrupted creates are not this one's.
    public init(stateDirectory: URL, stack: String, accountID: String, region: String) {
        path =
            stateDirectory.appendingPathComponent("journal/\(accountID)/\(region)/\(stack).json")
            .path
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let stored = FileManager.default.contents(atPath: path).flatMap {
            try? decoder.decode([Entry].self, from: $0)
        }
        entries = Mutex(Dictionary((stored ?? []).map { (Self.key($0.type, $0.name), $0) }) { $1 })
    }

    /// `$XDG_STATE_HOME/streamstack`, else `~/.local/state/streamstack`.
    public static func defaultStateDirectory(environment: [String: String]) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("streamstack")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/streamstack")
    }

    /// A journal that keeps nothing on disk (tests, plans from saved files that were made elsewhere).
    public init(inMemoryAt path: String = "") {
        self.path = path
        entries = Mutex([:])
    }

    public func contains(type: ResourceType, name: String) -> Bool {
        entry(type: type, name: name) != nil
    }

    public func entry(type: ResourceType, name: String) -> Entry? {
        entries.withLock { $0[Self.key(type, name)] }
    }

    /// Whether the entry proves that a resource AWS created at `created` is the one this stack
    /// was creating: the entry exists, and AWS created the resource close after it was written.
    public func claims(type: ResourceType, name: String, created: Date?) -> Bool {
        guard let written = entry(type: type, name: name)?.written, let created else {
            return false
        }
        let offset = created.timeIntervalSince(written)
        return offset >= -Self.claimWindow.before && offset <= Self.claimWindow.after
    }

    /// Writes the intent to disk before the create call is made.
    public func begin(type: ResourceType, name: String, at time: Date = Date()) throws {
        try update { $0[Self.key(type, name)] = Entry(type: type, name: name, written: time) }
    }

    /// Strikes the entry once the resource is tagged, or AWS refused to create it.
    public func end(type: ResourceType, name: String) throws {
        try update { $0[Self.key(type, name)] = nil }
    }

    private static func key(_ type: ResourceType, _ name: String) -> String {
        "\(type) \(name)"
    }

    /// Changes the entries and writes them out under the same lock, so that concurrent
    /// creates cannot overwrite each other's intent.
    private func update(_ change: (inout [String: Entry]) -> Void) throws {
        try entries.withLock { entries in
            change(&entries)
            guard !path.isEmpty else { return }
            let url = URL(fileURLWithPath: path)
            if entries.isEmpty {
                try? FileManager.default.removeItem(at: url)
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            try PrivateFile.write(
                encoder.encode(
                    entries.values.sorted {
                        ($0.type.rawValue, $0.name) < ($1.type.rawValue, $1.name)
                    }),
                to: url.path, privateDirectory: true)
        }
    }
}
