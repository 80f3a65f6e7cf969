/// Rules that span several properties of one resource, beyond what the schema says of each.
extension StackValidator {
    func checkRules(
        id: String, type: ResourceTypeSchema, properties: StackNode.Mapping, owner: SourceLocation
    ) {
        checkTagCount(
            properties, owner: owner, forceDestroy: known(properties, "force_destroy") == "true")
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
        let own = Set(properties["tags"]?.mapping?.entries.map(\.key) ?? [])
        let streamstack = forceDestroy ? 3 : 2
        let total = own.union(stackTagKeys).count + streamstack
        guard total > 50 else { return }
        error(
            properties.entry("tags")?.keyLocation ?? owner,
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

    private func checkKinesisStream(_ properties: StackNode.Mapping, owner: SourceLocation) {
        let mode = known(properties, "mode") ?? "provisioned"
        if mode == "provisioned", properties["shards"] == nil {
            error(
                properties.entry("mode")?.keyLocation ?? owner,
                "a provisioned stream needs 'shards' (or use mode: on-demand)")
        }
        if mode == "on-demand", let shards = properties.entry("shards") {
            error(
                shards.keyLocation,
                "'shards' is not allowed with mode on-demand; AWS scales on-demand streams itself")
        }
    }

    private func checkBucket(_ properties: StackNode.Mapping) {
        let ownership = known(properties, "object_ownership") ?? "bucket-owner-enforced"
        if let acl = known(properties, "acl"), acl != "private",
            ownership == "bucket-owner-enforced"
        {
            error(
                properties["acl"]!.location,
                "acl '\(acl)' needs ACLs enabled, but object_ownership is bucket-owner-enforced (ACLs disabled); set object_ownership: bucket-owner-preferred or object-writer"
            )
        }
        checkPublicExposure(properties)
        if let encryption = properties["encryption"]?.mapping, known(encryption, "type") == "sse-s3"
        {
            for key in ["kms_key_id", "bucket_key"] {
                if let entry = encryption.entry(key) {
                    error(entry.keyLocation, "'\(key)' applies only to encryption type sse-kms")
                }
            }
        }
        if let scalar = properties["name"]?.scalar,
            case .known(let name) = offlineText(scalar, forString: true)
        {
            checkBucketName(name, at: scalar.textStart)
        }
    }

    /// A bucket the public can reach is said out loud, as Checkov (CKV_AWS_53 to 56) and tfsec's
    /// S3 rules do; one the public can write to is refused unless the file says it means it.
    private func checkPublicExposure(_ properties: StackNode.Mapping) {
        let allowed = known(properties, "allow_public").flatMap(Self.boolean) ?? false
        let block = properties["public_access_block"]?.mapping
        func blockFlag(_ key: String) -> Bool {
            known(block, key).flatMap(Self.boolean) ?? true
        }
        if let acl = known(properties, "acl"), Self.publicACLs.contains(acl) {
            let location = properties["acl"]!.location
            if blockFlag("block_public_acls") {
                error(
                    location,
                    "acl '\(acl)' is public, and AWS refuses public ACLs while public_access_block.block_public_acls is on (the default); use acl: private, or turn block_public_acls off"
                )
            } else if acl == "public-read-write" && !allowed {
                error(
                    location,
                    "acl 'public-read-write' lets anyone on the internet write to and delete from the bucket; if that is really meant, say so with allow_public: true on this bucket"
                )
            } else if !allowed {
                warning(
                    location,
                    "acl '\(acl)' lets \(acl == "authenticated-read" ? "any AWS account" : "anyone") list and read the bucket's objects (allow_public: true says it is meant)"
                )
            }
        }
        let checks = [
            ("block_public_acls", "CKV_AWS_53"), ("block_public_policy", "CKV_AWS_54"),
            ("ignore_public_acls", "CKV_AWS_55"), ("restrict_public_buckets", "CKV_AWS_56"),
        ]
        let off = checks.filter { !blockFlag($0.0) }
        if !off.isEmpty, !allowed, let entry = properties.entry("public_access_block") {
            warning(
                entry.keyLocation,
                "the public-access block is off (\(off.map { "\($0.0) \($0.1)" }.joined(separator: ", "))): a public ACL or bucket policy can expose the bucket (allow_public: true says it is meant)"
            )
        }
    }

    static let publicACLs: Set<String> = ["public-read", "public-read-write", "authenticated-read"]

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
        checkReferenceType(
            properties["source"]?.mapping?["kinesis_stream"], expected: .kinesisStream)
        guard let s3 = properties["s3"]?.mapping else { return }
        checkReferenceType(s3["bucket"], expected: .bucket)
        checkDeliveryExtras(properties, s3: s3)
        let buffering = s3["buffering"]?.mapping
        let size = known(buffering, "size_mb").flatMap { Int($0) }
        let interval = known(buffering, "interval_seconds").flatMap { Int($0) }
        let prefix = s3["prefix"]?.scalar?.text ?? ""
        let conversion = s3.entry("format_conversion")
        let partitioning = s3.entry("dynamic_partitioning")

        for feature in [conversion, partitioning].compactMap({ $0 }) {
            if buffering == nil {
                error(
                    feature.keyLocation,
                    "'\(feature.key)' needs 'buffering' with size_mb of at least 64 (AWS's minimum for it)"
                )
            } else if let size, size < 64 {
                error(
                    s3["buffering"]!.mapping!["size_mb"]!.location,
                    "'size_mb' must be at least 64 with \(feature.key), got \(size)")
            }
        }
        if let conversion, let compression = known(s3, "compression"), compression != "none" {
            error(
                s3.entry("compression")!.value.location,
                "compression must be none with format_conversion: Parquet and ORC compress themselves (see \(conversion.key) at line \(conversion.keyLocation.line))"
            )
        }
        let usedKeys = partitionKeysUsed(in: prefix)
        if let partitioning {
            if interval == 0 {
                error(
                    buffering!["interval_seconds"]!.location,
                    "'interval_seconds' must be more than 0 with dynamic_partitioning")
            }
            if s3["error_output_prefix"] == nil {
                error(partitioning.keyLocation, "dynamic_partitioning needs 'error_output_prefix'")
            }
            let declared =
                partitioning.value.mapping?["partition_keys"]?.mapping?.entries.map(\.key) ?? []
            if usedKeys.isEmpty {
                error(
                    s3.entry("prefix")?.keyLocation ?? partitioning.keyLocation,
                    "dynamic_partitioning needs a 'prefix' that uses a partition key, such as !{partitionKeyFromQuery:\(declared.first ?? "KEY")}/"
                )
            }
            for key in usedKeys where !declared.contains(key) && !declared.isEmpty {
                error(
                    s3["prefix"]!.location,
                    "prefix uses partition key '\(key)', which partition_keys does not declare\(Suggestion.didYouMean(key, in: declared))"
                )
            }
        } else if !usedKeys.isEmpty {
            error(
                s3["prefix"]!.location,
                "prefix uses !{partitionKeyFromQuery:...} but dynamic_partitioning is not configured"
            )
        }
        if prefix.contains("!{"), s3["error_output_prefix"] == nil, partitioning == nil {
            error(
                s3.entry("prefix")!.keyLocation,
                "a prefix with !{...} expressions needs 'error_output_prefix' as well (AWS requires it)"
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
            let parts = reference.expression.split(separator: ".").map(String.init)
            guard parts.count == 2, let type = resourceTypes[parts[0]] else { continue }
            let location = scalar.textStart.advanced(by: reference.offset)
            if type.declared != expected {
                error(
                    location,
                    "'\(parts[0])' is of type \(type.name); this must be the ARN of a resource of type \(expected.resourceType)"
                )
            } else if parts[1] != "arn", type.attributes[parts[1]] != nil {
                error(location, "this needs the ARN: write ${\(parts[0]).arn}")
            }
        }
    }
}
