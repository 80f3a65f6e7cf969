import Providers
import StackFile

/// How Firehose compresses delivered objects.
public enum Compression: String, Vocabulary {
    case none, gzip, snappy, zip
    case hadoopSnappy = "hadoop-snappy"

    /// Firehose's `CompressionFormat`.
    public var awsName: String {
        switch self {
        case .none: "UNCOMPRESSED"
        case .gzip: "GZIP"
        case .snappy: "Snappy"
        case .zip: "ZIP"
        case .hadoopSnappy: "HADOOP_SNAPPY"
        }
    }

    /// What Firehose reports; an absent format is UNCOMPRESSED.
    public init(awsName: String?) {
        self = Self.allCases.first { $0.awsName == (awsName ?? "UNCOMPRESSED") } ?? .none
    }
}

/// The columnar format a format conversion writes.
public enum OutputFormat: String, Vocabulary {
    case parquet, orc
}

/// The JSON deserializer a format conversion reads records with.
public enum InputFormat: String, Vocabulary {
    case openxJSON = "openx-json"
    case hiveJSON = "hive-json"
}
