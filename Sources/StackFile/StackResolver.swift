/// Fills in references in dependency order and builds each resource's spec with AWS's
/// defaults.
extension StackDocument {
    public func resolve(_ context: ResolutionContext) throws(StackFileError) -> ResolvedStack {
        var resolved: [String: ResolvedResource] = [:]
        var order: [ResolvedResource] = []
        var diagnostics: [Diagnostic] = []
        for declaration in dependencyOrder() {
            let renderer = Renderer(document: self, context: context, resolved: resolved)
            let properties = RenderedProperties(mapping: declaration.properties, renderer: renderer)
            let baseTags = tags.mapValues(renderer.render)
                .merging(properties.stringMap(StackSchema.tags)) { $1 }
                .merging([Ownership.tagKey: name, Ownership.idTagKey: declaration.id]) { $1 }
            let (spec, attributes) = declared(
                declaration, properties, context: context, tags: baseTags,
                diagnostics: &diagnostics)
            var dependencies = declaration.dependencies
            if case .deliveryStream(let delivery) = spec {
                if delivery.managesRole {
                    // The managed role comes first: the delivery stream cannot exist without
                    // it. Its policy names ARNs that are known before the stream and bucket
                    // exist, so it depends on nothing and is created alongside them: IAM's
                    // propagation delay then overlaps their creation instead of following it.
                    let role = managedRole(
                        for: delivery, declaration: declaration, resolved: resolved,
                        context: context, tags: baseTags)
                    order.append(role)
                    dependencies.append(role.id)
                }
                dependencies += addSatellites(
                    of: delivery, declaration: declaration, tags: baseTags, to: &order)
            }
            let resource = ResolvedResource(
                id: declaration.id, type: declaration.type.declared.resourceType, spec: spec,
                dependencies: dependencies, location: declaration.location, attributes: attributes)
            resolved[declaration.id] = resource
            order.append(resource)
        }
        if !diagnostics.isEmpty { throw StackFileError(diagnostics) }
        return ResolvedStack(name: name, context: context, resources: order)
    }

    /// A declared resource's spec and the attributes `${ID.ATTRIBUTE}` can name.
    private func declared(
        _ declaration: ResourceDeclaration, _ properties: RenderedProperties,
        context: ResolutionContext, tags: [String: String], diagnostics: inout [Diagnostic]
    ) -> (ResourceSpec, [String: String]) {
        switch declaration.type.declared {
        case .kinesisStream:
            let stream = kinesisStreamSpec(declaration, properties, tags: tags)
            return (
                .kinesisStream(stream),
                ["name": stream.name, "arn": context.kinesisStreamARN(stream.name).description]
            )
        case .bucket:
            let bucket = bucketSpec(declaration, properties, context: context, tags: tags)
            // The name may hold references only AWS could fill in: checked once filled.
            if case .string(let rule) = BucketFields.name.property.type {
                let validator = StackValidator(file: file, options: .init())
                let location =
                    declaration.properties.entry(BucketFields.name)?.value.location
                    ?? declaration.location
                validator.checkString(
                    bucket.name, rule: rule, location: location, subject: "bucket name")
                diagnostics += validator.diagnostics
            }
            return (
                .bucket(bucket),
                [
                    "name": bucket.name,
                    "arn": ARN.bucket(bucket.name, partition: context.partition).description,
                    "domain_name": "\(bucket.name).s3.\(context.region).amazonaws.com",
                ]
            )
        case .deliveryStream:
            let delivery = deliveryStreamSpec(
                declaration, properties, context: context, tags: tags)
            return (
                .deliveryStream(delivery),
                [
                    "name": delivery.name,
                    "arn": context.arn("firehose", "deliverystream/\(delivery.name)").description,
                    "role_arn": delivery.roleARN,
                ]
            )
        }
    }

    /// The role streamstack keeps for a delivery stream, with the keys of the stream it reads
    /// and the bucket it writes when the stack declares them: it needs them to decrypt and to
    /// encrypt.
    private func managedRole(
        for delivery: DeliveryStreamSpec, declaration: ResourceDeclaration,
        resolved: [String: ResolvedResource], context: ResolutionContext, tags: [String: String]
    ) -> ResolvedResource {
        let keys = FirehoseRolePolicy.Keys(
            sourceStream: resolved.values.lazy.compactMap { resource -> String? in
                guard case .kinesisStream(let stream) = resource.spec,
                    resource.attributes["arn"] == delivery.sourceStreamARN
                else { return nil }
                return stream.kmsKeyID
            }.first,
            bucket: resolved.values.lazy.compactMap { resource -> BucketSpec.Encryption? in
                guard case .bucket(let bucket) = resource.spec,
                    resource.attributes["arn"] == delivery.bucketARN,
                    bucket.encryption.type == .sseKMS
                else { return nil }
                return bucket.encryption
            }.first)
        let ownBuckets = Set(
            resolved.values.filter { $0.type == .bucket }.compactMap { $0.attributes["arn"] })
        let role = managedRole(
            for: delivery, id: declaration.id, context: context, keys: keys,
            ownBuckets: ownBuckets,
            tags: tags.merging([Ownership.idTagKey: declaration.id + ".role"]) { $1 })
        return ResolvedResource(
            id: role.id, type: .role, spec: .role(role.spec), dependencies: [],
            location: declaration.location,
            attributes: ["name": role.spec.name, "arn": delivery.roleARN])
    }

