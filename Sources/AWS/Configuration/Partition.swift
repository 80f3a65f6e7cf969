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

    public static func of(region: String) -> Partition {
        if region.hasPrefix("cn-") { return .china }
        if region.hasPrefix("us-gov-") { return .govCloud }
        return .aws
    }
}
