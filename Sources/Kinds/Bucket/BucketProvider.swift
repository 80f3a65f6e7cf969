import AWS
import Foundation
import Providers
import StackFile

/// `s3.bucket`: region, object ownership, canned ACL, public-access block, versioning, default
/// encryption, tags; destroy empties every version first when `force_destroy` allows it.
public struct BucketProvider: ResourceProvider {
    public let s3: S3Client
    public let waiter: Waiter
    /// How long CreateBucket keeps retrying a name that S3 has not released yet (a bucket of
    /// that name deleted moments ago answers 409 OperationAborted).
    public var nameReleaseTimeout: Duration
    /// How long the calls right after CreateBucket ride NoSuchBucket and OperationAborted.
    public var propagationTimeout: Duration

    /// The tagging API's view, taken for the tags when it agrees with the file.
    let tagged: TaggedResources?

    public init(
        s3: S3Client, waiter: Waiter = Waiter(), nameReleaseTimeout: Duration = .seconds(180),
        propagationTimeout: Duration = .seconds(60), tagged: TaggedResources? = nil
    ) {
        self.tagged = tagged
        self.s3 = s3
        self.waiter = waiter
        self.nameReleaseTimeout = nameReleaseTimeout
        self.propagationTimeout = propagationTimeout
    }

    public var replacingAttributes: Set<String> { [] }

    public func attributes(of bucket: BucketSpec) -> Attributes {
        typealias Key = BucketFields
        var attributes = Attributes(name: bucket.name)
        attributes.add(keyPath(Key.objectOwnership), bucket.objectOwnership)
        attributes.add(keyPath(Key.acl), bucket.acl)
        let access = bucket.publicAccessBlock
        let switches = [
            access.blockPublicAcls, access.ignorePublicAcls, access.blockPublicPolicy,
            access.restrictPublicBuckets,
        ]
        for (field, on) in zip(Key.publicAccessSwitches, switches) {
            attributes.add(keyPath(Key.publicAccessBlock, field), on)
        }
        // As S3 has it: `disabled` is a bucket never versioned.
        attributes.add(keyPath(Key.versioning), bucket.versioning)
        attributes += Self.encryptionAttributes(bucket)
        attributes += BucketLifecycle.attributes(bucket.lifecycle)
        attributes.add(keyPath(Key.policy), bucket.policy)
        attributes.addTags(bucket.tags)
        attributes.addUnmodelled(bucket.unmodelled)
        return attributes
    }

    /// The tags come from the tagging API's one call when they are the file's.
    public func read(_ desired: BucketSpec) async throws -> LiveResource? {
        try await read(
            name: desired.name, readACL: desired.acl != .private, expectingTags: desired.tags)
    }

    public func read(
        name: String, readACL: Bool = true, expectingTags expected: [String: String]? = nil
    )
        async throws -> LiveResource?
    {
        // The configuration is read alongside HEAD: one round trip for a bucket that exists
        // (and answers that are thrown away for one that does not).
        async let configuration = outcome {
            try await readConfiguration(name: name, readACL: readACL, expectingTags: expected)
        }
        let status: S3Client.BucketStatus
        do {
            status = try await s3.headBucket(name)
        } catch {
            _ = await configuration
            throw error
        }
        switch status {
        case .missing:
            _ = await configuration
            return nil
        case .forbidden:
            _ = await configuration
            throw BucketOfAnotherAccount(name: name, taken: false)
        case .owned(let region):
            if let region, region != s3.client.region {
                _ = await configuration
                throw Self.inAnotherRegion(name, region)
            }
        case .elsewhere(let region):
            _ = await configuration
            throw Self.inAnotherRegion(name, region)
        }
        return try await configuration.get()
    }

    static func inAnotherRegion(_ name: String, _ region: String) -> ProviderFailure {
        ProviderFailure.conflict(
            "bucket \(name) exists in \(region), not in the stack's region: bucket names are global, so choose another name, or apply the stack in \(region)"
        )
    }

    public func creationDate(name: String) async throws -> Date? {
        try await s3.creationDate(of: name)
    }

    /// A bucket found by its tag: nil when it is in another region, which is another
    /// deployment's business (the tagging API of some services lists every region's buckets).
    public func read(owned name: String) async throws -> LiveResource? {
        guard case .owned(let region) = try await s3.headBucket(name),
            region == nil || region == s3.client.region
        else { return nil }
        return try await readConfiguration(name: name, readACL: false)
    }

    public var taggingAPIType: String? { "s3" }

    public func name(taggedAs arn: ARN) -> String? {
        arn.service == "s3" && !arn.resource.contains("/") ? arn.resource : nil
    }

