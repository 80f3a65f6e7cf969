import Kinds
import StackFile
import Testing

struct ARNTests {
    @Test func readsAndWritesEachShapeStreamstackMeets() throws {
        let role = try #require(
            ARN("arn:aws:iam::123456789012:role/streamstack/demo/sa-east-1/streamstack-demo-d"))
        #expect(role.service == "iam")
        #expect(role.region.isEmpty)
        #expect(role.resourceName == "streamstack-demo-d")
        let group = try #require(
            ARN("arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/kinesisfirehose/x:*"))
        #expect(group.partition == "aws-cn")
        #expect(group.resource == "log-group:/aws/kinesisfirehose/x:*")
        #expect(
            group.description
                == "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/kinesisfirehose/x:*")
        let bucket = ARN.bucket("landing", partition: "aws")
        #expect(bucket.description == "arn:aws:s3:::landing")
        #expect(ARN(bucket.description) == bucket)
        #expect(bucket.resourceName == "landing")
        let context = ResolutionContext(accountID: "123456789012", region: "sa-east-1")
        #expect(
            context.kinesisStreamARN("events").description
                == "arn:aws:kinesis:sa-east-1:123456789012:stream/events")
        for text in ["", "arn", "arn:aws:s3", "not:an:arn:at:all:x", "arn::s3:::b"] {
            #expect(ARN(text) == nil, "\(text)")
        }
    }
}
