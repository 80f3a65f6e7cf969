import Foundation

extension Plan {
    /// Why this plan, made now, is not `earlier` (one saved, or shown and approved); nil when
    /// it is. Compared resource by resource as the plans would be written, and by the digest of
    /// the live state each was made from.
    /// - Parameters:
    ///   - changed: when AWS changed, in words ("since the plan was saved").
    ///   - differs: what this plan differs from ("the saved one").
    public func differences(from earlier: Plan, changed: String, differs: String) -> String? {
        let before = Dictionary(earlier.resources.map { ($0.id, $0) }) { first, _ in first }
        let now = Dictionary(resources.map { ($0.id, $0) }) { first, _ in first }
        let differing = Set(before.keys).union(now.keys).filter { id in
            guard let old = before[id], let new = now[id] else { return true }
            return CanonicalJSON.data(old) != CanonicalJSON.data(new)
        }.sorted()
        let listed = differing.isEmpty ? "" : " (\(differing.joined(separator: ", ")))"
        if liveStateFingerprint != earlier.liveStateFingerprint {
            return "the resources in AWS changed \(changed)" + listed
        }
        if !differing.isEmpty {
            return "a plan made now differs from \(differs)" + listed
        }
        return nil
    }
}

/// JSON with sorted keys: equal values, equal bytes (digests and comparisons of plans).
enum CanonicalJSON {
    static func data(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data()
    }
}