    /// What `body` returned or threw, as a value, so that a read started early can be
    /// awaited, or thrown away, later.
    private func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private func readConfiguration(
        name: String, readACL: Bool, expectingTags expected: [String: String]? = nil
    ) async throws -> LiveResource? {
        async let ownership = s3.getOwnershipControls(name)
        async let block = s3.getPublicAccessBlock(name)
        async let versioning = s3.getVersioning(name)
        async let encryption = s3.getEncryption(name)
        async let tags = tags(name, expecting: expected)
        async let lifecycle = s3.getLifecycle(name)
        async let policy = s3.getPolicy(name)
        async let otherSettings = s3.otherSettings(name)
        let ownershipValue = try await ownership
        let objectOwnership = ObjectOwnership(awsName: ownershipValue)
        var acl = CannedACL.private
        if readACL || objectOwnership != .bucketOwnerEnforced {
            acl = Self.cannedACL(try await s3.getACL(name).grants)
        }
        var publicAccessBlock = BucketSpec.PublicAccessBlock()
        // No configuration at all means nothing is blocked.
        let liveBlock =
            try await block
            ?? S3Client.PublicAccessBlock(
                blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false,
                restrictPublicBuckets: false)
        publicAccessBlock.blockPublicAcls = liveBlock.blockPublicAcls
        publicAccessBlock.ignorePublicAcls = liveBlock.ignorePublicAcls
        publicAccessBlock.blockPublicPolicy = liveBlock.blockPublicPolicy
        publicAccessBlock.restrictPublicBuckets = liveBlock.restrictPublicBuckets
        // AWS encrypts every bucket with SSE-S3 unless told otherwise.
        let liveEncryption = try await encryption
        // Tags with the reserved `aws:` prefix belong to AWS services, not to the stack file.
        let tagValues = try await tags.filter { !$0.key.hasPrefix("aws:") }
        var spec = BucketSpec(
            name: name, objectOwnership: objectOwnership, acl: acl,
            publicAccessBlock: publicAccessBlock,
            versioning: Versioning(awsStatus: try await versioning),
            encryption: BucketSpec.Encryption(
                type: BucketEncryptionType(awsName: liveEncryption?.algorithm),
                kmsKeyID: BucketEncryptionType(awsName: liveEncryption?.algorithm) == .sseKMS
                    ? liveEncryption?.kmsKeyID : nil,
                bucketKey: liveEncryption?.bucketKeyEnabled ?? false),
            forceDestroy: tagValues[Ownership.forceDestroyTagKey] == "true", tags: tagValues)
        let rules = BucketLifecycle.read(try await lifecycle)
        spec.lifecycle = rules.modelled
        spec.unmodelled.removedByApply = rules.unmodelled
        spec.policy = try await policy.map(FirehoseRolePolicy.canonicalize)
        spec.unmodelled.keptByApply = try await otherSettings
        return LiveResource(spec: spec.resourceSpec, owner: tagValues[Ownership.tagKey])
    }

    /// The tagging API's entry when it agrees with `expected`; GetBucketTagging otherwise.
    private func tags(_ name: String, expecting expected: [String: String]?) async throws
        -> [String: String]
    {
        if let expected, let tagged,
            let agreed = try await tagged.tags(
                agreeingWith: expected, name: name, named: self.name(taggedAs:))
        {
            return agreed
        }
        return try await s3.getTags(name)
    }

    /// The canned ACL that a set of grants amounts to.
    static func cannedACL(_ grants: [S3Client.Grant]) -> CannedACL {
        let groups = Set(
            grants.filter { $0.grantee.hasPrefix("http://acs.amazonaws.com/groups/") }.map {
                "\($0.grantee.split(separator: "/").last ?? ""):\($0.permission)"
            })
        switch groups {
        case []: return .private
        case ["AllUsers:READ"]: return .publicRead
        case ["AllUsers:READ", "AllUsers:WRITE"]: return .publicReadWrite
        case ["AuthenticatedUsers:READ"]: return .authenticatedRead
        case ["LogDelivery:WRITE", "LogDelivery:READ_ACP"]: return .logDeliveryWrite
        default: return .custom
        }
    }

