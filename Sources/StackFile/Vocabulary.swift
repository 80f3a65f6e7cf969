/// A closed set of words the stack language shares with AWS: the file writes the raw value,
/// the schema lists every case, and each type says how AWS's API spells it.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable
where RawValue == String {}

extension Vocabulary {
    /// Every word, as files write them.
    public static var words: [String] { allCases.map(\.rawValue) }
}
