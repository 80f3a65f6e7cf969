import Foundation
import Providers
import StackFile

/// The trust policy and least-privilege inline policy of a delivery stream's managed role:
/// exactly the stream, bucket, log group, Glue table and KMS key the delivery stream uses.
public enum FirehoseRolePolicy {
    public static let inlinePolicyName = "firehose-delivery"

    /// Firehose may assume the role, only on behalf of this account (as the console does).
    public static func trustPolicy(accountID: String) -> String {
        canonicalJSON([
            "Version": "2012-10-17",
            "Statement": [
                [
                    "Effect": "Allow", "Principal": ["Service": "firehose.amazonaws.com"],
                    "Action": "sts:AssumeRole",
                    "Condition": ["StringEquals": ["sts:ExternalId": accountID]],
                ] as [String: Any]
            ],
        ])
    }

    /// KMS keys of the resources around the delivery stream that the role must use.
    public struct Keys: Sendable, Equatable {
        /// The source stream's key (its `encryption.kms_key_id`).
        public var sourceStream: String?
        /// The bucket's default encryption, when it is SSE-KMS.
        public var bucket: BucketSpec.Encryption?
        public init(sourceStream: String? = nil, bucket: BucketSpec.Encryption? = nil) {
            self.sourceStream = sourceStream
            self.bucket = bucket
        }
    }

    /// - Parameter ownBuckets: ARNs of the buckets the stack declares: the role may write to
    ///   them only while they belong to the stack's account.
    public static func inlinePolicy(
        for spec: DeliveryStreamSpec, context: ResolutionContext, keys: Keys = Keys(),
        ownBuckets: Set<String> = []
    ) -> String {
        let statements =
            accessStatements(for: spec, context: context, ownBuckets: ownBuckets)
            + keyStatements(for: spec, context: context, keys: keys)
        return canonicalJSON(["Version": "2012-10-17", "Statement": statements])
    }

    static let bucketActions = [
        "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket",
        "s3:ListBucketMultipartUploads", "s3:PutObject",
    ]

    /// The bucket it writes, the stream it reads, the log stream and the Glue table.
    static func accessStatements(
        for spec: DeliveryStreamSpec, context: ResolutionContext, ownBuckets: Set<String>
    ) -> [[String: Any]] {
        var buckets = [spec.bucketARN]
        if let backup = spec.backup?.bucketARN, backup != spec.bucketARN { buckets.append(backup) }
        let own = buckets.filter(ownBuckets.contains)
        let others = buckets.filter { !ownBuckets.contains($0) }
        var statements: [[String: Any]] = []
        if !own.isEmpty {
            // Bucket names are global: should a bucket of the stack's name ever be another
            // account's, Firehose must not write the records there (IAM's s3:ResourceAccount).
            statements.append([
                "Sid": "WriteToBucket", "Effect": "Allow", "Action": bucketActions,
                "Resource": own.flatMap { [$0, $0 + "/*"] },
                "Condition": ["StringEquals": ["s3:ResourceAccount": context.accountID]],
            ])
        }
        if !others.isEmpty {
            statements.append([
                "Sid": own.isEmpty ? "WriteToBucket" : "WriteToNamedBucket", "Effect": "Allow",
                "Action": bucketActions, "Resource": others.flatMap { [$0, $0 + "/*"] },
            ])
        }
        if let function = spec.transformation?.lambdaARN {
            // The function as named; an unqualified name also covers its versions and aliases.
            let qualified =
                function.split(separator: ":", omittingEmptySubsequences: false)
                .count > 7
            statements.append([
                "Sid": "TransformRecords", "Effect": "Allow",
                "Action": ["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"],
                "Resource": qualified ? [function] : [function, function + ":*"],
            ])
        }
        if let stream = spec.sourceStreamARN {
            statements.append([
                "Sid": "ReadSourceStream", "Effect": "Allow",
                "Action": [
                    "kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator",
                    "kinesis:ListShards",
                ],
                "Resource": stream,
            ])
        }
        if let logging = spec.logging, logging.enabled {
            statements.append([
                "Sid": "WriteErrorLogs", "Effect": "Allow", "Action": ["logs:PutLogEvents"],
                "Resource":
                    context.arn(
                        "logs", "log-group:\(logging.logGroup):log-stream:\(logging.logStream)"
                    ).description,
            ])
        }
        if let conversion = spec.formatConversion {
            statements.append([
                "Sid": "ReadSchema", "Effect": "Allow",
                "Action": ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
                "Resource": [
                    context.arn("glue", "catalog").description,
                    context.arn("glue", "database/\(conversion.database)").description,
                    context.arn("glue", "table/\(conversion.database)/\(conversion.table)")
                        .description,
                ],
            ])
        }
        return statements
    }

