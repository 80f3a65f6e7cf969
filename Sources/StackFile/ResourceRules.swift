/// Rules that span several properties of one resource, beyond what the schema says of each.
extension StackValidator {
    func checkRules(
        id: String, type: ResourceTypeSchema, properties: StackNode.Mapping, owner: SourceLocation
    ) {
        checkTagCount(
            properties, owner: owner, forceDestroy: known(properties, BucketFields.forceDestroy))
        switch type.declared {
        case .kinesisStream: checkKinesisStream(properties, owner: owner)
        case .bucket: checkBucket(properties)
        case .deliveryStream: checkDeliveryStream(properties)
        }
    }

    /// AWS allows 50 tags on a resource: the stack's, the resource's own and streamstack's
    /// (`streamstack:stack`, `streamstack:id`, and `streamstack:force_destroy` on such buckets).
    private func checkTagCount(
        _ properties: StackNode.Mapping, owner: SourceLocation, forceDestroy: Bool
    ) {
        let own = Set(properties[StackSchema.tags]?.mapping?.entries.map(\.key) ?? [])
        let streamstack = forceDestroy ? 3 : 2
        let total = own.union(stackTagKeys).count + streamstack
        guard total > 50 else { return }
        error(
            properties.entry(StackSchema.tags)?.keyLocation ?? owner,
            "this resource would carry \(total) tags (\(own.subtracting(stackTagKeys).count) of its own, \(stackTagKeys.count) from the stack, \(streamstack) of streamstack's); AWS allows 50"
        )
    }

    /// The offline value of a scalar property, if it is set and known.
    func known(_ mapping: StackNode.Mapping?, _ key: String) -> String? {
        guard let scalar = mapping?[key]?.scalar, !scalar.isNull,
            case .known(let text) = offlineText(scalar, forString: false)
        else { return nil }
        return text
    }

    /// The offline value of a field, if it is set and known.
    func known<Value>(_ mapping: StackNode.Mapping?, _ field: Field<Value>) -> Value? {
        known(mapping, field.name).flatMap(field.parse)
    }

    /// The offline value of a field, its default when absent (or known only to AWS).
    func known<Value>(_ mapping: StackNode.Mapping?, _ field: DefaultedField<Value>) -> Value {
        known(mapping, field.field) ?? field.defaultValue
    }

    private func checkKinesisStream(_ properties: StackNode.Mapping, owner: SourceLocation) {
        typealias Key = KinesisStreamFields
        let mode = known(properties, Key.mode)
        if mode == .provisioned, properties[Key.shards] == nil {
            error(
                properties.entry(Key.mode)?.keyLocation ?? owner,
                "a provisioned stream needs 'shards' (or use mode: on-demand)")
        }
        if mode == .onDemand, let shards = properties.entry(Key.shards) {
            error(
                shards.keyLocation,
                "'shards' is not allowed with mode on-demand; AWS scales on-demand streams itself")
        }
    }

    private func checkBucket(_ properties: StackNode.Mapping) {
        typealias Key = BucketFields
        let ownership = known(properties, Key.objectOwnership)
        if let acl = known(properties, Key.acl.field), acl != .private,
            ownership == .bucketOwnerEnforced, let node = properties[Key.acl]
        {
            error(
                node.location,
                "acl '\(acl)' needs ACLs enabled, but object_ownership is bucket-owner-enforced (ACLs disabled); set object_ownership: bucket-owner-preferred or object-writer"
            )
        }
        checkPublicExposure(properties)
        if let encryption = properties[Key.encryption]?.mapping,
            known(encryption, Key.encryptionType) == .sseS3
        {
            for key in [Key.kmsKeyID.name, Key.bucketKey.name] {
                if let entry = encryption.entry(key) {
                    error(entry.keyLocation, "'\(key)' applies only to encryption type sse-kms")
                }
            }
        }
        if let scalar = properties[Key.name]?.scalar,
            case .known(let name) = offlineText(scalar, forString: true)
        {
            checkBucketName(name, at: scalar.textStart)
        }
    }