    public func create(_ bucket: BucketSpec, progress: ProgressReporter) async throws {
        let name = bucket.name
        // A name deleted moments ago is released after a while (409 OperationAborted).
        let createdNow: Bool
        do {
            createdNow = try await waiter.retry(
                "S3 to release the name \(name) (deleted moments ago)", for: nameReleaseTimeout,
                progress: progress, while: { $0.code == "OperationAborted" }
            ) {
                try await s3.createBucket(
                    name, objectOwnership: bucket.objectOwnership.awsName)
            }
        } catch let refusal as AWSError where refusal.code == "BucketAlreadyExists" {
            throw CreateRefused(refusal, because: BucketOfAnotherAccount(name: name, taken: true))
        } catch let refusal as AWSError {
            throw CreateRefused(refusal)
        }
        guard createdNow else {
            // The lost attempt may have made it, or someone else in the account may have: only
            // the journal's entry, shown in the next plan, may claim it.
            throw ProviderFailure.conflict(
                "CreateBucket's answer was lost and S3 now says bucket \(name) already exists in this account: it may be the one this run created, or one made meanwhile, so it was left untouched. Run plan: it shows whether the stack's journal claims it"
            )
        }
        // Reads right after CreateBucket can say NoSuchBucket for a moment.
        _ = try await waiter.wait(for: "bucket \(name) to exist", progress: progress) {
            try await s3.headBucket(name) == .missing ? nil : true
        }
        // Every call right after CreateBucket may still reach an endpoint that has not heard
        // of the bucket, or find a conflicting operation in progress.
        let settling = { (call: () async throws -> Void) in
            try await waiter.retry(
                "the new bucket \(name) to be known everywhere", for: propagationTimeout,
                progress: progress,
                while: { ["NoSuchBucket", "OperationAborted"].contains($0.code) },
                call)
        }
        // Tag first: from here on the bucket is recognisably the stack's.
        try await settling { try await s3.putTags(name, bucket.tags) }
        // The public-access block comes before any ACL: a public ACL needs it off.
        try await settling {
            try await s3.putPublicAccessBlock(name, Self.publicAccessBlock(bucket))
        }
        if bucket.versioning != .disabled {
            try await settling {
                try await s3.putVersioning(name, status: bucket.versioning.awsStatus)
            }
        }
        if bucket.encryption != BucketFields.defaultEncryption {
            try await settling { try await s3.putEncryption(name, Self.encryption(bucket)) }
        }
        if bucket.acl != .private {
            try await settling { try await s3.putCannedACL(name, acl: bucket.acl.rawValue) }
        }
        // After the public-access block, which decides whether S3 takes the policy.
        if let policy = bucket.policy {
            try await settling { try await s3.putPolicy(name, policy) }
        }
        if !bucket.lifecycle.isEmpty {
            try await settling {
                try await s3.putLifecycle(name, bucket.lifecycle.map(BucketLifecycle.rule))
            }
        }
    }

    /// S3 cannot turn versioning off again: a bucket that was versioned and is asked for
    /// `disabled` is compared as `suspended`, the nearest S3 allows, and the plan says so.
    public func changes(from current: BucketSpec, to desired: BucketSpec) -> [AttributeChange] {
        attributeChanges(from: current, to: Self.reachable(desired, from: current))
    }

    public func warnings(for desired: BucketSpec, current: BucketSpec?) -> [String] {
        guard let current else { return [] }
        var warnings: [String] = []
        if desired.versioning == .disabled, current.versioning != .disabled {
            warnings.append(
                "bucket \(current.name) has been versioned, and S3 cannot turn versioning off again: `versioning: disabled` leaves it suspended (write `versioning: suspended` to say so)"
            )
        }
        // A policy the file declares was warned of offline; one only AWS holds (an adopted
        // bucket's, or one added in the console) is said here.
        if let live = current.policy, live != desired.policy,
            let document = try? JSONSerialization.jsonObject(with: Data(live.utf8))
                as? [String: Any],
            BucketPolicy.grantsPublicAccess(document)
        {
            warnings.append(
                "bucket \(current.name)'s policy in AWS grants public access (an Allow to Principal \"*\" without a condition): anyone can do what it allows until apply replaces it with the stack file's"
            )
        }
        return warnings
    }

    public func deletionWarnings(_ bucket: BucketSpec) async throws -> [DeletionWarning] {
        guard !(try await s3.listObjectVersions(bucket.name, maxKeys: 1).versions.isEmpty) else {
            return []
        }
        guard bucket.forceDestroy else {
            return [
                DeletionWarning(
                    "bucket \(bucket.name) holds objects and force_destroy is off for it, so it cannot be deleted; empty it first, or set force_destroy: true and apply (a bucket the file no longer names keeps the force_destroy it was last applied with)",
                    blocksDeletion: true)
            ]
        }
        return [
            DeletionWarning(
                "bucket \(bucket.name) holds objects: apply deletes every object and version in it (force_destroy)"
            )
        ]
    }

    static func reachable(_ desired: BucketSpec, from current: BucketSpec) -> BucketSpec {
        var reachable = desired
        if desired.versioning == .disabled, current.versioning != .disabled {
            reachable.versioning = .suspended
        }
        return reachable
    }

