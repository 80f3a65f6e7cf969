import StackFile

/// Why apply cannot touch a resource the file declares, with the way out. A saved plan stores
/// the text, and reads it back as `saved`.
public enum ResourceConflict: Sendable, Equatable, PlanWords {
    /// Another stack owns it.
    case ownedByAnotherStack(type: ResourceType, name: String, owner: String)
    /// It exists without any stack's tag, and the file did not say to adopt it.
    case untagged(type: ResourceType, name: String, id: String, stack: String)
    /// Read from a saved plan: the words it showed.
    case saved(String)

    public var description: String {
        switch self {
        case .ownedByAnotherStack(let type, let name, let owner):
            "\(type) \(name) belongs to stack '\(owner)'; streamstack will not take it from that stack. Rename it in this stack file."
        case .untagged(let type, let name, let id, let stack):
            "\(type) \(name) already exists without the tag \(Ownership.tagKey)=\(stack), so streamstack will not take it over silently. To manage it with this stack, run apply with --adopt \(id) (--adopt-all for every such resource, as after import); otherwise give it another name in the file."
        case .saved(let text): text
        }
    }
}
