import Foundation

/// A bucket's lifecycle rules and policy, and the settings streamstack reads only to show them.
extension S3Client {
    /// One lifecycle rule, in the members streamstack writes.
    public struct LifecycleRule: Sendable, Equatable {
        public struct Transition: Sendable, Equatable {
            public var days: Int
            public var storageClass: String
            public init(days: Int, storageClass: String) {
                self.days = days
                self.storageClass = storageClass
            }
        }
        public var id: String
        public var prefix: String?
        public var enabled: Bool
        public var expirationDays: Int?
        public var noncurrentExpirationDays: Int?
        public var abortIncompleteUploadDays: Int?
        public var transition: Transition?
        /// Members of AWS's rule that this type does not hold (a tag filter, a noncurrent
        /// transition, an expiry date...), by name: the rule cannot be written back as it is.
        public var otherMembers: [String]

        public init(
            id: String, prefix: String?, enabled: Bool = true, expirationDays: Int?,
            noncurrentExpirationDays: Int?, abortIncompleteUploadDays: Int?,
            transition: Transition?, otherMembers: [String] = []
        ) {
            self.id = id
            self.prefix = prefix
            self.enabled = enabled
            self.expirationDays = expirationDays
            self.noncurrentExpirationDays = noncurrentExpirationDays
            self.abortIncompleteUploadDays = abortIncompleteUploadDays
            self.transition = transition
            self.otherMembers = otherMembers
        }
    }

    /// The bucket's lifecycle rules; empty when it has none.
    public func getLifecycle(_ bucket: String) async throws -> [LifecycleRule] {
        do {
            let response = try await send(
                "GetBucketLifecycleConfiguration", method: "GET", bucket: bucket,
                query: [("lifecycle", "")])
            return try xml(response, "GetBucketLifecycleConfiguration").children("Rule").map(
                Self.lifecycleRule)
        } catch let error as AWSError where error.code == "NoSuchLifecycleConfiguration" {
            return []
        }
    }

    static let modelledRuleMembers: Set<String> = [
        "ID", "Filter", "Prefix", "Status", "Expiration", "NoncurrentVersionExpiration",
        "AbortIncompleteMultipartUpload", "Transition",
    ]

    static func lifecycleRule(_ node: XMLNode) -> LifecycleRule {
        var others = node.children.map(\.name).filter { !modelledRuleMembers.contains($0) }
        let filter = node.child("Filter")
        // A filter of anything but a prefix (tags, sizes, And) is not the file's.
        for child in filter?.children ?? [] where child.name != "Prefix" {
            others.append("Filter.\(child.name)")
        }
        let prefix = filter?.value("Prefix") ?? node.value("Prefix")
        let transitions = node.children("Transition")
        if transitions.count > 1 { others.append("Transition (more than one)") }
        let transition = transitions.first.flatMap { node -> LifecycleRule.Transition? in
            guard let days = node.value("Days").flatMap({ Int($0) }) else {
                others.append("Transition.Date")
                return nil
            }
            return LifecycleRule.Transition(
                days: days, storageClass: node.value("StorageClass") ?? "")
        }
        let expiration = node.child("Expiration")
        for child in expiration?.children ?? [] where child.name != "Days" {
            others.append("Expiration.\(child.name)")
        }
        let noncurrent = node.child("NoncurrentVersionExpiration")
        for child in noncurrent?.children ?? [] where child.name != "NoncurrentDays" {
            others.append("NoncurrentVersionExpiration.\(child.name)")
        }
        return LifecycleRule(
            id: node.value("ID") ?? "", prefix: prefix.flatMap { $0.isEmpty ? nil : $0 },
            enabled: node.value("Status") == "Enabled",
            expirationDays: expiration?.value("Days").flatMap { Int($0) },
            noncurrentExpirationDays: noncurrent?.value("NoncurrentDays").flatMap { Int($0) },
            abortIncompleteUploadDays: node.child("AbortIncompleteMultipartUpload")?.value(
                "DaysAfterInitiation"
            ).flatMap { Int($0) },
            transition: transition, otherMembers: others.sorted())
    }

