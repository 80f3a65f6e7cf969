import AWS
import Providers
import StackFile

extension ResourceType {
    public static let bucket = ResourceType("s3.bucket")
}

extension BucketSpec: TypedSpec {
    public static var resourceType: ResourceType { .bucket }
}

/// `s3.bucket`: where a delivery stream's records land.
public enum BucketKind: ResourceKind, DeclarableKind {
    public typealias Spec = BucketSpec
    public typealias Provider = BucketProvider

    public static let deletionRank = 4
    public static let isJournaled = true
    public static let recordFlow = RecordFlow.sink

    public static func provider(_ services: ProviderServices) throws -> BucketProvider {
        BucketProvider(
            s3: try S3Client(services.context, expectedOwner: services.bucketOwner),
            waiter: services.waiter, tagged: services.tagged)
    }

    /// force_destroy is the file's word. A bucket the file no longer names (renamed, pruned)
    /// keeps the word recorded in its tag when it was applied, and one claimed by the journal
    /// alone (adopting) is never emptied.
    public static func withDeletionWords(
        _ live: BucketSpec, declared: BucketSpec?, adopting: Bool
    ) -> BucketSpec {
        var bucket = live
        if let declared, declared.name == bucket.name {
            bucket.forceDestroy = declared.forceDestroy
        }
        if adopting { bucket.forceDestroy = false }
        return bucket
    }

    package static var schema: ResourceTypeSchema { BucketFields.schema }

    package static func checkRules(
        _ properties: StackNode.Mapping, owner: SourceLocation, in validator: StackValidator
    ) {
        validator.checkBucket(properties)
    }

    /// `streamstack:force_destroy` besides the two every resource carries.
    package static func streamstackTagCount(
        _ properties: StackNode.Mapping, in validator: StackValidator
    ) -> Int {
        validator.known(properties, BucketFields.forceDestroy) ? 3 : 2
    }
}