    /// The customer managed keys it encrypts and decrypts with, each through its service.
    static func keyStatements(
        for spec: DeliveryStreamSpec, context: ResolutionContext, keys: Keys
    ) -> [[String: Any]] {
        var statements: [[String: Any]] = []
        // S3's encryption context is the object's ARN, or the bucket's with an S3 Bucket Key.
        let s3Context = [
            "kms:EncryptionContext:aws:s3:arn": [spec.bucketARN, spec.bucketARN + "/*"]
        ]
        if let key = spec.kmsKeyARN {
            statements.append(
                keyStatement(
                    "EncryptObjects", key: key, actions: ["kms:Decrypt", "kms:GenerateDataKey"],
                    service: "s3", context: context, encryptionContext: s3Context))
        }
        if let bucket = keys.bucket, let key = bucket.kmsKeyID, !isAWSManaged(key),
            key != spec.kmsKeyARN
        {
            statements.append(
                keyStatement(
                    "EncryptWithBucketKey", key: key,
                    actions: ["kms:Decrypt", "kms:GenerateDataKey"], service: "s3",
                    context: context, encryptionContext: s3Context))
        }
        if let key = keys.sourceStream, !isAWSManaged(key), let stream = spec.sourceStreamARN {
            statements.append(
                keyStatement(
                    "DecryptSourceStream", key: key, actions: ["kms:Decrypt"], service: "kinesis",
                    context: context,
                    encryptionContext: ["kms:EncryptionContext:aws:kinesis:arn": [stream]]))
        }
        return statements
    }

    /// AWS managed keys (`alias/aws/...`) let their service's callers in the account use them.
    static func isAWSManaged(_ key: String) -> Bool {
        key.hasPrefix("alias/aws/") || key.contains(":alias/aws/")
    }

    /// Use of one customer managed key through one service, for one encryption context. A key
    /// named by alias is matched by the alias (`kms:ResourceAliases`), as IAM authorises key
    /// use by key ARN.
    static func keyStatement(
        _ sid: String, key: String, actions: [String], service: String,
        context: ResolutionContext, encryptionContext: [String: [String]]
    ) -> [String: Any] {
        let keyARNs = context.arn("kms", "key/").description
        var condition: [String: Any] = [
            "StringEquals": ["kms:ViaService": "\(service).\(context.region).amazonaws.com"],
            "StringLike": encryptionContext,
        ]
        let resource: String
        if key.hasPrefix("arn:"), !key.contains(":alias/") {
            resource = key
        } else if key.hasPrefix("alias/") || key.contains(":alias/") {
            resource = keyARNs + "*"
            let alias = "alias/" + (key.components(separatedBy: "alias/").last ?? "")
            condition["ForAnyValue:StringEquals"] = ["kms:ResourceAliases": alias]
        } else {
            resource = keyARNs + key
        }
        return [
            "Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resource,
            "Condition": condition,
        ]
    }

    /// JSON with sorted keys and unescaped slashes: two equal documents give equal text.
    public static func canonicalJSON(_ object: Any) -> String {
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Re-serializes a policy document (as IAM returns it) canonically; the text itself when it
    /// is not JSON.
    public static func canonicalize(_ document: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) else {
            return document
        }
        return canonicalJSON(object)
    }
}