    /// A bucket the public can reach is said out loud, as Checkov (CKV_AWS_53 to 56) and tfsec's
    /// S3 rules do; one the public can write to is refused unless the file says it means it.
    private func checkPublicExposure(_ properties: StackNode.Mapping) {
        typealias Key = BucketFields
        let allowed = known(properties, Key.allowPublic)
        let block = properties[Key.publicAccessBlock]?.mapping
        if let acl = known(properties, Key.acl.field), acl.isPublic || acl == .authenticatedRead,
            let location = properties[Key.acl]?.location
        {
            if known(block, Key.blockPublicAcls) {
                error(
                    location,
                    "acl '\(acl)' is public, and AWS refuses public ACLs while public_access_block.block_public_acls is on (the default); use acl: private, or turn block_public_acls off"
                )
            } else if acl == .publicReadWrite && !allowed {
                error(
                    location,
                    "acl 'public-read-write' lets anyone on the internet write to and delete from the bucket; if that is really meant, say so with allow_public: true on this bucket"
                )
            } else if !allowed {
                warning(
                    location,
                    "acl '\(acl.rawValue)' lets \(acl == .authenticatedRead ? "any AWS account" : "anyone") list and read the bucket's objects (allow_public: true says it is meant)"
                )
            }
        }
        if let entry = properties.entry(Key.policy),
            let policy = entry.value.jsonObject(scalar: { $0 }) as? [String: Any],
            BucketPolicy.grantsPublicAccess(policy)
        {
            if known(block, Key.blockPublicPolicy) {
                error(
                    entry.keyLocation,
                    "the policy allows anyone (Principal *, no condition), and AWS refuses such a policy while public_access_block.block_public_policy is on (the default); narrow the principal, add a condition, or turn block_public_policy off"
                )
            } else if !allowed {
                warning(
                    entry.keyLocation,
                    "the policy allows anyone (Principal *, no condition) to reach the bucket (allow_public: true says it is meant)"
                )
            }
        }
        // Checkov's rule for each switch.
        let checks = [
            (Key.blockPublicAcls, "CKV_AWS_53"), (Key.blockPublicPolicy, "CKV_AWS_54"),
            (Key.ignorePublicAcls, "CKV_AWS_55"), (Key.restrictPublicBuckets, "CKV_AWS_56"),
        ]
        let off = checks.filter { !known(block, $0.0) }
        if !off.isEmpty, !allowed, let entry = properties.entry(Key.publicAccessBlock) {
            // One short line: it is read on every command that opens the file.
            let switches =
                off.count == checks.count
                ? "all four, CKV_AWS_53 to 56"
                : off.map { "\($0.0.name) \($0.1)" }.joined(separator: ", ")
            warning(
                entry.keyLocation,
                "the public-access block is off (\(switches)): allow_public: true says it is meant")
        }
    }

