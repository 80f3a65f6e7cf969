import Crypto
import Foundation
import SigV4

/// Amazon S3 (REST-XML). Path-style addressing on a custom endpoint, virtual-hosted style on
/// AWS for names that allow it.
public struct S3Client: Sendable {
    public let client: AWSClient
    /// nil: calls carry no owner condition (a bucket the stack does not declare).
    public let expectedOwner: ExpectedBucketOwner?
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    public init(_ context: AWSContext, expectedOwner: ExpectedBucketOwner? = nil) throws {
        client = try context.client(for: .s3)
        self.expectedOwner = expectedOwner
    }

    /// Sends one bucket (and optionally object) operation.
    @discardableResult
    func send(
        _ operation: String, method: String, bucket: String, key: String? = nil,
        query: [(String, String)] = [],
        headers: [(name: String, value: String)] = [], body: Data = Data(),
        contentMD5: Bool = false,
        alreadyExistsCodes: Set<String> = []
    ) async throws -> AWSResponse {
        let encodedKey = key.map { "/" + uriEncode($0, keeping: [UInt8(ascii: "/")]) } ?? ""
        let virtualHosted = !client.endpoint.isCustom && !bucket.contains(".")
        var allHeaders = headers
        // libcurl sends a form content type when none is set, and moto then misreads the body.
        if ["PUT", "POST"].contains(method),
            !headers.contains(where: { $0.name.lowercased() == "content-type" })
        {
            allHeaders.append(("Content-Type", "application/xml"))
        }
        if contentMD5 {
            // Required by real S3 for these calls (botocore's requestChecksumRequired).
            allHeaders.append(
                ("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString()))
        }
        if operation != "CreateBucket", let expectedOwner {
            allHeaders.append(("x-amz-expected-bucket-owner", try await expectedOwner.account()))
        }
        return try await client.send(
            AWSRequest(
                operation: operation, method: method,
                path: virtualHosted
                    ? (encodedKey.isEmpty ? "/" : encodedKey)
                    : "/" + uriEncode(bucket) + encodedKey,
                query: query, headers: allHeaders, body: body,
                hostPrefix: virtualHosted ? bucket : nil,
                alreadyExistsCodes: alreadyExistsCodes))
    }

    func xml(_ response: AWSResponse, _ operation: String) throws -> XMLNode {
        guard let node = XMLNode.parse(response.http.body) else {
            throw MalformedResponseError(
                service: "s3", operation: operation, detail: "the answer is not XML")
        }
        return node
    }

    // MARK: Buckets

    /// Creates the bucket in the client's region (LocationConstraint everywhere but us-east-1).
    /// - Returns: false when an attempt's answer was lost and the retry found the bucket already
    ///   in this account: created by that attempt, or by someone else meanwhile.
    @discardableResult
    public func createBucket(_ bucket: String, objectOwnership: String? = nil) async throws -> Bool
    {
        var body = Data()
        if client.region != "us-east-1" {
            var writer = XMLWriter()
            writer.element("CreateBucketConfiguration", namespace: Self.namespace) {
                $0.element("LocationConstraint", client.region)
            }
            body = writer.data
        }
        return try await !send(
            "CreateBucket", method: "PUT", bucket: bucket,
            headers: objectOwnership.map { [("x-amz-object-ownership", $0)] } ?? [], body: body,
            alreadyExistsCodes: ["BucketAlreadyOwnedByYou"]
        ).createdByEarlierAttempt
    }

    public enum BucketStatus: Sendable, Equatable {
        case missing
        /// Exists in this account, in `region`.
        case owned(region: String?)
        /// Exists, but another account owns it (403).
        case forbidden
        /// Exists in another region than the client's (S3 answers 301, or 400, with the
        /// bucket's region): whose it is, S3 does not say.
        case elsewhere(region: String)
    }

    public func headBucket(_ bucket: String) async throws -> BucketStatus {
        do {
            let response = try await send("HeadBucket", method: "HEAD", bucket: bucket)
            return .owned(region: response.http.header("x-amz-bucket-region"))
        } catch let error as AWSError where error.status == 404 {
            return .missing
        } catch let error as AWSError where error.status == 403 {
            return .forbidden
        } catch let error as AWSError
            where [301, 400].contains(error.status) && error.details["bucketRegion"] != nil
        {
            // What botocore's S3 region redirector reads from a HeadBucket sent to the wrong
            // region: the status and x-amz-bucket-region.
            return .elsewhere(region: error.details["bucketRegion"] ?? "")
        }
    }

    public func deleteBucket(_ bucket: String) async throws {
        try await send("DeleteBucket", method: "DELETE", bucket: bucket)
    }

    public func listBuckets() async throws -> [String] {
        let response = try await client.send(
            AWSRequest(operation: "ListBuckets", method: "GET", path: "/"))
        return try xml(response, "ListBuckets").first("Buckets")?.children("Bucket").compactMap {
            $0.value("Name")
        } ?? []
    }

    /// When the bucket was created, as ListBuckets reports it; nil when this account has no
    /// bucket of that name.
    public func creationDate(of bucket: String) async throws -> Date? {
        // Names are listed in order, so the exact name comes first among those it prefixes.
        let response = try await client.send(
            AWSRequest(
                operation: "ListBuckets", method: "GET", path: "/",
                query: [("max-buckets", "1000"), ("prefix", bucket)]))
        let found = try xml(response, "ListBuckets").first("Buckets")?.children("Bucket").first {
            $0.value("Name") == bucket
        }
        return found?.value("CreationDate").flatMap(ISO8601.parse)
    }

    // MARK: Ownership, access, versioning, encryption, tags

    /// `BucketOwnerEnforced`, `BucketOwnerPreferred` or `ObjectWriter`; nil when none is set.
    public func getOwnershipControls(_ bucket: String) async throws -> String? {
        do {
            let response = try await send(
                "GetBucketOwnershipControls", method: "GET", bucket: bucket,
                query: [("ownershipControls", "")])
            return try xml(response, "GetBucketOwnershipControls").first("ObjectOwnership")?.text
        } catch let error as AWSError where error.code == "OwnershipControlsNotFoundError" {
            return nil
        }
    }

    public func putOwnershipControls(_ bucket: String, objectOwnership: String) async throws {
        var writer = XMLWriter()
        writer.element("OwnershipControls", namespace: Self.namespace) {
            $0.element("Rule") { $0.element("ObjectOwnership", objectOwnership) }
        }
        try await send(
            "PutBucketOwnershipControls", method: "PUT", bucket: bucket,
            query: [("ownershipControls", "")],
            body: writer.data, contentMD5: true)
    }

    public struct PublicAccessBlock: Sendable, Equatable {
        public var blockPublicAcls: Bool
        public var ignorePublicAcls: Bool
        public var blockPublicPolicy: Bool
        public var restrictPublicBuckets: Bool

        public init(
            blockPublicAcls: Bool, ignorePublicAcls: Bool, blockPublicPolicy: Bool,
            restrictPublicBuckets: Bool
        ) {
            self.blockPublicAcls = blockPublicAcls
            self.ignorePublicAcls = ignorePublicAcls
            self.blockPublicPolicy = blockPublicPolicy
            self.restrictPublicBuckets = restrictPublicBuckets
        }
    }

    /// nil when the bucket has no public-access block configuration.
    public func getPublicAccessBlock(_ bucket: String) async throws -> PublicAccessBlock? {
        do {
            let response = try await send(
                "GetPublicAccessBlock", method: "GET", bucket: bucket,
                query: [("publicAccessBlock", "")])
            let node = try xml(response, "GetPublicAccessBlock")
            func flag(_ name: String) -> Bool { node.first(name)?.text.lowercased() == "true" }
            return PublicAccessBlock(
                blockPublicAcls: flag("BlockPublicAcls"),
                ignorePublicAcls: flag("IgnorePublicAcls"),
                blockPublicPolicy: flag("BlockPublicPolicy"),
                restrictPublicBuckets: flag("RestrictPublicBuckets"))
        } catch let error as AWSError where error.code == "NoSuchPublicAccessBlockConfiguration" {
            return nil
        }
    }

    public func putPublicAccessBlock(_ bucket: String, _ block: PublicAccessBlock) async throws {
        var writer = XMLWriter()
        writer.element("PublicAccessBlockConfiguration", namespace: Self.namespace) {
            $0.element("BlockPublicAcls", String(block.blockPublicAcls))
            $0.element("IgnorePublicAcls", String(block.ignorePublicAcls))
            $0.element("BlockPublicPolicy", String(block.blockPublicPolicy))
            $0.element("RestrictPublicBuckets", String(block.restrictPublicBuckets))
        }
        try await send(
            "PutPublicAccessBlock", method: "PUT", bucket: bucket,
            query: [("publicAccessBlock", "")],
            body: writer.data, contentMD5: true)
    }

    public func deletePublicAccessBlock(_ bucket: String) async throws {
        try await send(
            "DeletePublicAccessBlock", method: "DELETE", bucket: bucket,
            query: [("publicAccessBlock", "")])
    }

    /// `Enabled`, `Suspended`, or nil for a bucket never versioned.
    public func getVersioning(_ bucket: String) async throws -> String? {
        let response = try await send(
            "GetBucketVersioning", method: "GET", bucket: bucket, query: [("versioning", "")])
        // moto's root element differs from AWS's; the Status child is the same.
        let status = try xml(response, "GetBucketVersioning").first("Status")?.text
        return status?.isEmpty == false ? status : nil
    }

    public func putVersioning(_ bucket: String, status: String) async throws {
        var writer = XMLWriter()
        writer.element("VersioningConfiguration", namespace: Self.namespace) {
            $0.element("Status", status)
        }
        try await send(
            "PutBucketVersioning", method: "PUT", bucket: bucket, query: [("versioning", "")],
            body: writer.data,
            contentMD5: true)
    }

    public struct Encryption: Sendable, Equatable {
        /// `AES256` or `aws:kms`.
        public var algorithm: String
        public var kmsKeyID: String?
        public var bucketKeyEnabled: Bool

        public init(algorithm: String, kmsKeyID: String?, bucketKeyEnabled: Bool) {
            self.algorithm = algorithm
            self.kmsKeyID = kmsKeyID
            self.bucketKeyEnabled = bucketKeyEnabled
        }
    }

    /// nil when the bucket has no default encryption (moto; AWS always has AES256).
    public func getEncryption(_ bucket: String) async throws -> Encryption? {
        do {
            let response = try await send(
                "GetBucketEncryption", method: "GET", bucket: bucket, query: [("encryption", "")])
            let node = try xml(response, "GetBucketEncryption")
            guard let algorithm = node.first("SSEAlgorithm")?.text else { return nil }
            return Encryption(
                algorithm: algorithm, kmsKeyID: node.first("KMSMasterKeyID")?.text,
                bucketKeyEnabled: node.first("BucketKeyEnabled")?.text.lowercased() == "true")
        } catch let error as AWSError
            where error.code == "ServerSideEncryptionConfigurationNotFoundError"
        {
            return nil
        }
    }

    public func putEncryption(_ bucket: String, _ encryption: Encryption) async throws {
        var writer = XMLWriter()
        writer.element("ServerSideEncryptionConfiguration", namespace: Self.namespace) {
            $0.element("Rule") {
                $0.element("ApplyServerSideEncryptionByDefault") {
                    $0.element("SSEAlgorithm", encryption.algorithm)
                    if let key = encryption.kmsKeyID { $0.element("KMSMasterKeyID", key) }
                }
                $0.element("BucketKeyEnabled", String(encryption.bucketKeyEnabled))
            }
        }
        try await send(
            "PutBucketEncryption", method: "PUT", bucket: bucket, query: [("encryption", "")],
            body: writer.data,
            contentMD5: true)
    }

    /// The bucket's tags; empty when it has none.
    public func getTags(_ bucket: String) async throws -> [String: String] {
        do {
            let response = try await send(
                "GetBucketTagging", method: "GET", bucket: bucket, query: [("tagging", "")])
            var tags: [String: String] = [:]
            for tag in try xml(response, "GetBucketTagging").first("TagSet")?.children("Tag") ?? []
            {
                if let key = tag.value("Key") { tags[key] = tag.value("Value") ?? "" }
            }
            return tags
        } catch let error as AWSError where error.code == "NoSuchTagSet" {
            return [:]
        }
    }

    /// Replaces the bucket's whole tag set.
    public func putTags(_ bucket: String, _ tags: [String: String]) async throws {
        var writer = XMLWriter()
        writer.element("Tagging", namespace: Self.namespace) {
            $0.element("TagSet") { writer in
                for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
                    writer.element("Tag") {
                        $0.element("Key", key)
                        $0.element("Value", value)
                    }
                }
            }
        }
        try await send(
            "PutBucketTagging", method: "PUT", bucket: bucket, query: [("tagging", "")],
            body: writer.data,
            contentMD5: true)
    }

    public func deleteTags(_ bucket: String) async throws {
        try await send(
            "DeleteBucketTagging", method: "DELETE", bucket: bucket, query: [("tagging", "")])
    }

    /// Sets a canned ACL (`private`, `public-read`, ...).
    public func putCannedACL(_ bucket: String, acl: String) async throws {
        try await send(
            "PutBucketAcl", method: "PUT", bucket: bucket, query: [("acl", "")],
            headers: [("x-amz-acl", acl)],
            contentMD5: true)
    }

    public struct Grant: Sendable, Hashable {
        /// A group URI (AllUsers, AuthenticatedUsers, LogDelivery) or a canonical user id.
        public var grantee: String
        public var permission: String

        public init(grantee: String, permission: String) {
            self.grantee = grantee
            self.permission = permission
        }
    }

    public func getACL(_ bucket: String) async throws -> (owner: String?, grants: [Grant]) {
        let response = try await send(
            "GetBucketAcl", method: "GET", bucket: bucket, query: [("acl", "")])
        let node = try xml(response, "GetBucketAcl")
        let grants = node.first("AccessControlList")?.children("Grant").compactMap {
            grant -> Grant? in
            guard let grantee = grant.child("Grantee"), let permission = grant.value("Permission")
            else { return nil }
            return Grant(
                grantee: grantee.value("URI") ?? grantee.value("ID") ?? "", permission: permission)
        }
        return (node.first("Owner")?.value("ID"), grants ?? [])
    }

    // MARK: Objects

    public struct ObjectVersion: Sendable, Hashable {
        public var key: String
        public var versionID: String?
        public var isDeleteMarker: Bool
    }

    public struct VersionPage: Sendable {
        public var versions: [ObjectVersion]
        public var isTruncated: Bool
        public var nextKeyMarker: String?
        public var nextVersionIDMarker: String?
    }

    /// One page of object versions and delete markers.
    public func listObjectVersions(
        _ bucket: String, keyMarker: String? = nil, versionIDMarker: String? = nil,
        maxKeys: Int = 1000
    ) async throws -> VersionPage {
        var query: [(String, String)] = [("versions", ""), ("max-keys", String(maxKeys))]
        if let keyMarker { query.append(("key-marker", keyMarker)) }
        if let versionIDMarker { query.append(("version-id-marker", versionIDMarker)) }
        let node = try xml(
            try await send("ListObjectVersions", method: "GET", bucket: bucket, query: query),
            "ListObjectVersions")
        var versions: [ObjectVersion] = []
        for child in node.children where child.name == "Version" || child.name == "DeleteMarker" {
            guard let key = child.value("Key") else { continue }
            let id = child.value("VersionId")
            versions.append(
                ObjectVersion(
                    key: key, versionID: id == "null" ? "null" : id,
                    isDeleteMarker: child.name == "DeleteMarker"))
        }
        return VersionPage(
            versions: versions, isTruncated: node.value("IsTruncated") == "true",
            nextKeyMarker: node.value("NextKeyMarker"),
            nextVersionIDMarker: node.value("NextVersionIdMarker"))
    }

    public struct Object: Sendable, Hashable {
        public var key: String
        public var size: Int
        public var lastModified: Date?
    }

    /// Every object under `prefix` (current versions), following continuation tokens.
    public func listObjects(_ bucket: String, prefix: String = "") async throws -> [Object] {
        try await client.allPages("ListObjectsV2") { token in
            var query: [(String, String)] = [("list-type", "2")]
            if !prefix.isEmpty { query.append(("prefix", prefix)) }
            if let token { query.append(("continuation-token", token)) }
            let node = try await listObjectsV2(bucket, query)
            return (
                Self.objects(in: node),
                node.value("IsTruncated") == "true" ? node.value("NextContinuationToken") : nil
            )
        }
    }

    /// One page of the objects under `prefix` whose keys sort after `startAfter`, and whether
    /// more follow.
    public func listObjectsPage(
        _ bucket: String, prefix: String = "", startAfter: String? = nil, maxKeys: Int = 1000
    ) async throws -> (objects: [Object], truncated: Bool) {
        var query: [(String, String)] = [("list-type", "2"), ("max-keys", String(maxKeys))]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        let node = try await listObjectsV2(bucket, query)
        return (Self.objects(in: node), node.value("IsTruncated") == "true")
    }

    private func listObjectsV2(_ bucket: String, _ query: [(String, String)]) async throws
        -> XMLNode
    {
        try xml(
            try await send("ListObjectsV2", method: "GET", bucket: bucket, query: query),
            "ListObjectsV2")
    }

    private static func objects(in node: XMLNode) -> [Object] {
        node.children("Contents").compactMap { content in
            content.value("Key").map { key in
                Object(
                    key: key, size: Int(content.value("Size") ?? "") ?? 0,
                    lastModified: content.value("LastModified").flatMap(ISO8601.parse))
            }
        }
    }

    public struct DeleteFailure: Sendable, Equatable {
        public var key: String
        public var versionID: String?
        public var code: String
        public var message: String
    }

    /// Deletes up to 1000 objects or versions in one call; returns those that failed.
    public func deleteObjects(_ bucket: String, _ objects: [(key: String, versionID: String?)])
        async throws
        -> [DeleteFailure]
    {
        guard !objects.isEmpty else { return [] }
        precondition(objects.count <= 1000, "DeleteObjects takes at most 1000 keys")
        var writer = XMLWriter()
        writer.element("Delete", namespace: Self.namespace) { writer in
            writer.element("Quiet", "true")
            for object in objects {
                writer.element("Object") {
                    $0.element("Key", object.key)
                    if let version = object.versionID { $0.element("VersionId", version) }
                }
            }
        }
        let response = try await send(
            "DeleteObjects", method: "POST", bucket: bucket, query: [("delete", "")],
            body: writer.data, contentMD5: true)
        return try xml(response, "DeleteObjects").children("Error").map {
            DeleteFailure(
                key: $0.value("Key") ?? "", versionID: $0.value("VersionId"),
                code: $0.value("Code") ?? "",
                message: $0.value("Message") ?? "")
        }
    }

    public func putObject(
        _ bucket: String, key: String, body: Data, contentType: String = "application/octet-stream"
    )
        async throws
    {
        try await send(
            "PutObject", method: "PUT", bucket: bucket, key: key,
            headers: [("Content-Type", contentType)], body: body)
    }

    /// Writes the object only if no object has its key (S3 conditional writes, `If-None-Match:
    /// *`); returns the new object's ETag, or nil when one exists (412 PreconditionFailed).
    /// S3 answers 409 ConditionalRequestConflict while another conditional write to the key is
    /// under way: the caller tries again.
    public func putObjectIfAbsent(
        _ bucket: String, key: String, body: Data, contentType: String = "application/json"
    ) async throws -> String? {
        do {
            let response = try await send(
                "PutObject", method: "PUT", bucket: bucket, key: key,
                headers: [("Content-Type", contentType), ("If-None-Match", "*")], body: body)
            return response.http.header("etag") ?? ""
        } catch let error as AWSError where error.status == 412 {
            return nil
        }
    }

    /// The object's body and ETag; nil when there is no such object.
    public func objectWithETag(_ bucket: String, key: String) async throws
        -> (body: Data, etag: String)?
    {
        do {
            let response = try await send("GetObject", method: "GET", bucket: bucket, key: key)
            return (response.http.body, response.http.header("etag") ?? "")
        } catch let error as AWSError where error.isNotFound || error.code == "NoSuchKey" {
            return nil
        }
    }

    /// Deletes the object only while its ETag is `etag` (`If-Match`); false when it is not
    /// (412 PreconditionFailed): someone else's object now has the key.
    public func deleteObject(_ bucket: String, key: String, ifMatch etag: String) async throws
        -> Bool
    {
        do {
            try await send(
                "DeleteObject", method: "DELETE", bucket: bucket, key: key,
                headers: [("If-Match", etag)])
            return true
        } catch let error as AWSError where error.status == 412 {
            return false
        }
    }

    public func getObject(_ bucket: String, key: String) async throws -> Data {
        try await send("GetObject", method: "GET", bucket: bucket, key: key).http.body
    }

    public func deleteObject(_ bucket: String, key: String, versionID: String? = nil) async throws {
        try await send(
            "DeleteObject", method: "DELETE", bucket: bucket, key: key,
            query: versionID.map { [("versionId", $0)] } ?? [])
    }
}
