import Foundation

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

    public static func inlinePolicy(for spec: DeliveryStreamSpec, context: ResolutionContext)
        -> String
    {
        let partition = context.partition
        let scope = "\(context.region):\(context.accountID)"
        var statements: [[String: Any]] = [
            [
                "Sid": "WriteToBucket", "Effect": "Allow",
                "Action": [
                    "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
                    "s3:ListBucket",
                    "s3:ListBucketMultipartUploads", "s3:PutObject",
                ],
                "Resource": [spec.bucketARN, spec.bucketARN + "/*"],
            ]
        ]
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
                    "arn:\(partition):logs:\(scope):log-group:\(logging.logGroup):log-stream:\(logging.logStream)",
            ])
        }
        if let conversion = spec.formatConversion {
            statements.append([
                "Sid": "ReadSchema", "Effect": "Allow",
                "Action": ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
                "Resource": [
                    "arn:\(partition):glue:\(scope):catalog",
                    "arn:\(partition):glue:\(scope):database/\(conversion.database)",
                    "arn:\(partition):glue:\(scope):table/\(conversion.database)/\(conversion.table)",
                ],
            ])
        }
        if let key = spec.kmsKeyARN {
            statements.append([
                "Sid": "EncryptObjects", "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": key,
                "Condition": [
                    "StringEquals": ["kms:ViaService": "s3.\(context.region).amazonaws.com"],
                    "StringLike": ["kms:EncryptionContext:aws:s3:arn": spec.bucketARN + "/*"],
                ],
            ])
        }
        return canonicalJSON(["Version": "2012-10-17", "Statement": statements])
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
