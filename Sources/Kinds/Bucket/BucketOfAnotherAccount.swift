import StackFile

/// A bucket of the stack's name that this account does not own. Bucket names are global: anyone
/// can create a bucket under a name a public stack file declares, open it to all and even tag it
/// as the stack's. Every call on the stack's buckets names the account it expects, so S3 refuses
/// them on such a bucket, and nothing is read from or written into it.
public struct BucketOfAnotherAccount: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// CreateBucket said BucketAlreadyExists; otherwise S3 refused the expected owner (403).
    public var taken: Bool

    public init(name: String, taken: Bool) {
        self.name = name
        self.taken = taken
    }

    public var description: String {
        taken
            ? "bucket name \(name) is taken: another AWS account owns a bucket of that name (bucket names are global); choose another name"
            : "bucket \(name) is owned by another AWS account (S3 refuses it to this account, which the stack's calls name as the owner; bucket names are global): choose another name. (S3 answers the same when these credentials may not read the bucket: s3:ListBucket)"
    }
}
