import Kinds
import Providers
import StackFile

extension LiveResource {
    /// The resource as its delete must see it, as its kind says: words the file gives about
    /// deleting it are the file's. The planner's warnings and the executor's deletes both start
    /// from here, so the plan says what apply will do.
    func withDeletionWords(declared: ResourceSpec?, adopting: Bool) -> LiveResource {
        guard let kind = ResourceKinds.kind(of: spec.type) else { return self }
        var resource = self
        resource.spec = kind.withDeletionWords(spec, declared: declared, adopting: adopting)
        return resource
    }
}
