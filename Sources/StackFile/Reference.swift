/// What a `${...}` names, parsed once from its expression.
public enum Reference: Sendable, Equatable {
    /// `${aws.account_id}`
    case accountID
    /// `${aws.region}`
    case region
    /// `${aws.partition}`
    case partition
    /// `${stack.name}`
    case stackName
    /// `${var.NAME}`
    case variable(String)
    /// `${ID.ATTRIBUTE}`: an attribute of another resource of the stack.
    case attribute(resource: String, name: String)

    /// The namespaces that are not resource ids.
    static let namespaces = ["aws", "stack", "var"]
    static let awsNames = ["account_id", "region", "partition"]
    /// Stands in for the account id when checking names offline: the same length and digits.
    static let placeholderAccountID = "123456789012"

    /// Why an expression names nothing.
    public enum Problem: Error, Equatable {
        /// Not `NAMESPACE.NAME`.
        case malformed
        case unknownAWS(String)
        case unknownStack(String)
    }

    public static func parse(_ expression: String) -> Result<Reference, Problem> {
        let parts = expression.split(separator: ".", omittingEmptySubsequences: false)
            .map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(.malformed)
        }
        let (head, name) = (parts[0], parts[1])
        switch head {
        case "aws":
            switch name {
            case "account_id": return .success(.accountID)
            case "region": return .success(.region)
            case "partition": return .success(.partition)
            default: return .failure(.unknownAWS(name))
            }
        case "stack":
            return name == "name" ? .success(.stackName) : .failure(.unknownStack(name))
        case "var":
            return .success(.variable(name))
        default:
            return .success(.attribute(resource: head, name: name))
        }
    }
}

/// The values references take at some stage: offline some are unknown (the account id, other
/// resources' attributes), and a reference to an unknown value renders nothing.
public struct ReferenceValues {
    public var accountID: String?
    public var region: String?
    public var partition: String?
    public var stackName: String?
    public var variables: [String: String]
    public var attribute: (_ resource: String, _ name: String) -> String?

    public init(
        accountID: String? = nil, region: String? = nil, partition: String? = nil,
        stackName: String? = nil, variables: [String: String] = [:],
        attribute: @escaping (_ resource: String, _ name: String) -> String? = { _, _ in nil }
    ) {
        self.accountID = accountID
        self.region = region
        self.partition = partition
        self.stackName = stackName
        self.variables = variables
        self.attribute = attribute
    }

    public func value(of reference: Reference) -> String? {
        switch reference {
        case .accountID: accountID
        case .region: region
        case .partition: partition
        case .stackName: stackName
        case .variable(let name): variables[name]
        case .attribute(let resource, let name): attribute(resource, name)
        }
    }
}

extension Interpolation {
    /// The references, parsed; nil when one names nothing.
    public var parsedReferences: [Reference]? {
        var parsed: [Reference] = []
        for reference in references {
            guard case .success(let value) = Reference.parse(reference.expression) else {
                return nil
            }
            parsed.append(value)
        }
        return parsed
    }

    /// The text with every reference replaced by its value; nil if one names nothing or has
    /// no value here.
    public func rendered(with values: ReferenceValues) -> String? {
        rendered { expression in
            guard case .success(let reference) = Reference.parse(expression) else { return nil }
            return values.value(of: reference)
        }
    }
}
