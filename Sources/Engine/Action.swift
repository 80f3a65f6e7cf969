/// What a plan does to one resource. Each value is the very symbol the plan prints, as in
/// Terraform's plans.Action.
public enum Action: String, Sendable, Codable, CaseIterable {
    case noChange = " "
    case create = "+"
    case update = "~"
    /// Delete, then create: AWS cannot change an attribute in place.
    case replace = "-/+"
    case delete = "-"

    public var verb: String {
        switch self {
        case .noChange: "no change"
        case .create: "create"
        case .update: "update in place"
        case .replace: "replace"
        case .delete: "delete"
        }
    }

    /// The JSON name, stable for scripts.
    public var jsonName: String {
        switch self {
        case .noChange: "no-op"
        case .create: "create"
        case .update: "update"
        case .replace: "replace"
        case .delete: "delete"
        }
    }
}
