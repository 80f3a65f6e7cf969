import AWS

/// Deletes a test bucket with every object version in it.
public enum BucketCleanup {
    public static func deleteWithContents(_ bucket: String, s3: S3Client) async throws {
        var page = try await s3.listObjectVersions(bucket)
        while !page.versions.isEmpty {
            _ = try await s3.deleteObjects(bucket, page.versions.map { ($0.key, $0.versionID) })
            page = try await s3.listObjectVersions(bucket)
        }
        try await s3.deleteBucket(bucket)
    }
}