    /// Adds a delivery stream's log group and Glue database and table to `order`, and returns
    /// their ids. A log group or Glue database two delivery streams share is one resource, the
    /// first one's; a second stream only adds its log stream.
    private func addSatellites(
        of delivery: DeliveryStreamSpec, declaration: ResourceDeclaration,
        tags: [String: String], to order: inout [ResolvedResource]
    ) -> [String] {
        var ids: [String] = []
        for satellite in Satellites.of(
            delivery, id: declaration.id, tags: tags, location: declaration.location)
        {
            if let index = order.firstIndex(where: {
                $0.type == satellite.type && $0.spec.name == satellite.spec.name
            }) {
                if case .logGroup(var group) = order[index].spec,
                    case .logGroup(let more) = satellite.spec
                {
                    group.logStreams = Array(Set(group.logStreams + more.logStreams)).sorted()
                    order[index].spec = .logGroup(group)
                }
                ids.append(order[index].id)
                continue
            }
            // The table's database may be another stream's.
            let database = order.first {
                $0.type == .glueDatabase && $0.spec.name == delivery.formatConversion?.database
            }?.id
            order.append(
                ResolvedResource(
                    id: satellite.id, type: satellite.type, spec: satellite.spec,
                    dependencies: satellite.dependencies.map { database ?? $0 },
                    location: satellite.location, attributes: satellite.attributes))
            ids.append(satellite.id)
        }
        return ids
    }

    private func kinesisStreamSpec(
        _ declaration: ResourceDeclaration, _ properties: RenderedProperties,
        tags: [String: String]
    ) -> KinesisStreamSpec {
        typealias Key = KinesisStreamFields
        return KinesisStreamSpec(
            name: properties[Key.name] ?? declaration.id, mode: properties[Key.mode],
            shards: properties[Key.shards], retentionHours: properties[Key.retentionHours],
            kmsKeyID: properties[Key.encryption]?[Key.kmsKeyID], tags: tags,
            enforceConsumerDeletion: properties[Key.enforceConsumerDeletion])
    }

