import StackFile

/// A declared delivery stream as a spec, with what comes with it: the role streamstack keeps
/// for it when the file names none (first: the delivery stream cannot exist without it), then
/// its log group and Glue database and table.
extension DeliveryStreamKind {
    package static func resolve(_ declared: DeclaredResource) -> Resolution<DeliveryStreamSpec> {
        let delivery = deliveryStreamSpec(declared)
        var companions: [ResolvedResource] = []
        if delivery.managesRole {
            // The role's policy names ARNs that are known before the stream and bucket exist, so
            // it depends on nothing and is created alongside them: IAM's propagation delay then
            // overlaps their creation instead of following it.
            companions.append(managedRole(for: delivery, declared))
        }
        companions += Satellites.of(
            delivery, id: declared.id, tags: declared.tags,
            location: declared.declaration.location)
        return Resolution(
            spec: delivery, companions: companions,
            followers: PipelineAlarms.of(delivery, declared))
    }

    package static func attributes(of delivery: DeliveryStreamSpec, in context: ResolutionContext)
        -> [String: String]
    {
        [
            "name": delivery.name,
            "arn": context.arn("firehose", "deliverystream/\(delivery.name)").description,
            "role_arn": delivery.roleARN,
        ]
    }

    /// The role streamstack keeps for a delivery stream, with the keys of the stream it reads
    /// and the bucket it writes when the stack declares them: it needs them to decrypt and to
    /// encrypt.
    private static func managedRole(
        for delivery: DeliveryStreamSpec, _ declared: DeclaredResource
    ) -> ResolvedResource {
        let resolved = declared.resolved
        let keys = FirehoseRolePolicy.Keys(
            sourceStream: resolved.values.lazy.compactMap { resource -> String? in
                guard let stream = KinesisStreamSpec(resource.spec),
                    resource.attributes["arn"] == delivery.sourceStreamARN
                else { return nil }
                return stream.kmsKeyID
            }.first,
            bucket: resolved.values.lazy.compactMap { resource -> BucketSpec.Encryption? in
                guard let bucket = BucketSpec(resource.spec),
                    resource.attributes["arn"] == delivery.bucketARN,
                    bucket.encryption.type == .sseKMS
                else { return nil }
                return bucket.encryption
            }.first)
        let ownBuckets = Set(
            resolved.values.filter { $0.type == .bucket }.compactMap { $0.attributes["arn"] })
        let role = managedRole(
            for: delivery, stack: declared.stack, id: declared.id, context: declared.context,
            keys: keys, ownBuckets: ownBuckets,
            tags: declared.tags.merging([Ownership.idTagKey: declared.id + ".role"]) { $1 })
        return ResolvedResource(
            id: role.id, type: .role, spec: role.spec.resourceSpec, dependencies: [],
            location: declared.declaration.location,
            attributes: ["name": role.spec.name, "arn": delivery.roleARN])
    }

    private static func deliveryStreamSpec(_ declared: DeclaredResource) -> DeliveryStreamSpec {
        typealias Key = DeliveryStreamFields
        let properties = declared.properties
        let context = declared.context
        let name = properties[Key.name] ?? declared.id
        let s3 = properties[Key.s3]
        let givenRole = properties[Key.roleARN]
        let roleName = Ownership.managedRoleName(
            stack: declared.stack, resourceID: declared.id, region: context.region)
        let buffering = s3[Key.S3.buffering]
        return DeliveryStreamSpec(
            name: name, sourceStreamARN: properties[Key.source]?[Key.kinesisStream],
            roleARN: givenRole
                ?? ARN(
                    partition: context.partition, service: "iam", region: "",
                    accountID: context.accountID,
                    resource:
                        "role\(Ownership.rolePath(stack: declared.stack, region: context.region))\(roleName)"
                ).description,
            managesRole: givenRole == nil, bucketARN: s3[Key.S3.bucket],
            prefix: s3[Key.S3.prefix], errorOutputPrefix: s3[Key.S3.errorOutputPrefix],
            buffering: .orDefault(
                sizeMB: buffering?[Key.S3.sizeMB],
                intervalSeconds: buffering?[Key.S3.intervalSeconds]),
            compression: s3[Key.S3.compression], fileExtension: s3[Key.S3.fileExtension],
            customTimeZone: s3[Key.S3.customTimeZone],
            kmsKeyARN: s3[Key.S3.encryption]?[Key.S3.kmsKeyARN],
            logging: s3[Key.Logging.section].map { logging($0, deliveryStream: name) },
            formatConversion: s3[Key.FormatConversion.section].map(formatConversion),
            dynamicPartitioning: s3[Key.DynamicPartitioning.section].map(dynamicPartitioning),
            transformation: s3[Key.Transformation.section].map(transformation),
            backup: s3[Key.Backup.section].map(backup), tags: declared.tags)
    }

