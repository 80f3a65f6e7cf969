import AWS
import Foundation

/// Polls a delivery stream's bucket prefix for objects that were not there when watching
/// began, and previews their first records.
public struct DeliveryWatcher: Sendable {
    public var s3: S3Client
    public var bucket: String
    /// The fixed part of the delivery prefix (before any `!{...}` expression).
    public var prefix: String
    public var errorPrefix: String?
    public var pollInterval: Duration

    public init(
        s3: S3Client, bucket: String, prefix: String, errorPrefix: String?, pollInterval: Duration
    ) {
        self.s3 = s3
        self.bucket = bucket
        self.prefix = prefix
        self.errorPrefix = errorPrefix
        self.pollInterval = pollInterval
    }

    public struct Delivered: Sendable {
        public var key: String
        public var size: Int
        public var lastModified: Date?
        /// True for objects under the error output prefix.
        public var isError: Bool
        /// The first records, or a note when the content is not text.
        public var preview: [String]
    }

    /// Every key under the watched prefixes now that was written before `since` (objects
    /// written since then are the ones to show); all of them without `since`.
    public func currentKeys(before since: Date? = nil) async throws -> Set<String> {
        var keys: Set<String> = []
        for prefix in [prefix] + (errorPrefix.map { [$0] } ?? []) {
            for object in try await list(prefix) {
                guard let since, let written = object.lastModified, written >= since else {
                    keys.insert(object.key)
                    continue
                }
            }
        }
        return keys
    }

    /// Waits for objects not in `existing`; returns them with a preview, or nothing at the
    /// timeout. `onPoll` hears the time waited after each look.
    public func waitForNewObjects(
        after existing: Set<String>, timeout: Duration, previewLines: Int = 3,
        onPoll: @Sendable (Duration) -> Void = { _ in }
    ) async throws -> [Delivered] {
        let clock = ContinuousClock()
        let started = clock.now
        while true {
            var found: [Delivered] = []
            for (watched, isError) in [(prefix, false)] + (errorPrefix.map { [($0, true)] } ?? []) {
                for object in try await list(watched) where !existing.contains(object.key) {
                    found.append(
                        Delivered(
                            key: object.key, size: object.size, lastModified: object.lastModified,
                            isError: isError,
                            preview: try await preview(object.key, lines: previewLines)))
                }
            }
            if !found.isEmpty { return found.sorted { $0.key < $1.key } }
            let waited = clock.now - started
            onPoll(waited)
            if waited >= timeout { return [] }
            try await Task.sleep(for: min(pollInterval, timeout - waited))
        }
    }

    /// Objects under `prefix`. On an emulator the listing stops short of the first `/`, since
    /// moto cannot check signatures of query values that contain one; the filter keeps the rest
    /// exact.
    private func list(_ prefix: String) async throws -> [S3Client.Object] {
        let listing = s3.client.endpoint.isCustom ? String(prefix.prefix { $0 != "/" }) : prefix
        return try await s3.listObjects(bucket, prefix: listing).filter { $0.key.hasPrefix(prefix) }
    }

    private func preview(_ key: String, lines: Int) async throws -> [String] {
        var data = try await s3.getObject(bucket, key: key)
        if Gzip.isCompressed(data) {
            do {
                data = try Gzip.decompress(data, limit: 1024 * 1024)
            } catch {
                return ["(gzip data that could not be read: \(error))"]
            }
        }
        guard
            let text = String(data: data.prefix(64 * 1024), encoding: .utf8)
                ?? String(data: data, encoding: .utf8)
        else { return ["(\(data.count) bytes of binary data, such as Parquet or ORC)"] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).prefix(lines).map {
            $0.count > 200 ? String($0.prefix(197)) + "..." : String($0)
        }
    }
}
