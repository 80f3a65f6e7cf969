import Foundation

/// A name no other test uses: the prefix, a hyphen and lower-case hex (moto's signature
/// checking trips over `+ = %` and non-ASCII in S3 names).
public func uniqueName(_ prefix: String, length: Int = 8) -> String {
    prefix + "-"
        + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        .prefix(length)
}
