import Kinds
import Providers
import StackFile

/// What replacing or deleting a resource can lose of the records in flight, as its kind says.
enum DataInFlight {
    static func warnings(_ planned: [PlannedResource], live: [String: LiveResource]) -> [String] {
        planned.compactMap { resource -> String? in
            guard resource.action == .replace || resource.action == .delete,
                let current = live[resource.id],
                let kind = ResourceKinds.kind(of: current.spec.type)
            else { return nil }
            return kind.dataInFlight(current.spec, replacing: resource.action == .replace)
        }
    }
}
