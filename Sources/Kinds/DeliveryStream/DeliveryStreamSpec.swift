import StackFile

/// A Firehose delivery stream into S3 as the stack wants it, AWS's defaults filled in.
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
