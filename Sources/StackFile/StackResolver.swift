/// Fills in references in dependency order and builds each resource's spec with AWS's
/// defaults.
extension StackDocument {
    public func resolve(_ context: ResolutionContext) -> Result<ResolvedStack, StackFileError> {
        var resolved: [String: ResolvedResource] = [:]
        var order: [ResolvedResource] = []
        var diagnostics: [Diagnostic] = []
        for declaration in dependencyOrder() {
            let renderer = Renderer(document: self, context: context, resolved: resolved)
            let properties = RenderedProperties(mapping: declaration.properties, renderer: renderer)
            let baseTags = tags.mapValues(renderer.render)
                .merging(properties.stringMap("tags")) { $1 }
                .merging([Ownership.tagKey: name, Ownership.idTagKey: declaration.id]) { $1 }
            let spec: ResourceSpec
            var attributes: [String: String] = [:]
            switch declaration.type.declared {
            case .kinesisStream:
                let stream = KinesisStreamSpec(
                    name: properties.string("name") ?? declaration.id,
                    mode: properties.string("mode") == "on-demand" ? .onDemand : .provisioned,
                    shards: properties.int("shards"),
                    retentionHours: properties.int("retention_hours") ?? 24,
                    kmsKeyID: properties.object("encryption")?.string("kms_key_id"), tags: baseTags,
                    enforceConsumerDeletion: properties.bool("enforce_consumer_deletion") ?? false)
                spec = .kinesisStream(stream)
                attributes = [
                    "name": stream.name,
                    "arn": context.kinesisStreamARN(stream.name).description,
                ]
            case .bucket:
                var block = BucketSpec.PublicAccessBlock()
                if let given = properties.object("public_access_block") {
                    block.blockPublicAcls = given.bool("block_public_acls") ?? true
                    block.ignorePublicAcls = given.bool("ignore_public_acls") ?? true
                    block.blockPublicPolicy = given.bool("block_public_policy") ?? true
                    block.restrictPublicBuckets = given.bool("restrict_public_buckets") ?? true
                }
                let encryption = properties.object("encryption")
                let bucket = BucketSpec(
                    name: properties.string("name") ?? declaration.id,
                    objectOwnership: properties.string("object_ownership")
                        ?? "bucket-owner-enforced",
                    acl: properties.string("acl") ?? "private", publicAccessBlock: block,
                    versioning: properties.string("versioning") ?? "disabled",
                    encryption: BucketSpec.Encryption(
                        type: encryption?.string("type") ?? "sse-s3",
                        kmsKeyID: encryption?.string("kms_key_id"),
                        bucketKey: encryption?.bool("bucket_key") ?? false),
                    forceDestroy: properties.bool("force_destroy") ?? false,
                    tags: baseTags.merging(
                        properties.bool("force_destroy") == true
                            ? [Ownership.forceDestroyTagKey: "true"] : [:]
                    ) { $1 })
                spec = .bucket(bucket)
                attributes = [
                    "name": bucket.name,
                    "arn": ARN.bucket(bucket.name, partition: context.partition).description,
                    "domain_name": "\(bucket.name).s3.\(context.region).amazonaws.com",
                ]
                let rule = StackSchema.s3Bucket.properties.first { $0.name == "name" }!
                if case .string(let stringRule) = rule.type {
                    let validator = StackValidator(file: file, options: .init())
                    let location =
                        declaration.properties.entry("name")?.value.location ?? declaration.location
                    validator.checkString(
                        bucket.name, rule: stringRule, location: location, subject: "bucket name")
                    diagnostics += validator.diagnostics
                }
            case .deliveryStream:
                let delivery = deliveryStreamSpec(
                    declaration, properties, context: context, tags: baseTags)
                spec = .deliveryStream(delivery)
                attributes = [
                    "name": delivery.name,
                    "arn": context.arn("firehose", "deliverystream/\(delivery.name)").description,
                    "role_arn": delivery.roleARN,
                ]
            }
            var dependencies = declaration.dependencies
            if case .deliveryStream(let delivery) = spec, delivery.managesRole {
                // The managed role comes first: the delivery stream cannot exist without it. Its
                // policy names ARNs that are known before the stream and bucket exist, so it
                // depends on nothing and is created alongside them: IAM's propagation delay
                // then overlaps their creation instead of following it.
                // The keys of the stream it reads and the bucket it writes, when the stack
                // declares them: the role needs them to decrypt and to encrypt.
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
                            bucket.encryption.type == "sse-kms"
                        else { return nil }
                        return bucket.encryption
                    }.first)
                let role = managedRole(
                    for: delivery, id: declaration.id, context: context, keys: keys,
                    tags: baseTags.merging([Ownership.idTagKey: declaration.id + ".role"]) { $1 })
                order.append(
                    ResolvedResource(
                        id: role.id, type: .role, spec: .role(role.spec),
                        dependencies: [],
                        location: declaration.location,
                        attributes: ["name": role.spec.name, "arn": delivery.roleARN]))
                dependencies.append(role.id)
            }
            if case .deliveryStream(let delivery) = spec {
                // A log group or Glue database two delivery streams share is one resource, the
                // first one's; a second stream only adds its log stream.
                for satellite in Satellites.of(
                    delivery, id: declaration.id, tags: baseTags, location: declaration.location)
                {
                    if let index = order.firstIndex(where: {
                        $0.type == satellite.type && $0.spec.name == satellite.spec.name
                    }) {
                        if case .logGroup(var group) = order[index].spec,
                            case .logGroup(let more) = satellite.spec
                        {
                            group.logStreams = Array(Set(group.logStreams + more.logStreams))
                                .sorted()
                            order[index].spec = .logGroup(group)
                        }
                        dependencies.append(order[index].id)
                        continue
                    }
                    order.append(
                        ResolvedResource(
                            id: satellite.id, type: satellite.type, spec: satellite.spec,
                            dependencies: satellite.dependencies.map { dependency in
                                // The table's database may be another stream's.
                                order.first {
                                    $0.type == .glueDatabase
                                        && $0.spec.name == delivery.formatConversion?.database
                                }?.id ?? dependency
                            }, location: satellite.location, attributes: satellite.attributes))
                    dependencies.append(satellite.id)
                }
            }
            let resource = ResolvedResource(
                id: declaration.id, type: declaration.type.declared.resourceType, spec: spec,
                dependencies: dependencies, location: declaration.location, attributes: attributes)
            resolved[declaration.id] = resource
            order.append(resource)
        }
        if !diagnostics.isEmpty { return .failure(StackFileError(diagnostics)) }
        return .success(ResolvedStack(name: name, context: context, resources: order))
    }

    private func deliveryStreamSpec(
        _ declaration: ResourceDeclaration, _ properties: RenderedProperties,
        context: ResolutionContext,
        tags: [String: String]
    ) -> DeliveryStreamSpec {
        let name = properties.string("name") ?? declaration.id
        let s3 = properties.object("s3")!
        let givenRole = properties.string("role_arn")
        let roleName = Ownership.managedRoleName(
            stack: self.name, resourceID: declaration.id, region: context.region)
        let conversion = s3.object("format_conversion")
        let partitioning = s3.object("dynamic_partitioning")
        let buffering = s3.object("buffering")
        let logging = s3.object("logging").map {
            DeliveryStreamSpec.Logging(
                enabled: $0.bool("enabled") ?? true,
                logGroup: $0.string("log_group") ?? "/aws/kinesisfirehose/\(name)",
                logStream: $0.string("log_stream") ?? "DestinationDelivery")
        }
        return DeliveryStreamSpec(
            name: name, sourceStreamARN: properties.object("source")?.string("kinesis_stream"),
            roleARN: givenRole
                ?? ARN(
                    partition: context.partition, service: "iam", region: "",
                    accountID: context.accountID,
                    resource:
                        "role\(Ownership.rolePath(stack: self.name, region: context.region))\(roleName)"
                ).description,
            managesRole: givenRole == nil, bucketARN: s3.string("bucket") ?? "",
            prefix: s3.string("prefix"),
            errorOutputPrefix: s3.string("error_output_prefix"),
            bufferSizeMB: buffering?.int("size_mb") ?? 5,
            bufferIntervalSeconds: buffering?.int("interval_seconds") ?? 300,
            compression: s3.string("compression") ?? "none",
            fileExtension: s3.string("file_extension"),
            customTimeZone: s3.string("custom_time_zone") ?? "UTC",
            kmsKeyARN: s3.object("encryption")?.string("kms_key_arn"), logging: logging,
            formatConversion: conversion.map { conversion in
                let schema = conversion.object("schema")
                return DeliveryStreamSpec.FormatConversion(
                    outputFormat: conversion.string("output_format") ?? "parquet",
                    inputFormat: conversion.string("input_format") ?? "openx-json",
                    database: schema?.string("database") ?? "",
                    table: schema?.string("table") ?? "",
                    columns: schema?.objects("columns").map {
                        DeliveryStreamSpec.Column(
                            name: $0.string("name") ?? "", type: $0.string("type") ?? "")
                    } ?? [])
            },
            dynamicPartitioning: partitioning.map {
                DeliveryStreamSpec.DynamicPartitioning(
                    partitionKeys: $0.stringMap("partition_keys"),
                    appendDelimiter: $0.bool("append_delimiter") ?? true,
                    retryDurationSeconds: $0.int("retry_duration_seconds") ?? 300)
            }, tags: tags)
    }

    /// The role of a delivery stream that names none: id `ID.role`, which no user id can be.
    private func managedRole(
        for delivery: DeliveryStreamSpec, id: String, context: ResolutionContext,
        keys: FirehoseRolePolicy.Keys, tags: [String: String]
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
                    for: delivery, context: context, keys: keys),
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
        return interpolation.rendered { expression in
            let parts = expression.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return "" }
            switch parts[0] {
            case "aws":
                switch parts[1] {
                case "account_id": return context.accountID
                case "region": return context.region
                default: return context.partition
                }
            case "stack": return document.name
            case "var": return document.variables[parts[1]] ?? ""
            default: return resolved[parts[0]]?.attributes[parts[1]] ?? ""
            }
        } ?? text
    }
}

/// Typed access to a properties mapping, references rendered.
struct RenderedProperties {
    let mapping: StackNode.Mapping
    let renderer: Renderer

    func string(_ key: String) -> String? {
        guard let scalar = mapping[key]?.scalar, !scalar.isNull else { return nil }
        return renderer.render(scalar.text)
    }

    func int(_ key: String) -> Int? { string(key).flatMap { Int($0) } }
    func bool(_ key: String) -> Bool? { string(key).flatMap(StackValidator.boolean) }

    func object(_ key: String) -> RenderedProperties? {
        mapping[key]?.mapping.map { RenderedProperties(mapping: $0, renderer: renderer) }
    }

    func objects(_ key: String) -> [RenderedProperties] {
        guard case .sequence(let items, _) = mapping[key] else { return [] }
        return items.compactMap {
            $0.mapping.map { RenderedProperties(mapping: $0, renderer: renderer) }
        }
    }

    func stringMap(_ key: String) -> [String: String] {
        var values: [String: String] = [:]
        for entry in mapping[key]?.mapping?.entries ?? [] {
            if let scalar = entry.value.scalar, !scalar.isNull {
                values[entry.key] = renderer.render(scalar.text)
            }
        }
        return values
    }
}
