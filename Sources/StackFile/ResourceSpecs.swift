/// The desired state of each resource type, with every `${...}` filled in and every omitted
/// property set to the AWS default, so that it compares directly with what AWS reports.
public struct KinesisStreamSpec: Sendable, Equatable {
    public typealias Mode = StreamMode
    public var name: String
    public var mode: Mode
    /// nil for on-demand streams.
    public var shards: Int?
    public var retentionHours: Int
    /// nil when unencrypted.
    public var kmsKeyID: String?
    /// Stack tags, resource tags and the ownership tag.
    public var tags: [String: String]
    /// Delete the stream even with registered consumers: the file's word, not AWS state.
    public var enforceConsumerDeletion: Bool
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, mode: Mode, shards: Int?, retentionHours: Int, kmsKeyID: String?,
        tags: [String: String], enforceConsumerDeletion: Bool = false
    ) {
        self.name = name
        self.mode = mode
        self.shards = shards
        self.retentionHours = retentionHours
        self.kmsKeyID = kmsKeyID
        self.tags = tags
        self.enforceConsumerDeletion = enforceConsumerDeletion
    }
}

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

public struct DeliveryStreamSpec: Sendable, Equatable {
    public struct Logging: Sendable, Equatable {
        public var enabled: Bool
        public var logGroup: String
        public var logStream: String
        public init(enabled: Bool, logGroup: String, logStream: String) {
            self.enabled = enabled
            self.logGroup = logGroup
            self.logStream = logStream
        }
    }
    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }
    public struct FormatConversion: Sendable, Equatable {
        public var outputFormat: OutputFormat
        public var inputFormat: InputFormat
        public var database: String
        public var table: String
        public var columns: [Column]
        public init(
            outputFormat: OutputFormat, inputFormat: InputFormat, database: String, table: String,
            columns: [Column]
        ) {
            self.outputFormat = outputFormat
            self.inputFormat = inputFormat
            self.database = database
            self.table = table
            self.columns = columns
        }
    }
    public struct DynamicPartitioning: Sendable, Equatable {
        /// Key name to JQ expression, sorted by key.
        public var partitionKeys: [String: String]
        public var appendDelimiter: Bool
        public var retryDurationSeconds: Int
        public init(
            partitionKeys: [String: String], appendDelimiter: Bool, retryDurationSeconds: Int
        ) {
            self.partitionKeys = partitionKeys
            self.appendDelimiter = appendDelimiter
            self.retryDurationSeconds = retryDurationSeconds
        }
    }

    /// A Lambda function run on every batch, with AWS's defaults filled in.
    public struct Transformation: Sendable, Equatable {
        public var lambdaARN: String
        public var bufferSizeMB: Double
        public var bufferIntervalSeconds: Int
        public var retries: Int
        public init(
            lambdaARN: String, bufferSizeMB: Double, bufferIntervalSeconds: Int, retries: Int
        ) {
            self.lambdaARN = lambdaARN
            self.bufferSizeMB = bufferSizeMB
            self.bufferIntervalSeconds = bufferIntervalSeconds
            self.retries = retries
        }
    }

    /// Where the untransformed source records are written too.
    public struct Backup: Sendable, Equatable {
        public var bucketARN: String
        public var prefix: String?
        public var errorOutputPrefix: String?
        public var buffering: Buffering
        public var compression: Compression
        public init(
            bucketARN: String, prefix: String?, errorOutputPrefix: String?, buffering: Buffering,
            compression: Compression
        ) {
            self.bucketARN = bucketARN
            self.prefix = prefix
            self.errorOutputPrefix = errorOutputPrefix
            self.buffering = buffering
            self.compression = compression
        }
    }

    /// When Firehose writes an object: once this many MiB are buffered or this many seconds have
    /// passed, whichever comes first.
    public struct Buffering: Sendable, Equatable {
        public var sizeMB: Int
        public var intervalSeconds: Int

        public init(sizeMB: Int, intervalSeconds: Int) {
            self.sizeMB = sizeMB
            self.intervalSeconds = intervalSeconds
        }

        /// What Firehose uses for a destination that names none.
        public static let firehoseDefault = Buffering(sizeMB: 5, intervalSeconds: 300)

        /// The hints given, Firehose's default for each one missing.
        public static func orDefault(sizeMB: Int?, intervalSeconds: Int?) -> Buffering {
            Buffering(
                sizeMB: sizeMB ?? firehoseDefault.sizeMB,
                intervalSeconds: intervalSeconds ?? firehoseDefault.intervalSeconds)
        }
    }

    public var name: String
    /// nil for direct put.
    public var sourceStreamARN: String?
    /// The role Firehose assumes to read the source stream (nil for direct put). Set at
    /// creation and never changed by UpdateDestination: a change replaces the delivery stream.
    public var sourceRoleARN: String?
    /// The role Firehose assumes: the stack's managed role unless the file names one.
    public var roleARN: String
    /// True when streamstack creates and keeps the role.
    public var managesRole: Bool
    public var bucketARN: String
    public var prefix: String?
    public var errorOutputPrefix: String?
    public var buffering: Buffering
    public var compression: Compression
    public var fileExtension: String?
    public var customTimeZone: String
    public var kmsKeyARN: String?
    public var logging: Logging?
    public var formatConversion: FormatConversion?
    public var dynamicPartitioning: DynamicPartitioning?
    public var transformation: Transformation?
    public var backup: Backup?
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, sourceStreamARN: String?, sourceRoleARN: String? = nil, roleARN: String,
        managesRole: Bool,
        bucketARN: String,
        prefix: String?, errorOutputPrefix: String?, buffering: Buffering,
        compression: Compression, fileExtension: String?, customTimeZone: String,
        kmsKeyARN: String?,
        logging: Logging?, formatConversion: FormatConversion?,
        dynamicPartitioning: DynamicPartitioning?, transformation: Transformation? = nil,
        backup: Backup? = nil, tags: [String: String]
    ) {
        self.name = name
        self.sourceStreamARN = sourceStreamARN
        self.sourceRoleARN = sourceRoleARN ?? sourceStreamARN.map { _ in roleARN }
        self.roleARN = roleARN
        self.managesRole = managesRole
        self.bucketARN = bucketARN
        self.prefix = prefix
        self.errorOutputPrefix = errorOutputPrefix
        self.buffering = buffering
        self.compression = compression
        self.fileExtension = fileExtension
        self.customTimeZone = customTimeZone
        self.kmsKeyARN = kmsKeyARN
        self.logging = logging
        self.formatConversion = formatConversion
        self.dynamicPartitioning = dynamicPartitioning
        self.transformation = transformation
        self.backup = backup
        self.tags = tags
    }
}

