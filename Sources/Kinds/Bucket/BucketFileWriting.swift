import StackFile

/// A bucket as `import` writes it: only what differs from the defaults.
extension BucketKind {
    package static func properties(
        of bucket: BucketSpec, id: String, in file: StackFileWriter,
        among others: [StackFileWriter.Resource]
    ) -> [String] {
        typealias Key = BucketFields
        var block = Block()
        // Required of a bucket, even when the id repeats it.
        block.value(Key.name, file.named(bucket.name))
        block.value(Key.objectOwnership, bucket.objectOwnership)
        block.value(Key.acl, bucket.acl)
        let access = bucket.publicAccessBlock
        let switches = [
            access.blockPublicAcls, access.ignorePublicAcls, access.blockPublicPolicy,
            access.restrictPublicBuckets,
        ]
        block.nested(Key.publicAccessBlock) { inner in
            for (field, on) in zip(Key.publicAccessSwitches, switches) { inner.literal(field, on) }
        }
        block.value(Key.versioning, bucket.versioning)
        // A Bucket Key means something to SSE-KMS only (the console sets one on SSE-S3 too).
        if bucket.encryption.type != Key.defaultEncryption.type {
            block.nested(Key.encryption) { inner in
                inner.value(Key.encryptionType, bucket.encryption.type)
                if let key = bucket.encryption.kmsKeyID {
                    inner.value(Key.kmsKeyID, file.named(key))
                }
                inner.literal(Key.bucketKey, bucket.encryption.bucketKey)
            }
        }
        lifecycle(bucket.lifecycle, into: &block)
        if let policy = bucket.policy {
            // IAM's own `${aws:...}` variables stay literal: `$${` writes `${`.
            block.document(Key.policy.name, file.named(policy).text)
        }
        block.tags(bucket.tags)
        return block.properties
    }

    /// The `lifecycle:` list, one rule a line.
    private static func lifecycle(_ rules: [BucketSpec.LifecycleRule], into block: inout Block) {
        typealias Key = BucketFields.Lifecycle
        block.list(
            BucketFields.lifecycle.name,
            rules.map { rule in
                var members = [
                    "\(Key.id.name): \(Block.flowScalar(Composed.literal(rule.id).text))"
                ]
                if let prefix = rule.prefix {
                    members.append(
                        "\(Key.prefix.name): \(Block.flowScalar(Composed.literal(prefix).text))")
                }
                let days: [(Field<Int>, Int?)] = [
                    (Key.expireAfterDays, rule.expireAfterDays),
                    (Key.noncurrentVersionsExpireAfterDays, rule.noncurrentVersionsExpireAfterDays),
                    (Key.abortIncompleteUploadsAfterDays, rule.abortIncompleteUploadsAfterDays),
                ]
                for (field, value) in days {
                    if let value { members.append("\(field.name): \(value)") }
                }
                if let transition = rule.transition {
                    members.append(
                        "\(Key.transition.name): { \(Key.transitionAfterDays.name): \(transition.afterDays), \(Key.storageClass.name): \(transition.storageClass.rawValue) }"
                    )
                }
                return "{ " + members.joined(separator: ", ") + " }"
            })
    }
}
