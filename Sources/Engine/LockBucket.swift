import AWS
import Foundation
import Providers
import StackFile

/// The bucket that holds a stack's lock: the stack file's `lock: { bucket: NAME }`, else
/// STREAMSTACK_LOCK_BUCKET, else `streamstack-locks-ACCOUNT-REGION`, which streamstack creates
/// on first use (as CDK's bootstrap creates its staging bucket) and the plan announces.
public struct LockBucket: Sendable {
    public static let environmentVariable = "STREAMSTACK_LOCK_BUCKET"

    public var name: String
    /// Ours to create when it does not exist: only the default is.
    public var isDefault: Bool

    public init(
        document: StackDocument, accountID: String, region: String,
        environment: [String: String]
    ) {
        if let named = document.lockBucket {
            name = named
            isDefault = false
        } else if let named = environment[Self.environmentVariable], !named.isEmpty {
            name = named
            isDefault = false
        } else {
            name = "streamstack-locks-\(accountID)-\(region)"
            isDefault = true
        }
    }

    /// A bucket named for the lock that does not exist, or is not this account's.
    public struct Unusable: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether the bucket exists as this account's; a named one that does not is an error, as
    /// is one of another account.
    public func exists(_ s3: S3Client) async throws -> Bool {
        switch try await s3.headBucket(name) {
        case .owned: return true
        case .missing where isDefault: return false
        case .missing:
            throw Unusable(
                description:
                    "the lock bucket \(name) does not exist: create it, or leave lock: out of the stack file (and \(Self.environmentVariable) unset) to let streamstack keep streamstack-locks-ACCOUNT-REGION"
            )
        case .forbidden, .elsewhere:
            throw Unusable(
                description:
                    "the lock bucket \(name) is not this account's in this region; name another with lock: { bucket: NAME } or \(Self.environmentVariable)"
            )
        }
    }

    /// Creates the default bucket: private (public-access block on), encrypted, old objects
    /// expired and incomplete uploads aborted, tagged with the stack's tags. A bucket someone
    /// created meanwhile under the name is taken only when it is this account's.
    public func create(
        _ s3: S3Client, tags: [String: String], waiter: Waiter = Waiter(),
        progress: any ProgressReporter
    ) async throws {
        do {
            _ = try await s3.createBucket(name)
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            return
        } catch let error as AWSError where error.code == "BucketAlreadyExists" {
            throw Unusable(
                description:
                    "the lock bucket name \(name) is taken by another account; name another with lock: { bucket: NAME } or \(Self.environmentVariable)"
            )
        }
        // Calls right after CreateBucket may reach an endpoint that has not heard of it yet.
        let settling = { (call: () async throws -> Void) in
            try await waiter.retry(
                "the new bucket \(name) to be known everywhere", for: .seconds(60),
                progress: progress,
                while: { ["NoSuchBucket", "OperationAborted"].contains($0.code) }, call)
        }
        try await settling {
            try await s3.putPublicAccessBlock(
                name,
                .init(
                    blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true,
                    restrictPublicBuckets: true))
        }
        try await settling {
            try await s3.putEncryption(
                name, .init(algorithm: "AES256", kmsKeyID: nil, bucketKeyEnabled: false))
        }
        // A lock outlives its run only when the run was killed: `unlock` removes it, and
        // after 30 days S3 does.
        try await settling {
            try await s3.putLifecycle(
                name,
                [
                    .init(
                        id: "streamstack-locks", prefix: "streamstack/locks/",
                        expirationDays: 30, noncurrentExpirationDays: nil,
                        abortIncompleteUploadDays: 1, transition: nil)
                ])
        }
        try await settling {
            try await s3.putTags(name, tags.merging(["streamstack:purpose": "locks"]) { $1 })
        }
    }
}
