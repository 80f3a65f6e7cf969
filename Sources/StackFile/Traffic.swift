import Foundation

/// How much data the pipeline carries, which most of its cost follows.
public struct Traffic: Sendable, Codable, Equatable {
    public var recordsPerSecond: Double
    public var averageRecordBytes: Int
    /// "assumed", "the stack file's cost:", "--traffic".
    public var origin: String

    public init(recordsPerSecond: Double, averageRecordBytes: Int, origin: String) {
        self.recordsPerSecond = recordsPerSecond
        self.averageRecordBytes = averageRecordBytes
        self.origin = origin
    }

    /// When neither the stack file nor `--traffic` says: a trickle, as a demo or a course
    /// produces.
    public static let assumed = Traffic(
        recordsPerSecond: 1, averageRecordBytes: 1024, origin: "assumed")

    public var description: String {
        let rate =
            recordsPerSecond == recordsPerSecond.rounded()
            ? String(Int(recordsPerSecond)) : String(recordsPerSecond)
        return
            "\(rate) record\(recordsPerSecond == 1 ? "" : "s")/s of \(Self.bytes(averageRecordBytes))"
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1024 * 1024, count % (1024 * 1024) == 0 { return "\(count / 1024 / 1024) MiB" }
        if count >= 1024, count % 1024 == 0 { return "\(count / 1024) KiB" }
        return "\(count) bytes"
    }

    /// `RATE/s,SIZE`: `100/s,2KiB`, `0.5/s,800B`, `10/s,1MB` (KB and KiB both mean 1,024
    /// bytes, as AWS's price pages count them).
    /// More than any one pipeline carries (a Kinesis shard takes 1,000 records a second): the
    /// estimate's arithmetic stays within bounds.
    public static let maximumRecordsPerSecond = 100_000_000.0

    public static func parse(_ text: String) -> Traffic? {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: ",")
        guard parts.count == 2, parts[0].hasSuffix("/s"),
            let rate = Double(parts[0].dropLast(2)), rate.isFinite, rate >= 0,
            rate <= maximumRecordsPerSecond
        else { return nil }
        let size = parts[1].uppercased()
        let units: [(String, Int)] = [
            ("MIB", 1 << 20), ("MB", 1 << 20), ("KIB", 1024), ("KB", 1024), ("B", 1),
        ]
        for (suffix, factor) in units where size.hasSuffix(suffix) {
            guard let amount = Double(size.dropLast(suffix.count)), amount.isFinite, amount > 0,
                amount * Double(factor) <= Double(1 << 20)
            else { return nil }
            let bytes = Int((amount * Double(factor)).rounded(.up))
            return Traffic(recordsPerSecond: rate, averageRecordBytes: bytes, origin: "--traffic")
        }
        return nil
    }
}
