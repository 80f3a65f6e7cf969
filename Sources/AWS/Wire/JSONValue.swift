import Foundation

/// Any JSON value, kept as AWS sent it: for the members of an answer that no typed shape
/// names, so that settings AWS reports are never dropped unseen.
public enum JSONValue: Sendable, Equatable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value of a JSON document; nil when it is not one.
    public init?(json data: Data) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        self = value
    }

    public subscript(member: String) -> JSONValue? {
        if case .object(let members) = self { return members[member] }
        return nil
    }

    public var objectMembers: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Compact JSON with sorted keys: equal values give equal text.
    public var canonicalText: String {
        switch self {
        case .string(let text):
            let data = try! JSONSerialization.data(
                withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15
                ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let members):
            return "{"
                + members.sorted { $0.key < $1.key }.map {
                    JSONValue.string($0.key).canonicalText + ":" + $0.value.canonicalText
                }.joined(separator: ",") + "}"
        }
    }

    /// True for a value that says nothing: null, an empty object or list, or one of only
    /// such members.
    public var isEmpty: Bool {
        switch self {
        case .null: true
        case .array(let items): items.allSatisfy(\.isEmpty)
        case .object(let members): members.values.allSatisfy(\.isEmpty)
        default: false
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