    private func bucketSpec(
        _ declaration: ResourceDeclaration, _ properties: RenderedProperties,
        context: ResolutionContext, tags: [String: String]
    ) -> BucketSpec {
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
            name: properties[Key.name] ?? declaration.id,
            objectOwnership: properties[Key.objectOwnership], acl: properties[Key.acl],
            publicAccessBlock: block, versioning: properties[Key.versioning],
            encryption: properties[Key.encryption].map { encryption in
                BucketSpec.Encryption(
                    type: encryption[Key.encryptionType] ?? Key.defaultEncryption.type,
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

    private func lifecycleRule(_ properties: RenderedProperties) -> BucketSpec.LifecycleRule {
        typealias Key = BucketFields.Lifecycle
        let transition = properties[Key.transition]
        return BucketSpec.LifecycleRule(
            // Required: validation refused a rule without it.
            id: properties[Key.id] ?? "",
            prefix: properties[Key.prefix].flatMap { $0.isEmpty ? nil : $0 },
            expireAfterDays: properties[Key.expireAfterDays],
            noncurrentVersionsExpireAfterDays: properties[Key.noncurrentVersionsExpireAfterDays],
            abortIncompleteUploadsAfterDays: properties[Key.abortIncompleteUploadsAfterDays],
            transition: transition.flatMap { transition in
                guard let days = transition[Key.transitionAfterDays],
                    let storageClass = transition[Key.storageClass]
                else { return nil }
                return BucketSpec.LifecycleRule.Transition(
                    afterDays: days, storageClass: storageClass)
            })
    }

    private func deliveryStreamSpec(
        _ declaration: ResourceDeclaration, _ properties: RenderedProperties,
        context: ResolutionContext,
        tags: [String: String]
    ) -> DeliveryStreamSpec {
        typealias Key = DeliveryStreamFields
        let name = properties[Key.name] ?? declaration.id
        let s3 = properties[Key.s3]!
        let givenRole = properties[Key.roleARN]
        let roleName = Ownership.managedRoleName(
            stack: self.name, resourceID: declaration.id, region: context.region)
        let buffering = s3[Key.S3.buffering]
        return DeliveryStreamSpec(
            name: name, sourceStreamARN: properties[Key.source]?[Key.kinesisStream],
            roleARN: givenRole
                ?? ARN(
                    partition: context.partition, service: "iam", region: "",
                    accountID: context.accountID,
                    resource:
                        "role\(Ownership.rolePath(stack: self.name, region: context.region))\(roleName)"
                ).description,
            managesRole: givenRole == nil, bucketARN: s3[Key.S3.bucket] ?? "",
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
            backup: s3[Key.Backup.section].map(backup), tags: tags)
    }

    private func transformation(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.Transformation
    {
        typealias Key = DeliveryStreamFields.Transformation
        return DeliveryStreamSpec.Transformation(
            // Required: validation refused a file without it.
            lambdaARN: properties[Key.lambdaARN] ?? "",
            bufferSizeMB: properties[Key.bufferSizeMB],
            bufferIntervalSeconds: properties[Key.bufferIntervalSeconds],
            retries: properties[Key.retries])
    }

    private func backup(_ properties: RenderedProperties) -> DeliveryStreamSpec.Backup {
        typealias Key = DeliveryStreamFields.Backup
        typealias S3 = DeliveryStreamFields.S3
        let buffering = properties[S3.buffering]
        return DeliveryStreamSpec.Backup(
            // Required: validation refused a file without it.
            bucketARN: properties[Key.bucket] ?? "", prefix: properties[Key.prefix],
            errorOutputPrefix: properties[Key.errorOutputPrefix],
            buffering: .orDefault(
                sizeMB: buffering?[S3.sizeMB], intervalSeconds: buffering?[S3.intervalSeconds]),
            compression: properties[Key.compression])
    }

    private func logging(_ properties: RenderedProperties, deliveryStream name: String)
        -> DeliveryStreamSpec.Logging
    {
        typealias Key = DeliveryStreamFields.Logging
        return DeliveryStreamSpec.Logging(
            enabled: properties[Key.enabled],
            logGroup: properties[Key.logGroup] ?? Key.defaultLogGroup(deliveryStream: name),
            logStream: properties[Key.logStream])
    }

    private func formatConversion(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.FormatConversion
    {
        typealias Key = DeliveryStreamFields.FormatConversion
        let schema = properties[Key.schema]
        return DeliveryStreamSpec.FormatConversion(
            // Required: validation refused a file without it.
            outputFormat: properties[Key.outputFormat] ?? .parquet,
            inputFormat: properties[Key.inputFormat],
            database: schema?[Key.database] ?? "", table: schema?[Key.table] ?? "",
            columns: schema?.list(Key.columns).map {
                DeliveryStreamSpec.Column(
                    name: $0[Key.columnName] ?? "", type: $0[Key.columnType] ?? "")
            } ?? [])
    }

    private func dynamicPartitioning(_ properties: RenderedProperties)
        -> DeliveryStreamSpec.DynamicPartitioning
    {
        typealias Key = DeliveryStreamFields.DynamicPartitioning
        return DeliveryStreamSpec.DynamicPartitioning(
            partitionKeys: properties.stringMap(Key.partitionKeys),
            appendDelimiter: properties[Key.appendDelimiter],
            retryDurationSeconds: properties[Key.retryDurationSeconds])
    }

    /// The role of a delivery stream that names none: id `ID.role`, which no user id can be.
    private func managedRole(
        for delivery: DeliveryStreamSpec, id: String, context: ResolutionContext,
        keys: FirehoseRolePolicy.Keys, ownBuckets: Set<String>, tags: [String: String]
    ) -> (id: String, spec: RoleSpec) {
        (
            id + ".role",
            RoleSpec(
                name: Ownership.managedRoleName(
                    stack: name, resourceID: id, region: context.region),
                path: Ownership.rolePath(stack: name, region: context.region),
                trustPolicy: FirehoseRolePolicy.trustPolicy(accountID: context.accountID),
                inlinePolicyName: FirehoseRolePolicy.inlinePolicyName,
                inlinePolicy: FirehoseRolePolicy.inlinePolicy(
                    for: delivery, context: context, keys: keys, ownBuckets: ownBuckets),
                tags: tags)
        )
    }

    /// Resources ordered so that each comes after everything it depends on (validation has
    /// ruled out cycles); ties keep file order.
    func dependencyOrder() -> [ResourceDeclaration] {
        var placed: Set<String> = []
        var order: [ResourceDeclaration] = []
        var remaining = resources
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.dependencies.allSatisfy(placed.contains) }
            guard !ready.isEmpty else { return order + remaining }
            for resource in ready {
                placed.insert(resource.id)
                order.append(resource)
            }
            remaining.removeAll { placed.contains($0.id) }
        }
        return order
    }
}

/// Renders `${...}` with built-ins, variables and attributes of resources resolved so far.
struct Renderer {
    let document: StackDocument
    let context: ResolutionContext
    let resolved: [String: ResolvedResource]

    func render(_ text: String) -> String {
        guard text.contains("${"), case .success(let interpolation) = Interpolation.parse(text)
        else {
            return text
        }
        let values = ReferenceValues(
            accountID: context.accountID, region: context.region, partition: context.partition,
            stackName: document.name, variables: document.variables,
            attribute: { resource, name in resolved[resource]?.attributes[name] })
        // Validation has refused references to nothing.
        return interpolation.rendered(with: values) ?? text
    }
}
