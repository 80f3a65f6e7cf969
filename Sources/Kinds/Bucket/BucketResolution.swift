import StackFile

/// A declared bucket as a spec: AWS's defaults filled in, its lifecycle rules by id, its
/// policy with the TLS statement.
extension BucketKind {
    package static func resolve(_ declared: DeclaredResource) -> Resolution<BucketSpec> {
        let bucket = bucketSpec(declared)
        // The name may hold references only AWS could fill in: checked once filled.
        var diagnostics: [Diagnostic] = []
        if case .string(let rule) = BucketFields.name.property.type {
            let validator = StackValidator(
                file: declared.file, options: .init(), language: StackLanguage(kinds: []))
            let location =
                declared.declaration.properties.entry(BucketFields.name)?.value.location
                ?? declared.declaration.location
            validator.checkString(
                bucket.name, rule: rule, location: location, subject: "bucket name")
            diagnostics = validator.diagnostics
        }
        return Resolution(spec: bucket, diagnostics: diagnostics)
    }

    package static func attributes(of bucket: BucketSpec, in context: ResolutionContext)
        -> [String: String]
    {
        [
            "name": bucket.name,
            "arn": ARN.bucket(bucket.name, partition: context.partition).description,
            "domain_name": "\(bucket.name).s3.\(context.region).amazonaws.com",
        ]
    }

    private static func bucketSpec(_ declared: DeclaredResource) -> BucketSpec {
        let properties = declared.properties
        let context = declared.context
        let tags = declared.tags
        typealias Key = BucketFields
        var block = BucketSpec.PublicAccessBlock()
        if let given = properties[Key.publicAccessBlock] {
            block.blockPublicAcls = given[Key.blockPublicAcls]
            block.ignorePublicAcls = given[Key.ignorePublicAcls]
            block.blockPublicPolicy = given[Key.blockPublicPolicy]
            block.restrictPublicBuckets = given[Key.restrictPublicBuckets]
        }
        let forceDestroy = properties[Key.forceDestroy]
        var bucket = BucketSpec(
            name: properties[Key.name],
            objectOwnership: properties[Key.objectOwnership], acl: properties[Key.acl],
            publicAccessBlock: block, versioning: properties[Key.versioning],
            encryption: properties[Key.encryption].map { encryption in
                BucketSpec.Encryption(
                    type: encryption[Key.encryptionType],
                    kmsKeyID: encryption[Key.kmsKeyID], bucketKey: encryption[Key.bucketKey])
            } ?? Key.defaultEncryption,
            forceDestroy: forceDestroy,
            // Kept on the bucket, so that a destroy after the file no longer names it still
            // knows what the file said.
            tags: tags.merging(forceDestroy ? [Ownership.forceDestroyTagKey: "true"] : [:]) {
                $1
            })
        // By id, as S3's rules are compared: their order means nothing to S3.
        bucket.lifecycle = properties.list(Key.lifecycle).map(lifecycleRule).sorted {
            $0.id < $1.id
        }
        bucket.policy = BucketPolicy.document(
            properties.document(Key.policy), requireTLS: properties[Key.requireTLS],
            bucketARN: ARN.bucket(bucket.name, partition: context.partition).description)
        return bucket
    }

    private static func lifecycleRule(_ properties: RenderedProperties) -> BucketSpec.LifecycleRule
    {
        typealias Key = BucketFields.Lifecycle
        let transition = properties[Key.transition]
        return BucketSpec.LifecycleRule(
            id: properties[Key.id],
            prefix: properties[Key.prefix].flatMap { $0.isEmpty ? nil : $0 },
            expireAfterDays: properties[Key.expireAfterDays],
            noncurrentVersionsExpireAfterDays: properties[Key.noncurrentVersionsExpireAfterDays],
            abortIncompleteUploadsAfterDays: properties[Key.abortIncompleteUploadsAfterDays],
            transition: transition.map { transition in
                BucketSpec.LifecycleRule.Transition(
                    afterDays: transition[Key.transitionAfterDays],
                    storageClass: transition[Key.storageClass])
            })
    }
}
