import AWS
import Foundation

/// A CloudFormation resource a kind writes for `synth`: its type and properties; the first a
/// kind writes for a resource stands for it, the others (a bucket's policy, a log group's
/// streams) come with it and depend on it.
public struct TemplateResource: Sendable, Equatable {
    /// Appended to the resource's logical id for the ones that come with it ("" for the first).
    public var suffix: String
    public var type: String
    public var properties: [String: TemplateValue]

    public init(suffix: String = "", type: String, properties: [String: TemplateValue]) {
        self.suffix = suffix
        self.type = type
        self.properties = properties
    }
}

/// A value of a CloudFormation template, as JSON has it.
public indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// A JSON text (a policy document) as the object it holds.
    public init(json text: String) {
        self =
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))).map(Self.init(any:))
            ?? .string(text)
    }

    /// A wire shape as the API's JSON writes it (PascalCase members): CloudFormation's
    /// properties for Firehose and Glue are the APIs' own.
    public init(encoding value: some Encodable) {
        let data = (try? JSONCoding.encoder(pascalCase: true).encode(value)) ?? Data("{}".utf8)
        self = (try? JSONSerialization.jsonObject(with: data)).map(Self.init(any:)) ?? .object([:])
    }

    /// Tags as CloudFormation lists them, but AWS's own and streamstack's ownership tags: a
    /// stack that CloudFormation deploys is CloudFormation's.
    public static func tags(_ tags: [String: String]) -> TemplateValue {
        .list(
            tags.filter { !$0.key.hasPrefix("aws:") && !$0.key.hasPrefix("streamstack:") }
                .sorted { $0.key < $1.key }
                .map { .object(["Key": .string($0.key), "Value": .string($0.value)]) })
    }

    init(any value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as NSNumber:
            // JSONSerialization's booleans are NSNumbers of type `c` (a C char).
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else if number.doubleValue == number.doubleValue.rounded(),
                abs(number.doubleValue) < 1e15
            {
                self = .integer(number.intValue)
            } else {
                self = .number(number.doubleValue)
            }
        case let items as [Any]: self = .list(items.map(Self.init(any:)))
        case let members as [String: Any]: self = .object(members.mapValues(Self.init(any:)))
        default: self = .string("\(value)")
        }
    }

    /// The value as JSONSerialization and YAML writers take it, each string passed through
    /// `string` (which may make an intrinsic function of it).
    public func jsonObject(_ string: (String) -> Any) -> Any {
        switch self {
        case .string(let text): string(text)
        case .number(let value): value
        case .integer(let value): value
        case .bool(let value): value
        case .list(let items): items.map { $0.jsonObject(string) }
        case .object(let members): members.mapValues { $0.jsonObject(string) }
        }
    }
}