    private static func transformation(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.Transformation
    {
        typealias Key = DeliveryStreamFields.Transformation
        return DeliveryStreamSpec.Transformation(
            lambdaARN: properties[Key.lambdaARN],
            bufferSizeMB: properties[Key.bufferSizeMB],
            bufferIntervalSeconds: properties[Key.bufferIntervalSeconds],
            retries: properties[Key.retries])
    }

    private static func backup(_ properties: RenderedProperties) -> DeliveryStreamSpec.Backup {
        typealias Key = DeliveryStreamFields.Backup
        typealias S3 = DeliveryStreamFields.S3
        let buffering = properties[S3.buffering]
        return DeliveryStreamSpec.Backup(
            bucketARN: properties[Key.bucket], prefix: properties[Key.prefix],
            errorOutputPrefix: properties[Key.errorOutputPrefix],
            buffering: .orDefault(
                sizeMB: buffering?[S3.sizeMB], intervalSeconds: buffering?[S3.intervalSeconds]),
            compression: properties[Key.compression])
    }

    private static func logging(_ properties: RenderedProperties, deliveryStream name: String)
        -> DeliveryStreamSpec.Logging
    {
        typealias Key = DeliveryStreamFields.Logging
        return DeliveryStreamSpec.Logging(
            enabled: properties[Key.enabled],
            logGroup: properties[Key.logGroup] ?? Key.defaultLogGroup(deliveryStream: name),
            logStream: properties[Key.logStream])
    }

    private static func formatConversion(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.FormatConversion
    {
        typealias Key = DeliveryStreamFields.FormatConversion
        let schema = properties[Key.schema]
        return DeliveryStreamSpec.FormatConversion(
            outputFormat: properties[Key.outputFormat],
            inputFormat: properties[Key.inputFormat],
            database: schema[Key.database], table: schema[Key.table],
            columns: schema.list(Key.columns).map {
                DeliveryStreamSpec.Column(name: $0[Key.columnName], type: $0[Key.columnType])
            })
    }

    private static func dynamicPartitioning(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.DynamicPartitioning
    {
        typealias Key = DeliveryStreamFields.DynamicPartitioning
        return DeliveryStreamSpec.DynamicPartitioning(
            partitionKeys: properties.stringMap(Key.partitionKeys),
            appendDelimiter: properties[Key.appendDelimiter],
            retryDurationSeconds: properties[Key.retryDurationSeconds])
    }

    /// The role of a delivery stream that names none: id `ID.role`, which no user id can be.
    private static func managedRole(
        for delivery: DeliveryStreamSpec, stack: String, id: String, context: ResolutionContext,
        keys: FirehoseRolePolicy.Keys, ownBuckets: Set<String>, tags: [String: String]
    ) -> (id: String, spec: RoleSpec) {
        (
            id + ".role",
            RoleSpec(
                name: Ownership.managedRoleName(
                    stack: stack, resourceID: id, region: context.region),
                path: Ownership.rolePath(stack: stack, region: context.region),
                trustPolicy: FirehoseRolePolicy.trustPolicy(accountID: context.accountID),
                inlinePolicyName: FirehoseRolePolicy.inlinePolicyName,
                inlinePolicy: FirehoseRolePolicy.inlinePolicy(
                    for: delivery, context: context, keys: keys, ownBuckets: ownBuckets),
                tags: tags)
        )
    }
}
