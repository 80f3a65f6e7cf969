import Providers
import StackFile

/// A bucket as CloudFormation makes it (AWS::S3::Bucket, and AWS::S3::BucketPolicy for its
/// policy).
extension BucketKind {
    public static func template(_ bucket: BucketSpec) -> [TemplateResource] {
        let access = bucket.publicAccessBlock
        var encryption: [String: TemplateValue] = [
            "SSEAlgorithm": .string(bucket.encryption.type.awsName)
        ]
        if let key = bucket.encryption.kmsKeyID { encryption["KMSMasterKeyID"] = .string(key) }
        var properties: [String: TemplateValue] = [
            "BucketName": .string(bucket.name),
            "OwnershipControls": .object([
                "Rules": .list([
                    .object(["ObjectOwnership": .string(bucket.objectOwnership.awsName)])
                ])
            ]),
            "PublicAccessBlockConfiguration": .object([
                "BlockPublicAcls": .bool(access.blockPublicAcls),
                "IgnorePublicAcls": .bool(access.ignorePublicAcls),
                "BlockPublicPolicy": .bool(access.blockPublicPolicy),
                "RestrictPublicBuckets": .bool(access.restrictPublicBuckets),
            ]),
            "BucketEncryption": .object([
                "ServerSideEncryptionConfiguration": .list([
                    .object([
                        "ServerSideEncryptionByDefault": .object(encryption),
                        "BucketKeyEnabled": .bool(bucket.encryption.bucketKey),
                    ])
                ])
            ]),
            "Tags": .tags(bucket.tags),
        ]
        if bucket.versioning != .disabled {
            properties["VersioningConfiguration"] = .object([
                "Status": .string(bucket.versioning.awsStatus)
            ])
        }
        if bucket.acl != .private && bucket.acl != .custom {
            // CloudFormation spells canned ACLs in PascalCase: public-read is PublicRead.
            properties["AccessControl"] = .string(
                bucket.acl.rawValue.split(separator: "-").map { $0.capitalized }.joined())
        }
        if !bucket.lifecycle.isEmpty {
            properties["LifecycleConfiguration"] = .object([
                "Rules": .list(bucket.lifecycle.map(rule))
            ])
        }
        var resources = [TemplateResource(type: "AWS::S3::Bucket", properties: properties)]
        if let policy = bucket.policy {
            resources.append(
                TemplateResource(
                    suffix: "Policy", type: "AWS::S3::BucketPolicy",
                    properties: [
                        "Bucket": .string(bucket.name),
                        "PolicyDocument": TemplateValue(json: policy),
                    ]))
        }
        return resources
    }

    private static func rule(_ rule: BucketSpec.LifecycleRule) -> TemplateValue {
        var members: [String: TemplateValue] = [
            "Id": .string(rule.id), "Status": .string("Enabled"),
        ]
        if let prefix = rule.prefix { members["Prefix"] = .string(prefix) }
        if let days = rule.expireAfterDays { members["ExpirationInDays"] = .integer(days) }
        if let days = rule.noncurrentVersionsExpireAfterDays {
            members["NoncurrentVersionExpiration"] = .object(["NoncurrentDays": .integer(days)])
        }
        if let days = rule.abortIncompleteUploadsAfterDays {
            members["AbortIncompleteMultipartUpload"] = .object([
                "DaysAfterInitiation": .integer(days)
            ])
        }
        if let transition = rule.transition {
            members["Transitions"] = .list([
                .object([
                    "StorageClass": .string(transition.storageClass.rawValue),
                    "TransitionInDays": .integer(transition.afterDays),
                ])
            ])
        }
        return .object(members)
    }
}
