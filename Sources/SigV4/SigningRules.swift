/// How a service wants its canonical URI built.
///
/// S3 signs the path exactly as sent (no dot-segment removal, no second encoding); every other
/// service normalizes the path and percent-encodes it once more.
public struct SigningRules: Sendable, Equatable {
    /// Remove `.`/`..` segments and collapse repeated slashes before encoding.
    public var normalizePath: Bool
    /// Encode `%` too, so an already-encoded path is encoded a second time.
    public var doubleEncodePath: Bool
    /// Add `x-amz-content-sha256` to the signed headers (S3 requires it).
    public var signPayloadHashHeader: Bool

    public init(normalizePath: Bool, doubleEncodePath: Bool, signPayloadHashHeader: Bool) {
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.signPayloadHashHeader = signPayloadHashHeader
    }

    public static let standard = SigningRules(
        normalizePath: true, doubleEncodePath: true, signPayloadHashHeader: false)
    public static let s3 = SigningRules(
        normalizePath: false, doubleEncodePath: false, signPayloadHashHeader: true)
}
