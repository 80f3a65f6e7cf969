import AWS
import Foundation
import Kinds
import Providers
import StackFile
import Synchronization
import TestSupport
import Testing

struct DeliveryStreamProviderTests {
    func stack(_ id: String, _ s3: String, source: Bool = true) throws -> ResolvedStack {
        try resolve(
            """
            stack: \(id)
            resources:
              stream:
                type: kinesis.stream
                properties: { name: \(id)-stream, shards: 1 }
              bucket:
                type: s3.bucket
                properties: { name: \(id)-bucket }
              delivery:
                type: firehose.delivery_stream
                properties:
                  name: \(id)-delivery
            \(source ? "      source: { kinesis_stream: \"${stream.arn}\" }" : "")
                  s3:
                    bucket: ${bucket.arn}
            \(s3)
            """)
    }

    static let everything = """
                buffering: { size_mb: 64, interval_seconds: 120 }
                prefix: "events/type=!{partitionKeyFromQuery:kind}/day=!{timestamp:yyyy-MM-dd}/"
                error_output_prefix: "errors/!{firehose:error-output-type}/"
                compression: none
                file_extension: .parquet
                custom_time_zone: America/Sao_Paulo
                encryption: { kms_key_arn: "arn:aws:kms:sa-east-1:123456789012:key/abc" }
                logging: { enabled: true }
                dynamic_partitioning:
                  partition_keys: { kind: .kind, customer: ".customer | tostring" }
                  retry_duration_seconds: 600
                format_conversion:
                  output_format: orc
                  input_format: hive-json
                  schema:
                    database: db_\\(UUID)
                    table: events
                    columns: [{ name: kind, type: string }, { name: n, type: bigint }]
        """

    func providers(_ server: MotoServer, through proxy: FaultProxy? = nil) throws -> (
        DeliveryStreamProvider, RoleProvider
    ) {
        let aws = context(server, through: proxy)
        return (
            DeliveryStreamProvider(
                firehose: try FirehoseClient(aws), waiter: quickWaiter,
                rolePropagationTimeout: .seconds(60)),
            RoleProvider(iam: try IAMClient(aws), region: aws.region)
        )
    }

    /// The log group, Glue database and Glue table providers, as the engine has them.
    struct Satellites {
        let logs: LogGroupProvider
        let databases: GlueDatabaseProvider
        let tables: GlueTableProvider

        init(_ server: MotoServer) throws {
            let aws = context(server)
            logs = LogGroupProvider(logs: try CloudWatchLogsClient(aws))
            let glue = try GlueClient(aws)
            databases = GlueDatabaseProvider(glue: glue, region: aws.region)
            tables = GlueTableProvider(glue: glue)
        }

        func provider(_ spec: ResourceSpec) -> AnyResourceProvider {
            switch spec.type {
            case .logGroup: AnyResourceProvider(logs)
            case .glueDatabase: AnyResourceProvider(databases)
            default: AnyResourceProvider(tables)
            }
        }
    }

