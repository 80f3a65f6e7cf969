import StackFile

/// Why the plan does what it does to a resource, beyond the changes it lists. A plan shows its
/// description; a saved plan stores that text, and reads it back as `saved`.
public enum ChangeReason: Sendable, Equatable, PlanWords {
    /// Destroy finds it already being deleted.
    case alreadyDeleting
    /// Apply finds the previous resource of the name still being deleted.
    case waitingForName
    /// No longer declared, but a declared delivery stream still assumes it.
    case keptForDeliveryStream(String)
    /// Carries the stack's tag but not the id streamstack records.
    case taggedByHand(owner: String)
    /// Destroy deletes what the stack owns.
    case ownedByStack(id: String)
    /// The file no longer declares it.
    case noLongerDeclared(id: String)
    /// Its name changed in the file: AWS renames nothing.
    case renamed(from: String, to: String)
    /// Created by an interrupted run, as the journal proves: it gets the tag.
    case interruptedCreate
    /// Created by an interrupted run and destroyed: the journal's word is not enough to empty.
    case interruptedCreateDeletedIfEmpty
    /// Destroy leaves another stack's resource alone.
    case belongsToStack(String)
    /// Destroy leaves a resource without the stack's tag alone.
    case untagged(stack: String)
    /// What AWS cannot change in place.
    case cannotChangeInPlace([String])
    /// The status AWS reports, when not the ordinary one.
    case awsReports(String)
    /// A delivery stream whose creation failed is deleted and created again.
    case creationFailed(String?)
    /// Taken over with `--adopt`.
    case adopted(stack: String)
    /// Read from a saved plan: the words it showed.
    case saved(String)

    public var description: String {
        switch self {
        case .alreadyDeleting: "AWS is already deleting it: destroy waits until it is gone"
        case .waitingForName: "AWS is still deleting the previous one; apply waits for the name"
        case .keptForDeliveryStream(let user):
            "no longer in the stack file, but delivery stream \(user) still uses it: kept"
        case .taggedByHand(let owner):
            "carries the tag \(Ownership.tagKey)=\(owner) but no \(Ownership.idTagKey): tagged by hand, or created before streamstack recorded ids; check that this stack made it before applying"
        case .ownedByStack(let id): "owned by the stack (id \(id))"
        case .noLongerDeclared(let id):
            "owned by the stack but no longer in the stack file (it was \(id))"
        case .renamed(let old, let new):
            "name: AWS cannot rename it, so \(old) is deleted and \(new) created"
        case .interruptedCreate:
            "created by an interrupted run of this stack (journal): it gets the tag"
        case .interruptedCreateDeletedIfEmpty:
            "created by an interrupted run of this stack (journal): deleted only if empty"
        case .belongsToStack(let other): "belongs to stack '\(other)': left alone"
        case .untagged(let stack):
            "exists without the tag \(Ownership.tagKey)=\(stack): left alone"
        case .cannotChangeInPlace(let keys):
            "deleted, then created again (its name stays): AWS cannot change \(keys.joined(separator: ", ")) in place"
        case .awsReports(let status): "AWS reports it \(status)"
        case .creationFailed(let failure):
            "AWS reports it CREATING_FAILED (\(failure ?? "no reason given")): it is deleted and created again"
        case .adopted(let stack): "adopted: it gets the tag \(Ownership.tagKey)=\(stack)"
        case .saved(let text): text
        }
    }
}
