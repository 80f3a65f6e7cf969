import StackFile

/// A bucket's ACL, ownership, public exposure, encryption and name, as S3 would judge them.
extension StackValidator {
    func checkBucket(_ properties: StackNode.Mapping) {
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
    func checkPublicExposure(_ properties: StackNode.Mapping) {
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
    func checkBucketName(_ name: String, at location: SourceLocation) {
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
}