    /// Replaces the bucket's rules with these (S3 keeps no rule it is not given).
    public func putLifecycle(_ bucket: String, _ rules: [LifecycleRule]) async throws {
        var writer = XMLWriter()
        writer.element("LifecycleConfiguration", namespace: Self.namespace) { configuration in
            for rule in rules {
                configuration.element("Rule") {
                    $0.element("ID", rule.id)
                    $0.element("Filter") { $0.element("Prefix", rule.prefix ?? "") }
                    $0.element("Status", rule.enabled ? "Enabled" : "Disabled")
                    if let transition = rule.transition {
                        $0.element("Transition") {
                            $0.element("Days", String(transition.days))
                            $0.element("StorageClass", transition.storageClass)
                        }
                    }
                    if let days = rule.expirationDays {
                        $0.element("Expiration") { $0.element("Days", String(days)) }
                    }
                    if let days = rule.noncurrentExpirationDays {
                        $0.element("NoncurrentVersionExpiration") {
                            $0.element("NoncurrentDays", String(days))
                        }
                    }
                    if let days = rule.abortIncompleteUploadDays {
                        $0.element("AbortIncompleteMultipartUpload") {
                            $0.element("DaysAfterInitiation", String(days))
                        }
                    }
                }
            }
        }
        try await send(
            "PutBucketLifecycleConfiguration", method: "PUT", bucket: bucket,
            query: [("lifecycle", "")], body: writer.data, contentMD5: true)
    }

    public func deleteLifecycle(_ bucket: String) async throws {
        try await send(
            "DeleteBucketLifecycle", method: "DELETE", bucket: bucket, query: [("lifecycle", "")])
    }

    /// The bucket policy's JSON text; nil when the bucket has none.
    public func getPolicy(_ bucket: String) async throws -> String? {
        do {
            let response = try await send(
                "GetBucketPolicy", method: "GET", bucket: bucket, query: [("policy", "")])
            return String(decoding: response.http.body, as: UTF8.self)
        } catch let error as AWSError where error.code == "NoSuchBucketPolicy" {
            return nil
        }
    }

    public func putPolicy(_ bucket: String, _ policy: String) async throws {
        try await send(
            "PutBucketPolicy", method: "PUT", bucket: bucket, query: [("policy", "")],
            headers: [("Content-Type", "application/json")], body: Data(policy.utf8),
            contentMD5: true)
    }

    public func deletePolicy(_ bucket: String) async throws {
        try await send(
            "DeleteBucketPolicy", method: "DELETE", bucket: bucket, query: [("policy", "")])
    }

    /// Bucket settings that streamstack never writes, by S3's subresource name, with what AWS
    /// holds for each that is set (an empty configuration counts as none).
    public func otherSettings(_ bucket: String) async throws -> [String: String] {
        let settings: [(name: String, query: String, absent: String)] = [
            ("NotificationConfiguration", "notification", ""),
            ("CORSConfiguration", "cors", "NoSuchCORSConfiguration"),
            ("WebsiteConfiguration", "website", "NoSuchWebsiteConfiguration"),
            ("BucketLoggingStatus", "logging", ""),
            ("ReplicationConfiguration", "replication", "ReplicationConfigurationNotFoundError"),
        ]
        return try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for setting in settings {
                group.addTask {
                    do {
                        let response = try await send(
                            "GetBucket\(setting.query.capitalized)", method: "GET",
                            bucket: bucket, query: [(setting.query, "")])
                        let node = try xml(response, setting.name)
                        // What it holds, counted by element: `1 CORSRule`.
                        var counts: [String: Int] = [:]
                        for child in node.children where !child.name.isEmpty {
                            counts[child.name, default: 0] += 1
                        }
                        return (
                            setting.name,
                            counts.isEmpty
                                ? nil
                                : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                                    .joined(separator: ", ")
                        )
                    } catch let error as AWSError where error.code == setting.absent {
                        return (setting.name, nil)
                    }
                }
            }
            var found: [String: String] = [:]
            for try await (name, value) in group { if let value { found[name] = value } }
            return found
        }
    }
}
