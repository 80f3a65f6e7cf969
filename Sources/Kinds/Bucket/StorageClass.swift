import StackFile

/// The storage class a lifecycle rule moves objects to, as S3 names it.
public enum StorageClass: String, Vocabulary {
    case standardIA = "STANDARD_IA"
    case oneZoneIA = "ONEZONE_IA"
    case intelligentTiering = "INTELLIGENT_TIERING"
    case glacierIR = "GLACIER_IR"
    case glacier = "GLACIER"
    case deepArchive = "DEEP_ARCHIVE"
}
