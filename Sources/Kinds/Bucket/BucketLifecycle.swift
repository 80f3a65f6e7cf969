import AWS
import Providers
import StackFile

/// A bucket's lifecycle rules between the file's terms and S3's, and as plan attributes.
enum BucketLifecycle {
    /// The rules the file can state, and the others by name (`LifecycleConfiguration.Rule.ID`)
    /// with what makes them so: a putting of the file's rules removes them.
    static func read(_ rules: [S3Client.LifecycleRule])
        -> (modelled: [BucketSpec.LifecycleRule], unmodelled: [String: String])
    {
        var modelled: [BucketSpec.LifecycleRule] = []
        var unmodelled: [String: String] = [:]
        for rule in rules {
            var reasons = rule.otherMembers
            if !rule.enabled { reasons.append("Status=Disabled") }
            // A storage class the file's vocabulary does not have.
            let transition = rule.transition.map { transition in
                (
                    days: transition.days,
                    storageClass: StorageClass(rawValue: transition.storageClass)
                )
            }
            if let transition, transition.storageClass == nil {
                reasons.append("Transition.StorageClass=\(rule.transition?.storageClass ?? "")")
            }
            guard reasons.isEmpty else {
                unmodelled["LifecycleConfiguration.Rule.\(rule.id)"] = reasons.joined(
                    separator: ", ")
                continue
            }
            modelled.append(
                BucketSpec.LifecycleRule(
                    id: rule.id, prefix: rule.prefix, expireAfterDays: rule.expirationDays,
                    noncurrentVersionsExpireAfterDays: rule.noncurrentExpirationDays,
                    abortIncompleteUploadsAfterDays: rule.abortIncompleteUploadDays,
                    transition: transition.flatMap { transition in
                        transition.storageClass.map {
                            BucketSpec.LifecycleRule.Transition(
                                afterDays: transition.days, storageClass: $0)
                        }
                    }))
        }
        // Compared by id, so that order in S3's answer is no change.
        return (modelled.sorted { $0.id < $1.id }, unmodelled)
    }

    static func rule(_ rule: BucketSpec.LifecycleRule) -> S3Client.LifecycleRule {
        S3Client.LifecycleRule(
            id: rule.id, prefix: rule.prefix, expirationDays: rule.expireAfterDays,
            noncurrentExpirationDays: rule.noncurrentVersionsExpireAfterDays,
            abortIncompleteUploadDays: rule.abortIncompleteUploadsAfterDays,
            transition: rule.transition.map {
                .init(days: $0.afterDays, storageClass: $0.storageClass.rawValue)
            })
    }

    /// `lifecycle.ID.FIELD` for each rule, by id.
    static func attributes(_ rules: [BucketSpec.LifecycleRule]) -> Attributes {
        typealias Key = BucketFields.Lifecycle
        var attributes: Attributes = []
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            let base = "\(BucketFields.lifecycle.name).\(rule.id)."
            attributes.add(base + Key.prefix.name, rule.prefix ?? "")
            attributes.add(base + Key.expireAfterDays.name, rule.expireAfterDays)
            attributes.add(
                base + Key.noncurrentVersionsExpireAfterDays.name,
                rule.noncurrentVersionsExpireAfterDays)
            attributes.add(
                base + Key.abortIncompleteUploadsAfterDays.name,
                rule.abortIncompleteUploadsAfterDays)
            if let transition = rule.transition {
                let key = base + Key.transition.name + "."
                attributes.add(key + Key.transitionAfterDays.name, transition.afterDays)
                attributes.add(key + Key.storageClass.name, transition.storageClass)
            }
        }
        return attributes
    }
}
