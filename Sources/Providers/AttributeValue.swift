import StackFile

/// One attribute of a resource as plans show it: flat keys (`buffering.size_mb`,
/// `tags.course`) with simple values, so that diffs and renderers need no knowledge of types.
public enum AttributeValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case number(Int)
    case bool(Bool)
    case list([String])

    public var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .number(let value): String(value)
        case .bool(let value): String(value)
        case .list(let values): "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }
}

/// A resource's attributes in a fixed order.
public typealias Attributes = [(key: String, value: AttributeValue)]

extension Array where Element == (key: String, value: AttributeValue) {
    /// The key every kind lists its resource's name under, first: a change to it is a rename,
    /// which AWS does in place for nothing.
    public static let nameKey = "name"

    /// A resource's attributes, starting with its name.
    package init(name: String) { self = [(Self.nameKey, .string(name))] }

    package mutating func add(_ key: String, _ value: String?) {
        if let value { append((key, .string(value))) }
    }
    package mutating func add(_ key: String, _ value: Int?) {
        if let value { append((key, .number(value))) }
    }
    package mutating func add(_ key: String, _ value: Bool?) {
        if let value { append((key, .bool(value))) }
    }
    package mutating func add(_ key: String, _ word: (some Vocabulary)?) {
        if let word { append((key, .string(word.rawValue))) }
    }
    /// The prefix of every tag's attribute.
    package static let tagPrefix = "tags."

    package mutating func addTags(_ tags: [String: String]) {
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            append((Self.tagPrefix + key, .string(value)))
        }
    }

    /// The same keys with the same values, in the same order.
    package func matches(_ other: Attributes) -> Bool {
        elementsEqual(other) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The settings apply removes, each under `unmodelled.` (a declared spec has none, so the
    /// plan shows them as removed).
    package mutating func addUnmodelled(_ settings: UnmodelledSettings) {
        for (key, value) in settings.removedByApply.sorted(by: { $0.key < $1.key }) {
            append((UnmodelledSettings.attributePrefix + key, .string(value)))
        }
    }

    public subscript(key: String) -> AttributeValue? { first { $0.key == key }?.value }
}
