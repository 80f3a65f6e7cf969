/// What the wire layer needs to know about one AWS service.
public struct ServiceDescriptor: Sendable, Hashable {
    public enum WireProtocol: Sendable, Hashable {
        /// `application/x-amz-json-1.1` with `X-Amz-Target: PREFIX.Operation`. Most services
        /// name members in PascalCase; CloudWatch Logs uses camelCase.
        case json(targetPrefix: String, pascalCaseMembers: Bool = true)
        /// Form-encoded `Action=...&Version=...`, XML answers.
        case query(version: String)
        /// S3's REST with XML bodies.
        case restXML
        /// REST with camelCase JSON answers (the IAM Identity Center portal).
        case restJSON
    }

    /// The name in messages and `--verbose` logs.
    public var name: String
    /// SigV4's service name.
    public var signingName: String
    /// The first label of the service's host name.
    public var endpointPrefix: String
    /// The `<SERVICE>` of `AWS_ENDPOINT_URL_<SERVICE>`.
    public var environmentName: String
    public var wireProtocol: WireProtocol
    /// IAM: one endpoint per partition, signed for the partition's home region.
    public var isGlobal: Bool

    public static let kinesis = ServiceDescriptor(
        name: "kinesis", signingName: "kinesis", endpointPrefix: "kinesis",
        environmentName: "KINESIS", wireProtocol: .json(targetPrefix: "Kinesis_20131202"),
        isGlobal: false)
    public static let firehose = ServiceDescriptor(
        name: "firehose", signingName: "firehose", endpointPrefix: "firehose",
        environmentName: "FIREHOSE", wireProtocol: .json(targetPrefix: "Firehose_20150804"),
        isGlobal: false)
    public static let glue = ServiceDescriptor(
        name: "glue", signingName: "glue", endpointPrefix: "glue", environmentName: "GLUE",
        wireProtocol: .json(targetPrefix: "AWSGlue"), isGlobal: false)
    public static let logs = ServiceDescriptor(
        name: "logs", signingName: "logs", endpointPrefix: "logs",
        environmentName: "CLOUDWATCH_LOGS",
        wireProtocol: .json(targetPrefix: "Logs_20140328", pascalCaseMembers: false),
        isGlobal: false)
    public static let tagging = ServiceDescriptor(
        name: "tagging", signingName: "tagging", endpointPrefix: "tagging",
        environmentName: "RESOURCE_GROUPS_TAGGING_API",
        wireProtocol: .json(targetPrefix: "ResourceGroupsTaggingAPI_20170126"), isGlobal: false)
    /// Metric alarms and metric data; the Query protocol is one of the three it speaks.
    public static let cloudwatch = ServiceDescriptor(
        name: "cloudwatch", signingName: "monitoring", endpointPrefix: "monitoring",
        environmentName: "CLOUDWATCH", wireProtocol: .query(version: "2010-08-01"),
        isGlobal: false)
    public static let iam = ServiceDescriptor(
        name: "iam", signingName: "iam", endpointPrefix: "iam", environmentName: "IAM",
        wireProtocol: .query(version: "2010-05-08"), isGlobal: true)
    public static let sts = ServiceDescriptor(
        name: "sts", signingName: "sts", endpointPrefix: "sts", environmentName: "STS",
        wireProtocol: .query(version: "2011-06-15"), isGlobal: false)
    /// The IAM Identity Center (SSO) portal, which hands out role credentials for a bearer
    /// token; its calls are not signed.
    public static let sso = ServiceDescriptor(
        name: "sso", signingName: "awsssoportal", endpointPrefix: "portal.sso",
        environmentName: "SSO", wireProtocol: .restJSON, isGlobal: false)
    /// The Price List Query API; it answers in a few regions only (us-east-1 for the aws
    /// partition).
    public static let pricing = ServiceDescriptor(
        name: "pricing", signingName: "pricing", endpointPrefix: "api.pricing",
        environmentName: "PRICING", wireProtocol: .json(targetPrefix: "AWSPriceListService"),
        isGlobal: false)
    /// Asked only whether a transformation's function exists.
    public static let lambda = ServiceDescriptor(
        name: "lambda", signingName: "lambda", endpointPrefix: "lambda",
        environmentName: "LAMBDA", wireProtocol: .restJSON, isGlobal: false)
    public static let s3 = ServiceDescriptor(
        name: "s3", signingName: "s3", endpointPrefix: "s3", environmentName: "S3",
        wireProtocol: .restXML, isGlobal: false)
}
