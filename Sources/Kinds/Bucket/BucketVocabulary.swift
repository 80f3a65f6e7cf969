import StackFile

/// Who owns the objects written into a bucket, and whether ACLs apply.
public enum ObjectOwnership: String, Vocabulary {
    /// ACLs disabled: the console's "ACLs disabled".
    case bucketOwnerEnforced = "bucket-owner-enforced"
    case bucketOwnerPreferred = "bucket-owner-preferred"
    case objectWriter = "object-writer"

    /// S3's `ObjectOwnership` value.
    public var awsName: String {
        switch self {
        case .bucketOwnerEnforced: "BucketOwnerEnforced"
        case .bucketOwnerPreferred: "BucketOwnerPreferred"
        case .objectWriter: "ObjectWriter"
        }
    }

    /// What S3 reports, which is what a bucket without ownership controls has.
    public init(awsName: String?) {
        self = Self.allCases.first { $0.awsName == awsName } ?? .objectWriter
    }
}

/// S3's canned ACLs; the raw values are S3's own (`x-amz-acl`).
public enum CannedACL: String, Vocabulary {
    case `private`
    case publicRead = "public-read"
    case publicReadWrite = "public-read-write"
    case authenticatedRead = "authenticated-read"
    case logDeliveryWrite = "log-delivery-write"
    /// Grants that no canned ACL amounts to, as S3 may report them; no file can ask for it.
    case custom

    /// What a file may write.
    public static let allCases: [CannedACL] = [
        .private, .publicRead, .publicReadWrite, .authenticatedRead, .logDeliveryWrite,
    ]

    /// Readable by anyone on the internet.
    public var isPublic: Bool { self == .publicRead || self == .publicReadWrite }
}

/// A bucket's versioning, with `disabled` for one that was never versioned.
public enum Versioning: String, Vocabulary {
    case enabled, suspended, disabled

    /// S3's `Status`, absent for a bucket never versioned.
    public init(awsStatus: String?) {
        switch awsStatus {
        case "Enabled": self = .enabled
        case "Suspended": self = .suspended
        default: self = .disabled
        }
    }

    /// The status to ask S3 for: S3 cannot turn versioning off once on, so `disabled` asks for
    /// the nearest, `Suspended`.
    public var awsStatus: String { self == .enabled ? "Enabled" : "Suspended" }
}

/// A bucket's default encryption.
public enum BucketEncryptionType: String, Vocabulary {
    case sseS3 = "sse-s3"
    case sseKMS = "sse-kms"

    /// What S3 reports; every bucket is encrypted, with SSE-S3 unless told otherwise.
    public init(awsName: String?) {
        self = awsName == Self.sseKMS.awsName ? .sseKMS : .sseS3
    }

    /// S3's `SSEAlgorithm`.
    public var awsName: String {
        switch self {
        case .sseS3: "AES256"
        case .sseKMS: "aws:kms"
        }
    }
}
