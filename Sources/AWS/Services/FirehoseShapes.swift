import Foundation

/// Firehose's ExtendedS3 destination: one shape serves the create configuration, the
/// description and the update (AWS's three shapes share these members).
public struct ExtendedS3Destination: Codable, Sendable, Equatable {
    public var roleARN: String?
    public var bucketARN: String?
    public var prefix: String?
    public var errorOutputPrefix: String?
    public var bufferingHints: BufferingHints?
    /// `UNCOMPRESSED`, `GZIP`, `ZIP`, `Snappy` or `HADOOP_SNAPPY`.
    public var compressionFormat: String?
    public var encryptionConfiguration: EncryptionConfiguration?
    public var cloudWatchLoggingOptions: CloudWatchLoggingOptions?
    public var dataFormatConversionConfiguration: DataFormatConversionConfiguration?
    public var dynamicPartitioningConfiguration: DynamicPartitioningConfiguration?
    public var processingConfiguration: ProcessingConfiguration?
    public var fileExtension: String?
    public var customTimeZone: String?
    /// `Enabled` or `Disabled`: whether source records are also written, untransformed.
    public var s3BackupMode: String?
    /// Where the backup goes: the create's member, the description's, and the update's.
    public var s3BackupConfiguration: S3Destination?
    public var s3BackupDescription: S3Destination?
    public var s3BackupUpdate: S3Destination?

    public init() {}

    /// The members of AWS's ExtendedS3DestinationDescription that this shape reads, by their
    /// wire names: any other member of an answer is a setting streamstack does not know.
    public static let describedMembers: Set<String> = [
        "RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix", "BufferingHints",
        "CompressionFormat", "EncryptionConfiguration", "CloudWatchLoggingOptions",
        "ProcessingConfiguration", "S3BackupMode", "S3BackupDescription",
        "DataFormatConversionConfiguration", "DynamicPartitioningConfiguration", "FileExtension",
        "CustomTimeZone",
    ]
}

/// Firehose's plain S3 destination, the shape of a source-record backup.
public struct S3Destination: Codable, Sendable, Equatable {
    public var roleARN: String?
    public var bucketARN: String?
    public var prefix: String?
    public var errorOutputPrefix: String?
    public var bufferingHints: BufferingHints?
    public var compressionFormat: String?
    public var encryptionConfiguration: EncryptionConfiguration?
    public var cloudWatchLoggingOptions: CloudWatchLoggingOptions?

    public init(
        roleARN: String? = nil, bucketARN: String? = nil, prefix: String? = nil,
        errorOutputPrefix: String? = nil, bufferingHints: BufferingHints? = nil,
        compressionFormat: String? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil,
        cloudWatchLoggingOptions: CloudWatchLoggingOptions? = nil
    ) {
        self.roleARN = roleARN
        self.bucketARN = bucketARN
        self.prefix = prefix
        self.errorOutputPrefix = errorOutputPrefix
        self.bufferingHints = bufferingHints
        self.compressionFormat = compressionFormat
        self.encryptionConfiguration = encryptionConfiguration
        self.cloudWatchLoggingOptions = cloudWatchLoggingOptions
    }
}

public struct BufferingHints: Codable, Sendable, Equatable {
    public var sizeInMBs: Int?
    public var intervalInSeconds: Int?
    public init(sizeInMBs: Int?, intervalInSeconds: Int?) {
        self.sizeInMBs = sizeInMBs
        self.intervalInSeconds = intervalInSeconds
    }
}

public struct EncryptionConfiguration: Codable, Sendable, Equatable {
    /// `NoEncryption` when unencrypted.
    public var noEncryptionConfig: String?
    public var kmsEncryptionConfig: KMSEncryptionConfig?

    public struct KMSEncryptionConfig: Codable, Sendable, Equatable {
        public var awsKMSKeyARN: String
        enum CodingKeys: String, CodingKey { case awsKMSKeyARN = "aWSKMSKeyARN" }
        public init(awsKMSKeyARN: String) { self.awsKMSKeyARN = awsKMSKeyARN }
    }

    enum CodingKeys: String, CodingKey {
        case noEncryptionConfig
        case kmsEncryptionConfig = "kMSEncryptionConfig"
    }

    public init(noEncryptionConfig: String? = nil, kmsEncryptionConfig: KMSEncryptionConfig? = nil)
    {
        self.noEncryptionConfig = noEncryptionConfig
        self.kmsEncryptionConfig = kmsEncryptionConfig
    }
}

public struct CloudWatchLoggingOptions: Codable, Sendable, Equatable {
    public var enabled: Bool?
    public var logGroupName: String?
    public var logStreamName: String?
    public init(enabled: Bool?, logGroupName: String?, logStreamName: String?) {
        self.enabled = enabled
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
    }
}

public struct DataFormatConversionConfiguration: Codable, Sendable, Equatable {
    public var schemaConfiguration: SchemaConfiguration?
    public var inputFormatConfiguration: InputFormatConfiguration?
    public var outputFormatConfiguration: OutputFormatConfiguration?
    public var enabled: Bool?

