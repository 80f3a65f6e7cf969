/// One key of the stack language, declared once: its schema (which validation checks and the
/// reference and JSON Schema show) and how resolution reads its value, typed.
public struct Field<Value: Sendable>: Sendable {
    public let property: SchemaProperty
    let parse: @Sendable (String) -> Value?

    public var name: String { property.name }

    init(_ property: SchemaProperty, parse: @escaping @Sendable (String) -> Value?) {
        self.property = property
        self.parse = parse
    }

    /// The same key, with the value an absent key takes (shown in the reference as written).
    public func defaulting(to value: Value) -> DefaultedField<Value> {
        DefaultedField(self, defaultValue: value, shown: Self.written(value))
    }

    static func written(_ value: Value) -> String {
        if let word = value as? any Vocabulary { return word.rawValue }
        if let number = value as? Double { return DecimalText.written(number) }
        return "\(value)"
    }
}

/// A key that takes a value of its own when absent; the default is declared here only.
public struct DefaultedField<Value: Sendable>: Sendable {
    public let field: Field<Value>
    public let defaultValue: Value
    public let property: SchemaProperty

    public var name: String { field.name }

    init(_ field: Field<Value>, defaultValue: Value, shown: String) {
        self.field = field
        self.defaultValue = defaultValue
        var property = field.property
        property.defaultDescription = shown
        self.property = property
    }
}

/// A key validation requires wherever its mapping is present, with a value that parses: the
/// resolver reads it as a value, not an optional, and needs no fallback.
public struct RequiredField<Value: Sendable>: Sendable {
    public let field: Field<Value>

    public var property: SchemaProperty { field.property }
    public var name: String { field.name }

    public init(_ field: Field<Value>) {
        var property = field.property
        property.required = true
        self.field = Field(property, parse: field.parse)
    }
}

/// A key whose value is a mapping or list of further keys (`s3`, `buffering`, `columns`).
public struct Section: Sendable {
    public internal(set) var property: SchemaProperty
    public var name: String { property.name }

    public init(
        _ name: String, _ type: SchemaType, required: Bool = false, default shown: String? = nil,
        _ summary: String
    ) {
        property = SchemaProperty(name, type, required: required, default: shown, summary)
    }
}

/// A section validation requires wherever its mapping is present: the resolver reads it as a
/// mapping, not an optional.
public struct RequiredSection: Sendable {
    public let section: Section

    public var property: SchemaProperty { section.property }
    public var name: String { section.name }

    public init(_ section: Section) {
        var required = section
        required.property.required = true
        self.section = required
    }
}

extension Field where Value == String {
    /// - Parameter shown: what an absent key means, in words ("the resource id").
    public static func string(
        _ name: String, _ rule: StringRule = .any, required: Bool = false,
        default shown: String? = nil, _ summary: String
    ) -> Field {
        Field(
            SchemaProperty(name, .string(rule), required: required, default: shown, summary),
            parse: { $0 })
    }
}

extension Field where Value == Int {
    public static func integer(
        _ name: String, _ range: ClosedRange<Int>, required: Bool = false,
        default shown: String? = nil, _ summary: String
    ) -> Field {
        Field(
            SchemaProperty(
                name, .integer(minimum: range.lowerBound, maximum: range.upperBound),
                required: required, default: shown, summary),
            parse: { Int($0) })
    }
}

extension Field where Value == Double {
    public static func number(
        _ name: String, _ range: ClosedRange<Double>, default shown: String? = nil,
        _ summary: String
    ) -> Field {
        Field(
            SchemaProperty(
                name, .number(minimum: range.lowerBound, maximum: range.upperBound),
                default: shown, summary),
            parse: DecimalText.parse)
    }
}

extension Field where Value == Bool {
    public static func boolean(_ name: String, _ summary: String) -> Field {
        Field(SchemaProperty(name, .boolean, summary), parse: StackValidator.boolean)
    }
}

extension Field where Value: Vocabulary {
    public static func choice(_ name: String, required: Bool = false, _ summary: String) -> Field {
        Field(
            SchemaProperty(name, .enumeration(Value.words), required: required, summary),
            parse: { Value(rawValue: $0) })
    }
}
