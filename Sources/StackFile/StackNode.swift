/// A YAML node that remembers where it came from, so every later error can point at it.
public indirect enum StackNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence([StackNode], SourceLocation)

    public struct Scalar: Sendable {
        public var text: String
        /// Plain scalars carry YAML's implicit types (numbers, booleans, null); quoted and
        /// block scalars are always strings.
        public var isPlain: Bool
        public var location: SourceLocation

        public init(text: String, isPlain: Bool, location: SourceLocation) {
            self.text = text
            self.isPlain = isPlain
            self.location = location
        }

        /// Where the first character of the text is (past an opening quote).
        public var textStart: SourceLocation { isPlain ? location : location.advanced(by: 1) }

        public var isNull: Bool {
            isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
        }
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: StackNode
    }

    public struct Mapping: Sendable {
        public var entries: [Entry]
        public var location: SourceLocation

        public subscript(key: String) -> StackNode? {
            entries.first { $0.key == key }?.value
        }

        public func entry(_ key: String) -> Entry? {
            entries.first { $0.key == key }
        }

        public subscript(key: some StackKey) -> StackNode? { self[key.name] }

        public func entry(_ key: some StackKey) -> Entry? { entry(key.name) }
    }

    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(_, let location): location
        }
    }

    public var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    public var isNull: Bool { scalar?.isNull ?? false }

    /// What a user would call this node's type in an error message.
    public var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.isNull { return "null" }
            guard scalar.isPlain else { return "a string" }
            if Int(scalar.text) != nil { return "a number" }
            if Double(scalar.text) != nil { return "a number" }
            if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.text) {
                return "a boolean"
            }
            return "a string"
        }
    }
}

extension StackNode {
    /// The node as a JSON object for JSONSerialization, each scalar's text given by `scalar`.
    package func jsonObject(scalar: (String) -> String) -> Any {
        switch self {
        case .scalar(let value): return scalar(value.text)
        case .sequence(let items, _): return items.map { $0.jsonObject(scalar: scalar) }
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for entry in mapping.entries {
                object[entry.key] = entry.value.jsonObject(scalar: scalar)
            }
            return object
        }
    }
}
