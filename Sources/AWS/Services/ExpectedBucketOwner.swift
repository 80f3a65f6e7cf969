/// The account a stack's buckets must belong to, sent with every call on a bucket as
/// `x-amz-expected-bucket-owner`: bucket names are global, so a bucket of the stack's name may
/// be another account's, and S3 then refuses the call (403) instead of serving, or accepting
/// records into, that account's bucket. CreateBucket is the one bucket call that takes no such
/// condition (S3 API reference).
public struct ExpectedBucketOwner: Sendable {
    /// The account id; awaited, so that reads started before the identity call answers wait for
    /// it rather than going out unguarded.
    let account: @Sendable () async throws -> String

    public init(_ account: @escaping @Sendable () async throws -> String) {
        self.account = account
    }

    public static func known(_ accountID: String) -> ExpectedBucketOwner {
        ExpectedBucketOwner { accountID }
    }
}
