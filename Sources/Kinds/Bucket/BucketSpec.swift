import StackFile

/// An S3 bucket as the stack wants it, AWS's defaults filled in.
public struct BucketSpec: Sendable, Equatable {
    public struct PublicAccessBlock: Sendable, Equatable {
        public var blockPublicAcls = true
        public var ignorePublicAcls = true
        public var blockPublicPolicy = true
        public var restrictPublicBuckets = true
        public init() {}
    }
    public struct Encryption: Sendable, Equatable {
        public var type: BucketEncryptionType
        public var kmsKeyID: String?
        public var bucketKey: Bool
        public init(type: BucketEncryptionType, kmsKeyID: String?, bucketKey: Bool) {
            self.type = type
            self.kmsKeyID = kmsKeyID
            self.bucketKey = bucketKey
        }
    }
    /// One lifecycle rule, enabled.
    public struct LifecycleRule: Sendable, Equatable {
        public struct Transition: Sendable, Equatable {
            public var afterDays: Int
            public var storageClass: StorageClass
            public init(afterDays: Int, storageClass: StorageClass) {
                self.afterDays = afterDays
                self.storageClass = storageClass
            }
        }
        public var id: String
        public var prefix: String?
        public var expireAfterDays: Int?
        public var noncurrentVersionsExpireAfterDays: Int?
        public var abortIncompleteUploadsAfterDays: Int?
        public var transition: Transition?
        public init(
            id: String, prefix: String? = nil, expireAfterDays: Int? = nil,
            noncurrentVersionsExpireAfterDays: Int? = nil,
            abortIncompleteUploadsAfterDays: Int? = nil, transition: Transition? = nil
        ) {
            self.id = id
            self.prefix = prefix
            self.expireAfterDays = expireAfterDays
            self.noncurrentVersionsExpireAfterDays = noncurrentVersionsExpireAfterDays
            self.abortIncompleteUploadsAfterDays = abortIncompleteUploadsAfterDays
            self.transition = transition
        }
    }
    public var name: String
    public var objectOwnership: ObjectOwnership
    public var acl: CannedACL
    public var publicAccessBlock: PublicAccessBlock
    public var versioning: Versioning
    public var encryption: Encryption
    /// By id.
    public var lifecycle: [LifecycleRule] = []
    /// Canonical JSON (sorted keys), `require_tls`'s statement included; nil for none.
    public var policy: String? = nil
    public var forceDestroy: Bool
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, objectOwnership: ObjectOwnership, acl: CannedACL,
        publicAccessBlock: PublicAccessBlock, versioning: Versioning,
        encryption: Encryption, forceDestroy: Bool, tags: [String: String]
    ) {
        self.name = name
        self.objectOwnership = objectOwnership
        self.acl = acl
        self.publicAccessBlock = publicAccessBlock
        self.versioning = versioning
        self.encryption = encryption
        self.forceDestroy = forceDestroy
        self.tags = tags
    }
}