/// The IAM role streamstack keeps for a delivery stream that names none.
public struct RoleSpec: Sendable, Equatable {
    public var name: String
    public var path: String
    /// Canonical JSON (sorted keys).
    public var trustPolicy: String
    public var inlinePolicyName: String
    /// Canonical JSON (sorted keys).
    public var inlinePolicy: String
    /// Inline policies besides `inlinePolicyName`, and attached managed policies' ARNs: the
    /// stack declares none, so live ones are drift that apply removes.
    public var otherInlinePolicies: [String]
    public var attachedPolicies: [String]
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    public init(
        name: String, path: String, trustPolicy: String, inlinePolicyName: String,
        inlinePolicy: String, otherInlinePolicies: [String] = [], attachedPolicies: [String] = [],
        tags: [String: String]
    ) {
        self.otherInlinePolicies = otherInlinePolicies
        self.attachedPolicies = attachedPolicies
        self.name = name
        self.path = path
        self.trustPolicy = trustPolicy
        self.inlinePolicyName = inlinePolicyName
        self.inlinePolicy = inlinePolicy
        self.tags = tags
    }
}

/// The CloudWatch Logs group a delivery stream writes its errors to, with the streams in it.
public struct LogGroupSpec: Sendable, Equatable {
    public var name: String
    public var logStreams: [String]
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()
    public init(name: String, logStreams: [String], tags: [String: String]) {
        self.name = name
        self.logStreams = logStreams
        self.tags = tags
    }
}

/// The Glue database that holds a format conversion's table.
public struct GlueDatabaseSpec: Sendable, Equatable {
    public var name: String
    public var tags: [String: String]
    public init(name: String, tags: [String: String]) {
        self.name = name
        self.tags = tags
    }
}

/// The Glue table a format conversion reads its schema from, complete enough for Athena to
/// query what lands: location, SerDe and formats, partition keys with partition projection.
public struct GlueTableSpec: Sendable, Equatable {
    public var database: String
    public var table: String
    public var columns: [DeliveryStreamSpec.Column]
    public var partitionKeys: [DeliveryStreamSpec.Column]
    /// `s3://bucket/prefix/`: the fixed part of the delivery stream's prefix.
    public var location: String
    /// An `OutputFormat`'s word, or the SerDe of a table in some other format.
    public var format: String
    /// Athena's partition projection (`projection.*`, `storage.location.template`).
    public var projection: [String: String]
    /// Glue tables take no tags: these are kept in the table's parameters.
    public var tags: [String: String]
    /// What AWS holds that the file cannot express (empty in a declared spec).
    public var unmodelled = UnmodelledSettings()

    /// `database.table`, the name plans show and discovery finds.
    public var name: String { "\(database).\(table)" }

    public init(
        database: String, table: String, columns: [DeliveryStreamSpec.Column],
        partitionKeys: [DeliveryStreamSpec.Column], location: String, format: String,
        projection: [String: String], tags: [String: String]
    ) {
        self.database = database
        self.table = table
        self.columns = columns
        self.partitionKeys = partitionKeys
        self.location = location
        self.format = format
        self.projection = projection
        self.tags = tags
    }
}

/// One resolved resource of the stack.
public enum ResourceSpec: Sendable, Equatable {
    case kinesisStream(KinesisStreamSpec)
    case bucket(BucketSpec)
    case deliveryStream(DeliveryStreamSpec)
    case role(RoleSpec)
    case logGroup(LogGroupSpec)
    case glueDatabase(GlueDatabaseSpec)
    case glueTable(GlueTableSpec)

    /// The spec of its kind.
    public var payload: any TypedSpec {
        switch self {
        case .kinesisStream(let spec): spec
        case .bucket(let spec): spec
        case .deliveryStream(let spec): spec
        case .role(let spec): spec
        case .logGroup(let spec): spec
        case .glueDatabase(let spec): spec
        case .glueTable(let spec): spec
        }
    }

    public var type: ResourceType { Swift.type(of: payload).resourceType }
    public var name: String { payload.name }
    public var tags: [String: String] { payload.tags }
    public var unmodelled: UnmodelledSettings { payload.unmodelled }
}
