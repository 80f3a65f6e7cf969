/// What a plan says in words and a saved plan keeps as those words: read back, it is the text
/// the plan showed (`saved`), compared with a fresh plan's by that text.
public protocol PlanWords: Codable, CustomStringConvertible {
    static func saved(_ text: String) -> Self
}

extension PlanWords {
    public init(from decoder: any Decoder) throws {
        self = .saved(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
