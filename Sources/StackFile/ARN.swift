/// An Amazon Resource Name: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, built and read in
/// one place. The resource part may hold `:` and `/` (`log-group:NAME:log-stream:S`,
/// `role/PATH/NAME`).
public struct ARN: Sendable, Equatable, CustomStringConvertible {
    public var partition: String
    public var service: String
    /// Empty for global resources (S3 buckets, IAM roles).
    public var region: String
    /// Empty for S3 buckets.
    public var accountID: String
    public var resource: String

    public init(
        partition: String, service: String, region: String, accountID: String, resource: String
    ) {
        self.partition = partition
        self.service = service
        self.region = region
        self.accountID = accountID
        self.resource = resource
    }

    /// nil for text that is not an ARN.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else {
            return nil
        }
        self.init(
            partition: String(parts[1]), service: String(parts[2]), region: String(parts[3]),
            accountID: String(parts[4]), resource: String(parts[5]))
    }

    public var description: String {
        "arn:\(partition):\(service):\(region):\(accountID):\(resource)"
    }

    /// The resource's own name: the last segment of its path (`stream/NAME`,
    /// `role/PATH/NAME`, or a bucket's whole resource part).
    public var resourceName: String {
        String(resource.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    public static func bucket(_ name: String, partition: String) -> ARN {
        ARN(partition: partition, service: "s3", region: "", accountID: "", resource: name)
    }
}

extension ResolutionContext {
    /// An ARN of this account and region.
    public func arn(_ service: String, _ resource: String) -> ARN {
        ARN(
            partition: partition, service: service, region: region, accountID: accountID,
            resource: resource)
    }

    public func kinesisStreamARN(_ name: String) -> ARN { arn("kinesis", "stream/\(name)") }
}