    public func update(
        _ desired: BucketSpec, from current: BucketSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        let name = desired.name
        if desired.tags != current.tags {
            // S3 replaces the whole tag set, but refuses `aws:` keys from requesters
            // (InvalidTag): the system's own tags are S3's to keep, so they are never sent.
            try await s3.putTags(name, desired.tags.filter { !$0.key.hasPrefix("aws:") })
        }
        if desired.publicAccessBlock != current.publicAccessBlock {
            try await s3.putPublicAccessBlock(name, Self.publicAccessBlock(desired))
        }
        // Ownership before ACL: an ACL needs ACLs enabled, and enforcing needs the ACL private.
        if desired.acl != current.acl, desired.acl == .private {
            try await s3.putCannedACL(name, acl: CannedACL.private.rawValue)
        }
        if desired.objectOwnership != current.objectOwnership {
            try await s3.putOwnershipControls(
                name, objectOwnership: desired.objectOwnership.awsName)
        }
        if desired.acl != current.acl, desired.acl != .private {
            try await s3.putCannedACL(name, acl: desired.acl.rawValue)
        }
        // A never-versioned bucket and a suspended one are asked for the same status.
        if desired.versioning.awsStatus != current.versioning.awsStatus {
            try await s3.putVersioning(name, status: desired.versioning.awsStatus)
        }
        // As the plan compares it: a Bucket Key means nothing to SSE-S3, so it is left as it is.
        if !Self.encryptionAttributes(desired).matches(Self.encryptionAttributes(current)) {
            try await s3.putEncryption(name, Self.encryption(desired))
        }
        if desired.policy != current.policy {
            if let policy = desired.policy {
                try await s3.putPolicy(name, policy)
            } else {
                try await s3.deletePolicy(name)
            }
        }
        // S3 replaces the whole set: rules the file cannot state go with any change.
        if desired.lifecycle != current.lifecycle || !current.unmodelled.removedByApply.isEmpty {
            if desired.lifecycle.isEmpty {
                try await s3.deleteLifecycle(name)
            } else {
                try await s3.putLifecycle(name, desired.lifecycle.map(BucketLifecycle.rule))
            }
        }
    }

    public func delete(
        _ current: BucketSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        try await delete(
            name: current.name, forceDestroy: current.forceDestroy,
            progress: progress)
    }

    /// Deletes the bucket; with `forceDestroy`, every object version and delete marker first.
    /// Without it a bucket with anything in it is left whole and the error says so.
    public func delete(name: String, forceDestroy: Bool, progress: ProgressReporter) async throws {
        let first = try await s3.listObjectVersions(name, maxKeys: forceDestroy ? 1000 : 1)
        if !first.versions.isEmpty && !forceDestroy {
            throw ProviderFailure.conflict(
                "bucket \(name) is not empty, so it was not deleted; empty it or set force_destroy: true and run again"
            )
        }
        var page = first
        var deleted = 0
        while !page.versions.isEmpty {
            let failures = try await s3.deleteObjects(
                name, page.versions.map { ($0.key, $0.versionID) })
            if let failure = failures.first {
                throw ProviderFailure.conflict(
                    "could not delete \(failure.key) from bucket \(name): \(failure.code) \(failure.message)"
                )
            }
            deleted += page.versions.count
            progress.note("emptied \(deleted) object versions from \(name)")
            // List from the start again: markers of a page that was deleted may be gone.
            page = try await s3.listObjectVersions(name)
        }
        do {
            try await s3.deleteBucket(name)
        } catch let error as AWSError where error.isNotFound {
            return
        }
    }

    /// The default encryption as plans compare it.
    static func encryptionAttributes(_ bucket: BucketSpec) -> Attributes {
        typealias Key = BucketFields
        var attributes: Attributes = []
        attributes.add(keyPath(Key.encryption, Key.encryptionType), bucket.encryption.type)
        attributes.add(keyPath(Key.encryption, Key.kmsKeyID), bucket.encryption.kmsKeyID)
        attributes.add(
            keyPath(Key.encryption, Key.bucketKey),
            bucket.encryption.type == .sseKMS ? bucket.encryption.bucketKey : nil)
        return attributes
    }

    static func publicAccessBlock(_ bucket: BucketSpec) -> S3Client.PublicAccessBlock {
        S3Client.PublicAccessBlock(
            blockPublicAcls: bucket.publicAccessBlock.blockPublicAcls,
            ignorePublicAcls: bucket.publicAccessBlock.ignorePublicAcls,
            blockPublicPolicy: bucket.publicAccessBlock.blockPublicPolicy,
            restrictPublicBuckets: bucket.publicAccessBlock.restrictPublicBuckets)
    }

    static func encryption(_ bucket: BucketSpec) -> S3Client.Encryption {
        switch bucket.encryption.type {
        case .sseKMS:
            S3Client.Encryption(
                algorithm: bucket.encryption.type.awsName, kmsKeyID: bucket.encryption.kmsKeyID,
                bucketKeyEnabled: bucket.encryption.bucketKey)
        case .sseS3:
            S3Client.Encryption(
                algorithm: bucket.encryption.type.awsName, kmsKeyID: nil, bucketKeyEnabled: false)
        }
    }
}
