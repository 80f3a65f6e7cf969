/// An AWS partition: its DNS suffix and the home region of its global services.
public struct Partition: Sendable, Equatable {
    public var name: String
    public var dnsSuffix: String
    public var globalRegion: String
    /// IAM's single endpoint host in this partition.
    public var iamHost: String

    public static let aws = Partition(
        name: "aws", dnsSuffix: "amazonaws.com", globalRegion: "us-east-1",
        iamHost: "iam.amazonaws.com")
    public static let china = Partition(
        name: "aws-cn", dnsSuffix: "amazonaws.com.cn", globalRegion: "cn-north-1",
        iamHost: "iam.cn-north-1.amazonaws.com.cn")
    public static let govCloud = Partition(
        name: "aws-us-gov", dnsSuffix: "amazonaws.com", globalRegion: "us-gov-west-1",
        iamHost: "iam.us-gov.amazonaws.com")

    /// The regions of the partitions streamstack serves, as botocore's endpoints.json lists
    /// them; a name outside them is a typo far more often than a region newer than this list.
    public static let knownRegions: Set<String> = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
        "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
        "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
        "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
        "us-west-2", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
    ]

    public static func of(region: String) -> Partition {
        if region.hasPrefix("cn-") { return .china }
        if region.hasPrefix("us-gov-") { return .govCloud }
        return .aws
    }
}
