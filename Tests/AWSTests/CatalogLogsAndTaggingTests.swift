import AWS
import Foundation
import TestSupport
import Testing

struct CatalogLogsAndTaggingTests {
    @Test func glueDatabaseAndTable() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let glue = try GlueClient(motoContext(server, through: proxy))
        let database = uniqueName("db").replacingOccurrences(of: "-", with: "_")
        try await glue.createDatabase(name: database, tags: ["streamstack:stack": "t"])
        #expect(try await glue.databaseExists(name: database))
        let columns = [
            GlueClient.Column(name: "id", type: "string"), .init(name: "ts", type: "timestamp"),
        ]
        var table = GlueClient.Table(
            name: "events", columns: columns,
            partitionKeys: [.init(name: "day", type: "string")],
            location: "s3://lake/events/",
            inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            parameters: ["streamstack:stack": "t", "projection.enabled": "true"])
        try await glue.createTable(database: database, table)
        #expect(try await glue.getTable(database: database, name: "events") == table)
        table.columns.append(.init(name: "n", type: "bigint"))
        try await glue.updateTable(database: database, table)
        #expect(try await glue.getTable(database: database, name: "events") == table)
        #expect(try await glue.tables(database: database).map(\.name) == ["events"])
        let catalog = try #require(try await glue.databaseCatalogID(name: database))
        let arn = "arn:aws:glue:sa-east-1:\(catalog):database/\(database)"
        #expect(arn == "arn:aws:glue:sa-east-1:123456789012:database/\(database)")
        try await glue.tag(resource: arn, tags: ["team": "data"])
        try await glue.untag(resource: arn, keys: ["streamstack:stack"])
        #expect(try await glue.tags(ofResource: arn) == ["team": "data"])
        try await glue.deleteTable(database: database, name: "events")
        #expect(try await glue.getTableColumns(database: database, name: "events") == nil)
        try await glue.deleteDatabase(name: database)
        #expect(try await !glue.databaseExists(name: database))
        #expect(try BotocoreModelCheck.problems(in: proxy.requests.map(\.request)) == [])
    }

    @Test func logGroupAndStream() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let logs = try CloudWatchLogsClient(motoContext(server, through: proxy))
        let group = "/aws/kinesisfirehose/" + uniqueName("delivery")
        try await logs.createLogGroup(name: group, tags: ["streamstack:stack": "t"])
        try await logs.createLogGroup(name: group)  // already there: fine
        try await logs.createLogStream(group: group, name: "DestinationDelivery")
        try await logs.createLogStream(group: group, name: "DestinationDelivery")
        #expect(try await logs.logGroupExists(name: group))
        try await logs.deleteLogGroup(name: group)
        #expect(try await !logs.logGroupExists(name: group))
        #expect(try BotocoreModelCheck.problems(in: proxy.requests.map(\.request)) == [])
    }

    @Test func taggingAPIFindsTaggedBucketsAndDeliveryStreams() async throws {
        let server = try await MotoServer.shared()
        let context = motoContext(server)
        let stack = uniqueName("stack")
        let bucket = uniqueName("tagged")
        try await S3Client(context).createBucket(bucket)
        try await S3Client(context).putTags(bucket, ["streamstack:stack": stack])
        let delivery = uniqueName("tagged")
        var destination = ExtendedS3Destination()
        destination.roleARN = "arn:aws:iam::123456789012:role/r"
        destination.bucketARN = "arn:aws:s3:::\(bucket)"
        try await FirehoseClient(context).createDeliveryStream(
            name: delivery, source: nil, destination: destination,
            tags: ["streamstack:stack": stack])
        let arns = try await ResourceGroupsTaggingClient(context).resourceARNs(
            taggedWith: "streamstack:stack", value: stack, types: ["s3", "firehose"])
        #expect(
            Set(arns) == [
                "arn:aws:s3:::\(bucket)",
                "arn:aws:firehose:sa-east-1:123456789012:deliverystream/\(delivery)",
            ])
        try await FirehoseClient(context).deleteDeliveryStream(name: delivery)
        try await S3Client(context).deleteBucket(bucket)
    }
}
