import Providers
import StackFile

extension LiveResource {
    /// The resource as its delete must see it. force_destroy and enforce_consumer_deletion are
    /// the file's word; a bucket the file no longer names (renamed, pruned) keeps the word
    /// recorded in its tag when it was applied, and one claimed by the journal alone
    /// (adopting) is never emptied. The planner's warnings and the executor's deletes both
    /// start from here, so the plan says what apply will do.
    func withDeletionWords(declared: ResourceSpec?, adopting: Bool) -> LiveResource {
        var resource = self
        switch (spec, declared) {
        case (.bucket(var bucket), let declared):
            if case .bucket(let desired)? = declared, desired.name == bucket.name {
                bucket.forceDestroy = desired.forceDestroy
            }
            if adopting { bucket.forceDestroy = false }
            resource.spec = .bucket(bucket)
        case (.kinesisStream(var stream), .kinesisStream(let desired)?):
            stream.enforceConsumerDeletion = desired.enforceConsumerDeletion
            resource.spec = .kinesisStream(stream)
        default:
            break
        }
        return resource
    }
}
