/// The shape of a stack file, declared once and used three ways: to validate files, to write
/// the JSON Schema that editors use, and to write the reference documentation.
public indirect enum SchemaType: Sendable {
    case string(StringRule)
    case integer(minimum: Int?, maximum: Int?)
    /// A decimal number within the bounds (Lambda's buffer of 0.2 to 3 MB).
    case number(minimum: Double, maximum: Double)
    case boolean
    case enumeration([String])
    case object([SchemaProperty])
    /// A mapping from user-chosen keys to values of one type (tags, partition keys).
    case map(key: StringRule, value: SchemaType)
    case list(SchemaType, minimumCount: Int)
    /// A mapping of any shape, taken as a JSON document (a bucket policy).
    case document
}

public struct StringRule: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int?
    /// A regular expression the whole value must match (after `${...}` is resolved).
    public var pattern: String?
    /// What the pattern means, in words, for error messages and docs.
    public var patternDescription: String?

    public init(
        minimumLength: Int = 0, maximumLength: Int? = nil, pattern: String? = nil,
        patternDescription: String? = nil
    ) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.pattern = pattern
        self.patternDescription = patternDescription
    }

    public static let any = StringRule()
}

public struct SchemaProperty: Sendable {
    public var name: String
    public var type: SchemaType
    public var required: Bool
    /// The value AWS (or streamstack) uses when the property is omitted, as shown in docs.
    public var defaultDescription: String?
    public var summary: String

    public init(
        _ name: String, _ type: SchemaType, required: Bool = false,
        default defaultValue: String? = nil,
        _ summary: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultDescription = defaultValue
        self.summary = summary
    }
}

/// One resource type of the stack language.
public struct ResourceTypeSchema: Sendable {
    public var type: ResourceType
    /// As stack files write it.
    public var name: String { type.rawValue }
    public var summary: String
    public var properties: [SchemaProperty]
    /// What `${id.ATTRIBUTE}` can name for a resource of this type.
    public var attributes: [String: String]

    package init(
        type: ResourceType, summary: String, properties: [SchemaProperty],
        attributes: [String: String]
    ) {
        self.type = type
        self.summary = summary
        self.properties = properties
        self.attributes = attributes
    }
}

extension SchemaType {
    public var properties: [SchemaProperty]? {
        if case .object(let properties) = self { return properties }
        return nil
    }

    /// How the docs and error messages name this type.
    public var displayName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .enumeration(let values): return values.joined(separator: " | ")
        case .object: return "mapping"
        case .map(_, let value): return "mapping of string to \(value.displayName)"
        case .list(let element, _): return "list of \(element.displayName)"
        case .document: return "mapping (a JSON document)"
        }
    }
}