    @Test func createReadUpdateEveryPropertyAndDelete() async throws {
        let server = try await MotoServer.shared()
        let (provider, roles) = try providers(server)
        let id = uniqueName("dp")
        let database = "db_" + id.replacingOccurrences(of: "-", with: "_")
        let full = try stack(
            id, Self.everything.replacingOccurrences(of: "db_\\(UUID)", with: database))
        let role = spec(full, "delivery.role")
        try await roles.create(role, progress: SilentProgress())
        let roleLive = try #require(try await roles.read(role))
        #expect(try roles.changes(from: roleLive, to: role) == [])
        guard let roleSpec = RoleSpec(role) else { throw ProviderFailure.internalError("no role") }
        #expect(roleSpec.inlinePolicy.contains("logs:PutLogEvents"))
        #expect(roleSpec.inlinePolicy.contains("table/\(database)/events"))
        #expect(roleSpec.inlinePolicy.contains("kms:GenerateDataKey"))

        // Its satellites come first, as resources of their own.
        let satellites = try Satellites(server)
        let satelliteIDs = ["delivery.log_group", "delivery.glue_database", "delivery.glue_table"]
        for satellite in satelliteIDs {
            try await satellites.provider(spec(full, satellite)).create(
                spec(full, satellite), progress: SilentProgress())
        }
        let delivery = spec(full, "delivery")
        try await provider.create(delivery, progress: SilentProgress())
        var live = try #require(try await provider.read(delivery))
        #expect(try provider.changes(from: live, to: delivery) == [])
        #expect(
            try await satellites.logs.logs.logGroupExists(
                name: "/aws/kinesisfirehose/\(id)-delivery"))
        #expect(
            try await satellites.tables.glue.getTableColumns(database: database, name: "events")?
                .count == 2)

        // Updatable properties change in place, with the whole destination sent.
        let changedText = Self.everything.replacingOccurrences(of: "db_\\(UUID)", with: database)
            .replacingOccurrences(of: "interval_seconds: 120", with: "interval_seconds: 300")
            .replacingOccurrences(
                of: "error_output_prefix: \"errors/", with: "error_output_prefix: \"failed/"
            )
            .replacingOccurrences(
                of: "{ name: n, type: bigint }",
                with: "{ name: n, type: bigint }, { name: ts, type: timestamp }"
            )
            .replacingOccurrences(
                of: "retry_duration_seconds: 600", with: "retry_duration_seconds: 60")
        let changedStack = try stack(id, changedText)
        let changed = spec(changedStack, "delivery")
        let changes = try provider.changes(from: live, to: changed)
        // A new column is the table's change, not a new version of the delivery stream.
        #expect(
            Set(changes.map(\.key)) == [
                "s3.buffering.interval_seconds", "s3.error_output_prefix",
                "s3.dynamic_partitioning.retry_duration_seconds",
            ])
        let table = spec(changedStack, "delivery.glue_table")
        let liveTable = try #require(try await satellites.tables.read(table))
        #expect(try satellites.tables.changes(from: liveTable, to: table).map(\.key) == ["columns"])
        #expect(changes.allSatisfy { !$0.forcesReplacement })
        try await provider.update(changed, from: live, progress: SilentProgress())
        live = try #require(try await provider.read(changed))
        #expect(try provider.changes(from: live, to: changed) == [])

        // The source and the dynamic partitioning switch force a replacement.
        let plain = spec(
            try stack(
                id, "        buffering: { size_mb: 64, interval_seconds: 300 }", source: false),
            "delivery")
        let replacing = try provider.changes(from: live, to: plain).filter(\.forcesReplacement).map(
            \.key)
        #expect(
            Set(replacing) == [
                "source.kinesis_stream", "source.role_arn", "s3.dynamic_partitioning",
            ])

        try await provider.delete(live, progress: SilentProgress())
        #expect(try await provider.read(changed) == nil)
        // Deleting the delivery stream leaves its satellites: they are deleted on their own.
        #expect(
            try await satellites.logs.logs.logGroupExists(
                name: "/aws/kinesisfirehose/\(id)-delivery"))
        for satellite in satelliteIDs.reversed() {
            let desired = spec(full, satellite)
            let found = try #require(try await satellites.provider(desired).read(desired))
            try await satellites.provider(desired).delete(found, progress: SilentProgress())
        }
        #expect(
            try await !satellites.logs.logs.logGroupExists(
                name: "/aws/kinesisfirehose/\(id)-delivery"))
        #expect(try await !satellites.tables.glue.databaseExists(name: database))
        try await roles.delete(roleLive, progress: SilentProgress())
        #expect(try await roles.read(role) == nil)
    }

    @Test func aLogGroupThatWasThereBeforeIsLeftAlone() async throws {
        let server = try await MotoServer.shared()
        let (provider, _) = try providers(server)
        let satellites = try Satellites(server)
        let id = uniqueName("shared")
        let group = "/shared/\(id)"
        try await satellites.logs.logs.createLogGroup(name: group, tags: ["team": "ops"])
        let stack = try stack(id, "        logging: { log_group: \"\(group)\" }", source: false)
        // Read as it is: not the stack's (the plan makes that a conflict with --adopt).
        let existing = try #require(
            try await satellites.logs.read(spec(stack, "delivery.log_group")))
        #expect(existing.owner == nil)
        #expect(existing.spec.tags == ["team": "ops"])
        let delivery = spec(stack, "delivery")
        try await provider.create(delivery, progress: SilentProgress())
        let live = try #require(try await provider.read(delivery))
        #expect(try provider.changes(from: live, to: delivery) == [])
        try await provider.delete(live, progress: SilentProgress())
        #expect(try await satellites.logs.logs.logGroupExists(name: group))
        try await satellites.logs.logs.deleteLogGroup(name: group)
    }

    @Test func directPutWithCompressionAndDefaults() async throws {
        let server = try await MotoServer.shared()
        let (provider, _) = try providers(server)
        let id = uniqueName("direct")
        let stack = try stack(id, "        compression: gzip\n        prefix: raw/", source: false)
        let delivery = spec(stack, "delivery")
        try await provider.create(delivery, progress: SilentProgress())
        let live = try #require(try await provider.read(delivery))
        #expect(try provider.changes(from: live, to: delivery) == [])
        #expect(try provider.attributes(of: live.spec)["s3.buffering.size_mb"] == .number(5))
        #expect(
            try provider.attributes(of: live.spec)["s3.buffering.interval_seconds"] == .number(300))
        #expect(try provider.attributes(of: live.spec)["source.kinesis_stream"] == nil)
        try await provider.delete(live, progress: SilentProgress())
    }

    @Test func createRidesThroughIAMPropagationAndCreatingStates() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let creates = Mutex(0)
        let describes = Mutex(0)
        proxy.setRule { request in
            switch request.operation {
            case "CreateDeliveryStream":
                let count = creates.withLock { value in
                    value += 1
                    return value
                }
                return count <= 2
                    ? .respond(
                        status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                        body:
                            #"{"__type":"InvalidArgumentException","message":"Firehose is unable to assume role arn:aws:iam::123456789012:role/x. Please check the role provided."}"#
                    )
                    : .forward
            case "DescribeDeliveryStream":
                let count = describes.withLock { value in
                    value += 1
                    return value
                }
                return count <= 2
                    ? .rewrite {
                        Data(
                            String(decoding: $0, as: UTF8.self).replacingOccurrences(
                                of: "\"ACTIVE\"", with: "\"CREATING\""
                            ).utf8)
                    }
                    : .forward
            default:
                return .forward
            }
        }
        let (provider, _) = try providers(server, through: proxy)
        let delivery = spec(try stack(uniqueName("iam"), ""), "delivery")
        let notes = NoteCollector()
        try await provider.create(delivery, progress: notes)
        #expect(creates.withLock { $0 } == 3)
        // Said once for the two retries, not at each one.
        #expect(
            notes.notes.filter { $0.hasPrefix("waiting for the IAM role to reach Firehose") }
                .count == 1)
        #expect(describes.withLock { $0 } >= 3)
        let live = try #require(try await provider.read(delivery))
        #expect(live.status == .ready)
        try await provider.delete(live, progress: SilentProgress())
    }

    /// The caller's own missing permission is not IAM propagation: it fails at once, naming
    /// the action, instead of being retried for two minutes.
    @Test func theCallersOwnAccessDenialIsNotRetried() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let creates = Mutex(0)
        proxy.setRule { request in
            guard request.operation == "CreateDeliveryStream" else { return .forward }
            creates.withLock { $0 += 1 }
            return .respond(
                status: 400, headers: ["Content-Type": "application/x-amz-json-1.1"],
                body:
                    #"{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/x"}"#
            )
        }
        let (provider, _) = try providers(server, through: proxy)
        let delivery = spec(try stack(uniqueName("passrole"), ""), "delivery")
        let error = await #expect(throws: AWSError.self) {
            try await provider.create(delivery, progress: SilentProgress())
        }
        #expect(error?.message.contains("iam:PassRole") == true, "\(String(describing: error))")
        #expect(creates.withLock { $0 } == 1)
    }

    @Test func aFailedCreateSaysWhy() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        proxy.setRule(
            rewriteFirst(100, of: "DescribeDeliveryStream") {
                $0.replacingOccurrences(of: "\"ACTIVE\"", with: "\"CREATING_FAILED\"")
                    .replacingOccurrences(
                        of: "\"DeliveryStreamStatus\"",
                        with:
                            "\"FailureDescription\": {\"Type\": \"RETIRE_KMS_GRANT_FAILED\", \"Details\": \"no grant\"}, \"DeliveryStreamStatus\""
                    )
            })
        let (provider, _) = try providers(server, through: proxy)
        let delivery = spec(try stack(uniqueName("failed"), ""), "delivery")
        let error = await #expect(throws: ProviderFailure.self) {
            try await provider.create(delivery, progress: SilentProgress())
        }
        #expect(
            error?.description.contains("is CREATING_FAILED: RETIRE_KMS_GRANT_FAILED: no grant")
                == true)
        try await FirehoseClient(context(server)).deleteDeliveryStream(name: delivery.name)
    }

    @Test func metadataQueriesParseBack() {
        #expect(
            DeliveryStreamProvider.parseMetadataQuery("{a:.x,b:.y | split(\",\") | .[0],c:{d:.e}}")
                == [
                    "a": ".x", "b": ".y | split(\",\") | .[0]", "c": "{d:.e}",
                ])
    }
}
