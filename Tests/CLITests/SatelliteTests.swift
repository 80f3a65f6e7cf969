import AWS
import Foundation
import Kinds
import TestSupport
import Testing

/// A delivery stream's log group, Glue database and Glue table are resources of the plan:
/// owned by tag, read and diffed, never overwritten or deleted when they are someone else's.
struct SatelliteTests {
    typealias Scenario = StackScenarioTests.Scenario

    struct Pipeline {
        var database: String
        var table = "events"
        var logGroup: String
        var source = "in"
    }

    func pipeline(_ scenario: Scenario) -> Pipeline {
        Pipeline(
            database: scenario.stack.replacingOccurrences(of: "-", with: "_"),
            logGroup: "/streamstack/\(scenario.stack)")
    }

    func write(_ scenario: Scenario, _ pipeline: Pipeline) throws {
        try scenario.write(
            scenario.stream("in") + scenario.stream("other") + """
                  lake:
                    type: s3.bucket
                    properties: { name: \(scenario.stack)-lake, force_destroy: true }
                  d:
                    type: firehose.delivery_stream
                    properties:
                      name: \(scenario.stack)-d
                      source: { kinesis_stream: "${\(pipeline.source).arn}" }
                      s3:
                        bucket: "${lake.arn}"
                        buffering: { size_mb: 64, interval_seconds: 60 }
                        prefix: "events/type=!{partitionKeyFromQuery:kind}/day=!{timestamp:yyyy-MM-dd}/"
                        error_output_prefix: "errors/!{firehose:error-output-type}/"
                        logging: { enabled: true, log_group: "\(pipeline.logGroup)" }
                        dynamic_partitioning:
                          partition_keys: { kind: .kind }
                        format_conversion:
                          output_format: parquet
                          schema:
                            database: \(pipeline.database)
                            table: \(pipeline.table)
                            columns:
                              - { name: kind, type: string }
                              - { name: user_id, type: bigint }

                """)
    }

