import StackFile

/// The keys of an `s3.bucket`'s properties.
public enum BucketFields {
    public static let name = RequiredField(
        Field.string(
            "name",
            StringRule(
                minimumLength: 3, maximumLength: 63, pattern: "^[a-z0-9][a-z0-9.-]*[a-z0-9]$",
                patternDescription:
                    "lower-case letters, digits, . and -, starting and ending with a letter or digit"
            ),
            "The bucket's globally unique name; `${aws.account_id}` helps make it unique. Changing it replaces the bucket."
        ))
    public static let objectOwnership = Field<ObjectOwnership>.choice(
        "object_ownership",
        "`bucket-owner-enforced` disables ACLs (the console's \"ACLs disabled\")."
    ).defaulting(to: .bucketOwnerEnforced)
    public static let acl = Field<CannedACL>.choice(
        "acl",
        "Canned ACL; anything but `private` needs ACLs enabled (`object_ownership` other than `bucket-owner-enforced`)."
    ).defaulting(to: .private)

    /// The public-access block's four switches, on unless the file turns them off.
    public static let blockPublicAcls = Field.boolean("block_public_acls", "Reject public ACLs.")
        .defaulting(to: true)
    public static let ignorePublicAcls = Field.boolean("ignore_public_acls", "Ignore public ACLs.")
        .defaulting(to: true)
    public static let blockPublicPolicy = Field.boolean(
        "block_public_policy", "Reject public bucket policies."
    ).defaulting(to: true)
    public static let restrictPublicBuckets = Field.boolean(
        "restrict_public_buckets",
        "Restrict access under public policies to AWS services and the owner."
    ).defaulting(to: true)
    public static let publicAccessSwitches = [
        blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets,
    ]
    public static let publicAccessBlock = Section(
        "public_access_block", .object(publicAccessSwitches.map(\.property)),
        default: "all four on, as AWS creates buckets", "The bucket's public-access block.")

    public static let versioning = Field<Versioning>.choice(
        "versioning",
        "Object versioning. A bucket that was ever versioned can only be `enabled` or `suspended`."
    ).defaulting(to: .disabled)

    public static let encryptionType = RequiredField(
        Field<BucketEncryptionType>.choice(
            "type", "SSE-S3 (AES256) or SSE-KMS."))
    public static let kmsKeyID = Field.string(
        "kms_key_id", StringRule(minimumLength: 1, maximumLength: 2048),
        default: "the AWS managed key aws/s3", "KMS key for `sse-kms`.")
    public static let bucketKey = Field.boolean(
        "bucket_key", "Use an S3 Bucket Key to cut KMS calls (`sse-kms`)."
    ).defaulting(to: false)
    /// What a bucket without an `encryption` block gets: S3's default.
    public static let defaultEncryption = BucketSpec.Encryption(
        type: .sseS3, kmsKeyID: nil, bucketKey: bucketKey.defaultValue)
    public static let encryption = Section(
        "encryption", .object([encryptionType.property, kmsKeyID.property, bucketKey.property]),
        default: defaultEncryption.type.rawValue, "Default encryption of new objects.")

    public static let allowPublic = Field.boolean(
        "allow_public",
        "Say that the bucket is meant to be public: allows `acl: public-read-write`, and silences the warnings for a public ACL or a public-access block that is off."
    ).defaulting(to: false)
    public static let forceDestroy = Field.boolean(
        "force_destroy",
        "Let destroy delete every object, version and delete marker first; without it a non-empty bucket stops the destroy."
    ).defaulting(to: false)

    /// The keys of each `lifecycle` rule.
    public enum Lifecycle {
        public static let id = RequiredField(
            Field.string(
                "id", StringRule(minimumLength: 1, maximumLength: 255),
                "The rule's name, unique in the bucket."))
        public static let prefix = Field.string(
            "prefix", StringRule(maximumLength: 1024), default: "every object",
            "Apply the rule to keys with this prefix only.")
        public static let expireAfterDays = Field.integer(
            "expire_after_days", 1...36_500, "Expire objects this many days after creation.")
        public static let noncurrentVersionsExpireAfterDays = Field.integer(
            "noncurrent_versions_expire_after_days", 1...36_500,
            "Delete versions this many days after they stop being current.")
        public static let abortIncompleteUploadsAfterDays = Field.integer(
            "abort_incomplete_uploads_after_days", 1...36_500,
            "Abort multipart uploads left incomplete this many days.")
        public static let transitionAfterDays = RequiredField(
            Field.integer(
                "after_days", 0...36_500, "Days after creation."))
        public static let storageClass = RequiredField(
            Field<StorageClass>.choice(
                "storage_class", "The storage class to move objects to."))
        public static let transition = Section(
            "transition", .object([transitionAfterDays.property, storageClass.property]),
            default: "none", "Move objects to a cheaper storage class.")
        public static let rule = SchemaType.object([
            id.property, prefix.property, expireAfterDays.property,
            noncurrentVersionsExpireAfterDays.property, abortIncompleteUploadsAfterDays.property,
            transition.property,
        ])
    }
    public static let lifecycle = Section(
        "lifecycle", .list(Lifecycle.rule, minimumCount: 0), default: "no rules",
        "Lifecycle rules, compared rule by rule; an empty list removes them all. With `versioning: enabled` every object Firehose writes leaves versions behind: `noncurrent_versions_expire_after_days` keeps that in check."
    )

    public static let policy = Section(
        "policy", .document, default: "none",
        "The bucket policy, written as a mapping (YAML for the JSON document) and compared as JSON. A policy that lets anyone in is a warning unless `allow_public: true`, and an error while `block_public_policy` is on (AWS refuses it)."
    )
    public static let requireTLS = Field.boolean(
        "require_tls",
        "Add a statement to the bucket policy that denies every request made without TLS (`aws:SecureTransport` false)."
    ).defaulting(to: false)
    /// The statement `require_tls` adds.
    public static let requireTLSStatementID = "DenyInsecureTransport"

    public static let schema = ResourceTypeSchema(
        type: .bucket,
        summary: "An S3 bucket.",
        properties: [
            name.property, objectOwnership.property, acl.property, publicAccessBlock.property,
            versioning.property, encryption.property, lifecycle.property, policy.property,
            requireTLS.property, allowPublic.property, forceDestroy.property,
            StackSchema.tags.property,
        ],
        attributes: [
            "name": "the bucket's name", "arn": "the bucket's ARN",
            "domain_name": "the bucket's regional domain name",
        ])
}