    /// S3's naming rules beyond the character set the schema checks.
    private func checkBucketName(_ name: String, at location: SourceLocation) {
        let problems: [(Bool, String)] = [
            (name.contains(".."), "must not contain two adjacent periods"),
            (name.contains(".-") || name.contains("-."), "must not have a period next to a hyphen"),
            (matches(name, #"^\d+\.\d+\.\d+\.\d+$"#), "must not look like an IP address"),
            (
                name.hasPrefix("xn--") || name.hasPrefix("sthree-"),
                "must not start with xn-- or sthree-"
            ),
            (
                name.hasSuffix("-s3alias") || name.hasSuffix("--ol-s3") || name.hasSuffix(".mrap")
                    || name.hasSuffix("--x-s3"),
                "must not end with -s3alias, --ol-s3, .mrap or --x-s3"
            ),
        ]
        for (broken, rule) in problems where broken {
            error(location, "bucket name '\(name)' \(rule)")
        }
    }

    private func checkDeliveryStream(_ properties: StackNode.Mapping) {
        typealias Key = DeliveryStreamFields
        checkReferenceType(
            properties[Key.source]?.mapping?[Key.kinesisStream], expected: .kinesisStream)
        guard let s3 = properties[Key.s3]?.mapping else { return }
        checkReferenceType(s3[Key.S3.bucket], expected: .bucket)
        checkReferenceType(s3[Key.Backup.section]?.mapping?[Key.Backup.bucket], expected: .bucket)
        checkDeliveryExtras(properties, s3: s3)
        let conversion = s3.entry(Key.FormatConversion.section)
        let partitioning = s3.entry(Key.DynamicPartitioning.section)
        checkBuffering(s3, for: [conversion, partitioning].compactMap { $0 })
        if let conversion, let compression = known(s3, Key.S3.compression.field),
            compression != .none, let node = s3[Key.S3.compression]
        {
            error(
                node.location,
                "compression must be none with format_conversion: Parquet and ORC compress themselves (see \(conversion.key) at line \(conversion.keyLocation.line))"
            )
        }
        if let partitioning {
            checkPartitioning(partitioning, s3: s3)
        } else if let node = s3[Key.S3.prefix],
            !partitionKeysUsed(in: node.scalar?.text ?? "").isEmpty
        {
            error(
                node.location,
                "prefix uses !{partitionKeyFromQuery:...} but dynamic_partitioning is not configured"
            )
        }
        if let entry = s3.entry(Key.S3.prefix), entry.value.scalar?.text.contains("!{") == true,
            s3[Key.S3.errorOutputPrefix] == nil, partitioning == nil
        {
            error(
                entry.keyLocation,
                "a prefix with !{...} expressions needs 'error_output_prefix' as well (AWS requires it)"
            )
        }
    }

    /// Format conversion and dynamic partitioning need buffers of at least 64 MiB.
    private func checkBuffering(_ s3: StackNode.Mapping, for features: [StackNode.Entry]) {
        typealias Key = DeliveryStreamFields.S3
        let buffering = s3[Key.buffering]?.mapping
        for feature in features {
            if buffering == nil {
                error(
                    feature.keyLocation,
                    "'\(feature.key)' needs 'buffering' with size_mb of at least 64 (AWS's minimum for it)"
                )
            } else if let size = known(buffering, Key.sizeMB), size < 64,
                let node = buffering?[Key.sizeMB]
            {
                error(
                    node.location,
                    "'\(Key.sizeMB.name)' must be at least 64 with \(feature.key), got \(size)")
            }
        }
    }

    /// Dynamic partitioning: a non-zero interval, an error prefix, and a prefix that uses the
    /// declared keys.
    private func checkPartitioning(_ partitioning: StackNode.Entry, s3: StackNode.Mapping) {
        typealias Key = DeliveryStreamFields
        let buffering = s3[Key.S3.buffering]?.mapping
        if known(buffering, Key.S3.intervalSeconds) == 0,
            let node = buffering?[Key.S3.intervalSeconds]
        {
            error(
                node.location,
                "'\(Key.S3.intervalSeconds.name)' must be more than 0 with dynamic_partitioning")
        }
        if s3[Key.S3.errorOutputPrefix] == nil {
            error(partitioning.keyLocation, "dynamic_partitioning needs 'error_output_prefix'")
        }
        let declared =
            partitioning.value.mapping?[Key.DynamicPartitioning.partitionKeys]?.mapping?.entries
            .map(\.key) ?? []
        let usedKeys = partitionKeysUsed(in: s3[Key.S3.prefix]?.scalar?.text ?? "")
        if usedKeys.isEmpty {
            error(
                s3.entry(Key.S3.prefix)?.keyLocation ?? partitioning.keyLocation,
                "dynamic_partitioning needs a 'prefix' that uses a partition key, such as !{partitionKeyFromQuery:\(declared.first ?? "KEY")}/"
            )
        }
        for key in usedKeys where !declared.contains(key) && !declared.isEmpty {
            error(
                s3[Key.S3.prefix]?.location ?? partitioning.keyLocation,
                "prefix uses partition key '\(key)', which partition_keys does not declare\(Suggestion.didYouMean(key, in: declared))"
            )
        }
    }

    private func partitionKeysUsed(in prefix: String) -> [String] {
        var keys: [String] = []
        var rest = Substring(prefix)
        let marker = "!{partitionKeyFromQuery:"
        while let start = rest.firstRange(of: marker) {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "}") else { break }
            keys.append(String(rest[..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return keys
    }

    /// `source.kinesis_stream` must name a stream's ARN, `s3.bucket` a bucket's.
    private func checkReferenceType(_ node: StackNode?, expected: DeclaredResourceType) {
        guard let scalar = node?.scalar,
            case .success(let interpolation) = Interpolation.parse(scalar.text)
        else { return }
        for reference in interpolation.references {
            guard
                case .success(.attribute(let id, let attribute)) = Reference.parse(
                    reference.expression),
                let type = resourceTypes[id]
            else { continue }
            let location = scalar.textStart.advanced(by: reference.offset)
            if type.declared != expected {
                error(
                    location,
                    "'\(id)' is of type \(type.name); this must be the ARN of a resource of type \(expected.resourceType)"
                )
            } else if attribute != "arn", type.attributes[attribute] != nil {
                error(location, "this needs the ARN: write ${\(id).arn}")
            }
        }
    }
}