    public struct SchemaConfiguration: Codable, Sendable, Equatable {
        public var roleARN: String?
        public var catalogId: String?
        public var databaseName: String?
        public var tableName: String?
        public var region: String?
        public var versionId: String?
        public init(
            roleARN: String?, catalogId: String?, databaseName: String?, tableName: String?,
            region: String?, versionId: String?
        ) {
            self.roleARN = roleARN
            self.catalogId = catalogId
            self.databaseName = databaseName
            self.tableName = tableName
            self.region = region
            self.versionId = versionId
        }
    }

    /// Exactly one of the two is set; each is an object of optional settings.
    public struct InputFormatConfiguration: Codable, Sendable, Equatable {
        public var deserializer: Deserializer?
        public struct Deserializer: Codable, Sendable, Equatable {
            public var openXJsonSerDe: EmptyObject?
            public var hiveJsonSerDe: EmptyObject?
            public init(openXJsonSerDe: EmptyObject? = nil, hiveJsonSerDe: EmptyObject? = nil) {
                self.openXJsonSerDe = openXJsonSerDe
                self.hiveJsonSerDe = hiveJsonSerDe
            }
        }
        public init(deserializer: Deserializer?) { self.deserializer = deserializer }
    }

    public struct OutputFormatConfiguration: Codable, Sendable, Equatable {
        public var serializer: Serializer?
        public struct Serializer: Codable, Sendable, Equatable {
            public var parquetSerDe: EmptyObject?
            public var orcSerDe: EmptyObject?
            public init(parquetSerDe: EmptyObject? = nil, orcSerDe: EmptyObject? = nil) {
                self.parquetSerDe = parquetSerDe
                self.orcSerDe = orcSerDe
            }
        }
        public init(serializer: Serializer?) { self.serializer = serializer }
    }

    public init(
        schemaConfiguration: SchemaConfiguration?,
        inputFormatConfiguration: InputFormatConfiguration?,
        outputFormatConfiguration: OutputFormatConfiguration?, enabled: Bool?
    ) {
        self.schemaConfiguration = schemaConfiguration
        self.inputFormatConfiguration = inputFormatConfiguration
        self.outputFormatConfiguration = outputFormatConfiguration
        self.enabled = enabled
    }
}

/// A JSON object whose members streamstack leaves at AWS's defaults.
public struct EmptyObject: Codable, Sendable, Equatable {
    public init() {}
}

public struct DynamicPartitioningConfiguration: Codable, Sendable, Equatable {
    public var retryOptions: RetryOptions?
    public var enabled: Bool?
    public struct RetryOptions: Codable, Sendable, Equatable {
        public var durationInSeconds: Int?
        public init(durationInSeconds: Int?) { self.durationInSeconds = durationInSeconds }
    }
    public init(retryOptions: RetryOptions?, enabled: Bool?) {
        self.retryOptions = retryOptions
        self.enabled = enabled
    }
}

public struct ProcessingConfiguration: Codable, Sendable, Equatable {
    public var enabled: Bool?
    public var processors: [Processor]?
    public struct Processor: Codable, Sendable, Equatable {
        /// `MetadataExtraction`, `AppendDelimiterToRecord`, ...
        public var type: String
        public var parameters: [Parameter]?
        public init(type: String, parameters: [Parameter]?) {
            self.type = type
            self.parameters = parameters
        }
    }
    public struct Parameter: Codable, Sendable, Equatable {
        public var parameterName: String
        public var parameterValue: String
        public init(parameterName: String, parameterValue: String) {
            self.parameterName = parameterName
            self.parameterValue = parameterValue
        }
    }
    public init(enabled: Bool?, processors: [Processor]?) {
        self.enabled = enabled
        self.processors = processors
    }
}

public struct DeliveryStreamDescription: Decodable, Sendable {
    public var deliveryStreamName: String
    public var deliveryStreamARN: String
    /// `CREATING`, `CREATING_FAILED`, `DELETING`, `DELETING_FAILED` or `ACTIVE`.
    public var deliveryStreamStatus: String
    /// `DirectPut` or `KinesisStreamAsSource`.
    public var deliveryStreamType: String
    public var versionId: String
    public var destinations: [Destination]
    public var source: Source?
    public var failureDescription: FailureDescription?

    public struct Destination: Decodable, Sendable {
        public var destinationId: String
        public var extendedS3DestinationDescription: ExtendedS3Destination?
        /// The same description with every member AWS sent, wire names as keys.
        public var extendedS3Members: [String: JSONValue]? = nil

        enum CodingKeys: String, CodingKey {
            case destinationId, extendedS3DestinationDescription
        }
    }
    public struct Source: Decodable, Sendable {
        public var kinesisStreamSourceDescription: KinesisStreamSource?
    }
    public struct FailureDescription: Decodable, Sendable {
        public var type: String
        public var details: String
    }
}

public struct KinesisStreamSource: Codable, Sendable, Equatable {
    public var kinesisStreamARN: String
    public var roleARN: String
    public init(kinesisStreamARN: String, roleARN: String) {
        self.kinesisStreamARN = kinesisStreamARN
        self.roleARN = roleARN
    }
}
