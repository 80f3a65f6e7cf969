import Engine
import Foundation
import Providers

/// How `show` prints a stack's status, as text or JSON.
struct ShowView {
    let console: Console

    func text(_ status: StackStatus) {
        console.out(
            "stack \(status.stack) in \(status.region), account \(status.accountID)")
        for resource in status.resources {
            console.out("")
            console.out(
                console.styled("\(resource.type) \(resource.id)", .bold)
                    + " (\(resource.name)): \(resource.status)")
            if let arn = resource.arn { console.out("  arn = \(arn)") }
            // Policies are long JSON documents: plan shows them when they change.
            for key in resource.attributes.keys.sorted()
            where key != "name" && !key.hasPrefix("policy.") && key != "trust_policy" {
                console.out("  \(key) = \(resource.attributes[key]!)")
            }
        }
    }

    func json(_ status: StackStatus) throws {
        try console.outJSON(encoding: Document(status))
    }

    /// The documented JSON shape: values as JSON has them, `arn` null when absent.
    private struct Document: Encodable {
        struct Resource: Encodable {
            var id: String
            var type: String
            var name: String
            var status: String
            var arn: String?
            var attributes: [String: Value]

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(type, forKey: .type)
                try container.encode(name, forKey: .name)
                try container.encode(status, forKey: .status)
                try container.encode(arn, forKey: .arn)
                try container.encode(attributes, forKey: .attributes)
            }
            enum CodingKeys: String, CodingKey { case id, type, name, status, arn, attributes }
        }
        var stack: String
        var region: String
        var accountID: String
        var resources: [Resource]

        enum CodingKeys: String, CodingKey {
            case stack, region, resources
            case accountID = "account_id"
        }

        init(_ status: StackStatus) {
            stack = status.stack
            region = status.region
            accountID = status.accountID
            resources = status.resources.map {
                Resource(
                    id: $0.id, type: $0.type.rawValue, name: $0.name, status: $0.status,
                    arn: $0.arn, attributes: $0.attributes.mapValues(Value.init))
            }
        }
    }

    /// An attribute as plain JSON: a string, number, boolean or list of strings.
    private struct Value: Encodable {
        let attribute: AttributeValue
        init(_ attribute: AttributeValue) { self.attribute = attribute }
        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch attribute {
            case .string(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            case .list(let items): try container.encode(items)
            }
        }
    }
}
