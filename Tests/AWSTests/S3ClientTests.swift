import AWS
import Foundation
import TestSupport
import Testing

struct S3ClientTests {
    @Test func bucketSettingsRoundTrip() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("settings")
        try await s3.createBucket(bucket, objectOwnership: "BucketOwnerEnforced")
        #expect(try await s3.headBucket(bucket) == .owned(region: "sa-east-1"))
        #expect(try await s3.headBucket(uniqueName("absent")) == .missing)
        #expect(try await s3.listBuckets().contains(bucket))
        #expect(try await s3.getOwnershipControls(bucket) == "BucketOwnerEnforced")

        try await s3.putOwnershipControls(bucket, objectOwnership: "BucketOwnerPreferred")
        #expect(try await s3.getOwnershipControls(bucket) == "BucketOwnerPreferred")
        try await s3.putCannedACL(bucket, acl: "public-read")
        let acl = try await s3.getACL(bucket)
        #expect(
            acl.grants.contains(
                .init(
                    grantee: "http://acs.amazonaws.com/groups/global/AllUsers", permission: "READ"))
        )

        let open = S3Client.PublicAccessBlock(
            blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false,
            restrictPublicBuckets: false)
        try await s3.putPublicAccessBlock(bucket, open)
        #expect(try await s3.getPublicAccessBlock(bucket) == open)
        try await s3.deletePublicAccessBlock(bucket)
        #expect(try await s3.getPublicAccessBlock(bucket) == nil)

        #expect(try await s3.getVersioning(bucket) == nil)
        try await s3.putVersioning(bucket, status: "Enabled")
        #expect(try await s3.getVersioning(bucket) == "Enabled")
        try await s3.putVersioning(bucket, status: "Suspended")
        #expect(try await s3.getVersioning(bucket) == "Suspended")

        let kms = S3Client.Encryption(
            algorithm: "aws:kms", kmsKeyID: "alias/aws/s3", bucketKeyEnabled: true)
        try await s3.putEncryption(bucket, kms)
        #expect(try await s3.getEncryption(bucket) == kms)

        #expect(try await s3.getTags(bucket) == [:])
        try await s3.putTags(bucket, ["streamstack:stack": "t", "course": "kinesis & more <3>"])
        #expect(
            try await s3.getTags(bucket) == [
                "streamstack:stack": "t", "course": "kinesis & more <3>",
            ])
        try await s3.deleteTags(bucket)
        #expect(try await s3.getTags(bucket) == [:])
        try await s3.deleteBucket(bucket)
        #expect(try await s3.headBucket(bucket) == .missing)
    }

    @Test func keysAndQueryValuesWithSpacesAndTildes() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("keys")
        try await s3.createBucket(bucket)
        let keys = ["raw data/2026 11/a b~c.json", "raw data~x/y z.json", "other/y.json"]
        for key in keys {
            try await s3.putObject(
                bucket, key: key, body: Data("{\"key\":\"\(key)\"}".utf8),
                contentType: "application/json")
        }
        // moto cannot check signatures of query values with `/` (botocore's fail too), so the
        // prefixes here stop short of one.
        let listed = try await s3.listObjects(bucket, prefix: "raw data")
        #expect(Set(listed.map(\.key)) == Set(keys.prefix(2)))
        let tilde = try await s3.listObjects(bucket, prefix: "raw data~x")
        #expect(tilde.map(\.key) == ["raw data~x/y z.json"])
        #expect(
            try await s3.getObject(bucket, key: keys[0]) == Data("{\"key\":\"\(keys[0])\"}".utf8))
        for key in keys { try await s3.deleteObject(bucket, key: key) }
        try await s3.deleteBucket(bucket)
    }

    @Test func versionsAndDeleteMarkersAreListedAndDeleted() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("versions")
        try await s3.createBucket(bucket)
        try await s3.putVersioning(bucket, status: "Enabled")
        for round in 0..<3 {
            for index in 0..<4 {
                try await s3.putObject(bucket, key: "k\(index)", body: Data("\(round)".utf8))
            }
        }
        try await s3.deleteObject(bucket, key: "k0")  // a delete marker
        var page = try await s3.listObjectVersions(bucket, maxKeys: 5)
        #expect(page.isTruncated)
        var all = page.versions
        while page.isTruncated {
            page = try await s3.listObjectVersions(
                bucket, keyMarker: page.nextKeyMarker, versionIDMarker: page.nextVersionIDMarker,
                maxKeys: 5)
            all += page.versions
        }
        #expect(all.count == 13)
        #expect(all.filter(\.isDeleteMarker).map(\.key) == ["k0"])
        let failures = try await s3.deleteObjects(bucket, all.map { ($0.key, $0.versionID) })
        #expect(failures == [])
        #expect(try await s3.listObjectVersions(bucket).versions == [])
        try await s3.deleteBucket(bucket)
    }

    @Test func aNonEmptyBucketIsNotDeleted() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server))
        let bucket = uniqueName("full")
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket, key: "x", body: Data("1".utf8))
        let error = await #expect(throws: AWSError.self) { try await s3.deleteBucket(bucket) }
        #expect(error?.code == "BucketNotEmpty")
        try await s3.deleteObject(bucket, key: "x")
        try await s3.deleteBucket(bucket)
    }

    @Test func usEast1BucketsHaveNoLocationConstraint() async throws {
        let server = try await MotoServer.shared()
        let s3 = try S3Client(motoContext(server, region: "us-east-1"))
        let bucket = uniqueName("east")
        try await s3.createBucket(bucket)
        #expect(try await s3.headBucket(bucket) == .owned(region: "us-east-1"))
        try await s3.deleteBucket(bucket)
    }
}