    func apply(_ scenario: Scenario, _ extra: [String] = []) async throws {
        let result = try await scenario.run(["apply", "STACK", "--auto-approve"] + extra)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    func destroy(_ scenario: Scenario) async throws {
        let result = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func theTableIsCompleteEnoughForAthenaAndEachSatelliteIsOnThePlan() async throws {
        let scenario = try await Scenario("athena")
        let pipeline = pipeline(scenario)
        try write(scenario, pipeline)
        let plan = try await scenario.run(["plan", "STACK"])
        for line in [
            "+   logs.log_group d.log_group", "+   glue.database d.glue_database",
            "+   glue.table d.glue_table",
        ] {
            #expect(plan.stdout.contains(line), "\(line) missing from:\n\(plan.stdout)")
        }
        try await apply(scenario)
        let glue = try GlueClient(scenario.aws)
        let table = try #require(
            try await glue.getTable(database: pipeline.database, name: "events"))
        #expect(table.location == "s3://\(scenario.stack)-lake/events/")
        #expect(
            table.serializationLibrary
                == "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
        #expect(
            table.inputFormat == "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        #expect(table.partitionKeys.map(\.name) == ["type", "day"])
        #expect(table.parameters["projection.enabled"] == "true")
        #expect(table.parameters["projection.type.type"] == "injected")
        #expect(table.parameters["projection.day.format"] == "yyyy-MM-dd")
        #expect(
            table.parameters["storage.location.template"]
                == "s3://\(scenario.stack)-lake/events/type=${type}/day=${day}/")
        #expect(table.parameters["streamstack:stack"] == scenario.stack)
        let databaseARN = try await Self.databaseARN(glue, pipeline.database)
        #expect(try await glue.tags(ofResource: databaseARN)["streamstack:stack"] == scenario.stack)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        try await destroy(scenario)
        #expect(try await glue.getTable(database: pipeline.database, name: "events") == nil)
        #expect(try await !glue.databaseExists(name: pipeline.database))
        #expect(
            try await !CloudWatchLogsClient(scenario.aws).logGroupExists(name: pipeline.logGroup))
    }

    @Test func anUntaggedTableIsAConflictAndNotOverwritten() async throws {
        let scenario = try await Scenario("theirtable")
        let pipeline = pipeline(scenario)
        let glue = try GlueClient(scenario.aws)
        try await glue.createDatabase(name: pipeline.database)
        let theirs = GlueClient.Table(
            name: "events", columns: [.init(name: "x", type: "string")],
            partitionKeys: [.init(name: "dt", type: "string")], location: "s3://elsewhere/data/",
            inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
            outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
            parameters: ["owner": "analytics"])
        try await glue.createTable(database: pipeline.database, theirs)
        try write(scenario, pipeline)
        let plan = try await scenario.run(["plan", "STACK"])
        #expect(
            plan.stdout.contains(
                "glue.table \(pipeline.database).events already exists without the tag"))
        #expect(plan.stdout.contains("--adopt d.glue_table"))
        let refused = try await scenario.run(["apply", "STACK", "--auto-approve"])
        #expect(refused.status == 1)
        #expect(try await glue.getTable(database: pipeline.database, name: "events") == theirs)

        // Taken over only when told: then it is the stack's, defined whole.
        try await apply(scenario, ["--adopt", "d.glue_table", "--adopt", "d.glue_database"])
        let adopted = try #require(
            try await glue.getTable(database: pipeline.database, name: "events"))
        #expect(adopted.location == "s3://\(scenario.stack)-lake/events/")
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        try await destroy(scenario)
        #expect(try await !glue.databaseExists(name: pipeline.database))
    }

    @Test func destroyKeepsADatabaseThatHoldsSomeoneElsesTable() async throws {
        let scenario = try await Scenario("shareddb")
        let pipeline = pipeline(scenario)
        try write(scenario, pipeline)
        try await apply(scenario)
        let glue = try GlueClient(scenario.aws)
        let theirs = GlueClient.Table(
            name: "reports", columns: [.init(name: "r", type: "string")], partitionKeys: [],
            location: "s3://elsewhere/reports/", inputFormat: nil, outputFormat: nil,
            serializationLibrary: nil, parameters: [:])
        try await glue.createTable(database: pipeline.database, theirs)
        let destroyed = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(destroyed.status == 0, "\(destroyed.stdout)")
        #expect(destroyed.stdout.contains("kept Glue database \(pipeline.database)"))
        #expect(try await glue.getTable(database: pipeline.database, name: "events") == nil)
        #expect(try await glue.getTable(database: pipeline.database, name: "reports") != nil)
        // Given back: no longer the stack's, so a later destroy leaves it alone.
        let arn = try await Self.databaseARN(glue, pipeline.database)
        #expect(try await glue.tags(ofResource: arn)["streamstack:stack"] == nil)
        try await glue.deleteTable(database: pipeline.database, name: "reports")
        try await glue.deleteDatabase(name: pipeline.database)
    }

    @Test func replacingTheDeliveryStreamLeavesItsSatellitesAlone() async throws {
        let scenario = try await Scenario("keepsats")
        var pipeline = pipeline(scenario)
        try write(scenario, pipeline)
        try await apply(scenario)
        let logs = try CloudWatchLogsClient(scenario.aws)
        let logARN = try #require(try await logs.logGroupARN(name: pipeline.logGroup))
        pipeline.source = "other"
        try write(scenario, pipeline)
        let plan = try await scenario.run(["plan", "STACK", "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let actions = Dictionary(
            uniqueKeysWithValues: (object["resources"] as? [[String: Any]] ?? []).map {
                ($0["id"] as? String ?? "", $0["action"] as? String ?? "")
            })
        #expect(actions["d"] == "replace")
        #expect(actions["d.glue_table"] == "no-op")
        #expect(actions["d.glue_database"] == "no-op")
        #expect(actions["d.log_group"] == "no-op")
        try await apply(scenario)
        #expect(try await logs.logGroupARN(name: pipeline.logGroup) == logARN)
        #expect(
            try await GlueClient(scenario.aws).getTable(database: pipeline.database, name: "events")
                != nil)
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)
        try await destroy(scenario)
    }

    @Test func renamedTablesAndLogGroupsArePrunedAndADeletedGroupIsDrift() async throws {
        let scenario = try await Scenario("satrename")
        var pipeline = pipeline(scenario)
        try write(scenario, pipeline)
        try await apply(scenario)
        let glue = try GlueClient(scenario.aws)
        let logs = try CloudWatchLogsClient(scenario.aws)

        // Deleted out of band: drift, created again.
        try await logs.deleteLogGroup(name: pipeline.logGroup)
        let drift = try await scenario.run(["plan", "STACK", "--detailed-exitcode"])
        #expect(drift.status == 2)
        #expect(drift.stdout.contains("+   logs.log_group d.log_group"))
        try await apply(scenario)
        #expect(try await logs.logGroupExists(name: pipeline.logGroup))

        // Renamed: the old table and group do not stay behind.
        let oldGroup = pipeline.logGroup
        pipeline.table = "clicks"
        pipeline.logGroup += "-v2"
        try write(scenario, pipeline)
        let renamed = try await scenario.run(["plan", "STACK"])
        #expect(renamed.stdout.contains("-/+ glue.table d.glue_table"), "\(renamed.stdout)")
        #expect(renamed.stdout.contains("-/+ logs.log_group d.log_group"))
        try await apply(scenario)
        #expect(try await glue.getTable(database: pipeline.database, name: "events") == nil)
        #expect(try await glue.getTable(database: pipeline.database, name: "clicks") != nil)
        #expect(try await !logs.logGroupExists(name: oldGroup))
        #expect(try await logs.logGroupExists(name: pipeline.logGroup))
        #expect(try await scenario.run(["plan", "STACK", "--detailed-exitcode"]).status == 0)

        try await destroy(scenario)
        #expect(try await !logs.logGroupExists(name: pipeline.logGroup))
        // Nothing is reported deleted that is already gone.
        let again = try await scenario.run(["destroy", "STACK", "--auto-approve"])
        #expect(again.stdout.contains("Nothing to destroy"))
    }

    /// The database's ARN, as Glue's tagging calls want it.
    static func databaseARN(_ glue: GlueClient, _ name: String) async throws -> String {
        let catalog = try #require(try await glue.databaseCatalogID(name: name))
        return "arn:aws:glue:sa-east-1:\(catalog):database/\(name)"
    }
}
