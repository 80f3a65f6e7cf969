import Crypto
import Foundation

/// Digests written as lower-case hex: SHA-256 for fingerprints and saved plans, SHA-1 where
/// the AWS CLI names its cache files by it.
public enum HexDigest {
    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    public static func sha1(_ text: String) -> String {
        hex(Insecure.SHA1.hash(data: Data(text.utf8)))
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
