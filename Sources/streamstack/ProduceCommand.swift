import AWS
import ArgumentParser
import Engine
import Foundation
import Kinds
import Pipeline
import Providers
import StackFile

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Put test records into a stream of the stack.",
        discussion: """
            Records come from --file (one JSON document a line; - reads standard input) or are \
            generated sample events. Each record is sent with a newline after it.
            """)

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Id of the kinesis.stream resource (or of a delivery stream without a source).")
    var stream: String
    @Option(help: "Number of sample records to generate (without --file).") var count = 100
    @Option(help: "Records per second at most.") var rate: Double?
    @Option(help: "Read records from this file, one JSON document a line, or - for standard input.")
    var file: String?
    @Option(help: "Top-level JSON field whose value is the partition key (default: a random key).")
    var partitionKey: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...10_000_000).contains(count) else {
            throw ValidationError("--count must be between 0 and 10,000,000")
        }
        if let rate, !(rate > 0 && rate <= 1_000_000) {
            throw ValidationError(
                "--rate must be more than 0 and at most 1,000,000 records a second")
        }
    }

    func run() async throws {
        let console = global.console()
        var failed = false
        try await reportingFailures(console) {
            let records = try readRecords()
            let session = try await global.openSession(stack, console: console, planning: false)
            let (target, description) = try await producerTarget(session)
            let view = ProduceView(console: console, target: description)
            view.sending(records.map { "\($0.count)" } ?? "\(count) sample")
            var position = 0
            let samples = sampleShape(session)
            let summary = try await Producer(target: target).send(
                rate: rate, progress: view.progress.show
            ) {
                defer { position += 1 }
                let data: Data
                if let records {
                    guard position < records.count else { return nil }
                    data = records[position]
                } else {
                    guard position < count else { return nil }
                    data = samples.event(number: position + 1) + Data("\n".utf8)
                }
                return Producer.Record(
                    data: data, partitionKey: partitionKeyValue(data) ?? UUID().uuidString)
            }
            view.sent(summary)
            failed = !summary.failures.isEmpty
        }
        if failed { throw ExitCode.failure }
    }

    private func readRecords() throws -> [Data]? {
        guard let file else { return nil }
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CommandError("cannot read --file \(file)")
            }
            data = contents
        }
        return try RecordReader.records(from: data, file: file == "-" ? "stdin" : file)
    }

    private func partitionKeyValue(_ data: Data) -> String? {
        guard let partitionKey,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let value = object[partitionKey]
        else { return nil }
        return "\(value)"
    }

    /// Samples that carry what the delivery streams fed by the target read: their Glue
    /// columns and the fields their partitioning keys query.
    private func sampleShape(_ session: StackSession) -> SampleEvents {
        guard let target = session.stack.resource(stream) else { return SampleEvents() }
        var columns: [(name: String, type: String)] = []
        var paths: [[String]] = []
        for resource in session.stack.resources {
            guard let delivery = DeliveryStreamSpec(resource.spec),
                resource.id == target.id
                    || (delivery.sourceStreamARN != nil
                        && delivery.sourceStreamARN == target.attributes["arn"])
            else { continue }
            for column in delivery.formatConversion?.columns ?? []
            where !columns.contains(where: { $0.name == column.name }) {
                columns.append((column.name, column.type))
            }
            for query in (delivery.dynamicPartitioning?.partitionKeys ?? [:]).values.sorted() {
                if let path = SampleEvents.path(ofQuery: query) { paths.append(path) }
            }
        }
        return SampleEvents(columns: columns, partitionPaths: paths)
    }

    private func producerTarget(_ session: StackSession) async throws -> (Producer.Target, String) {
        guard let resource = session.stack.resource(stream) else {
            let ids = session.stack.resources.filter { $0.type == .kinesisStream }.map(\.id)
            throw CommandError(
                "the stack has no resource '\(stream)'; its streams are: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))"
            )
        }
        let context = session.providers.context
        if let spec = KinesisStreamSpec(resource.spec) {
            let kinesis = try KinesisClient(context)
            do {
                _ = try await kinesis.describeStreamSummary(name: spec.name)
            } catch let error as AWSError where error.isNotFound {
                throw CommandError(
                    "stream \(spec.name) does not exist in \(context.region): run streamstack apply \(stack) first"
                )
            }
            return (.stream(kinesis, name: spec.name), "kinesis stream \(spec.name)")
        }
        if let spec = DeliveryStreamSpec(resource.spec) {
            if spec.sourceStreamARN != nil {
                let source = session.stack.resources.first {
                    $0.attributes["arn"] == spec.sourceStreamARN
                }?.id
                throw CommandError(
                    "delivery stream '\(stream)' reads from a Kinesis stream; produce to that stream instead\(source.map { " (--stream \($0))" } ?? "")"
                )
            }
            let firehose = try FirehoseClient(context)
            do {
                _ = try await firehose.describeDeliveryStream(name: spec.name)
            } catch let error as AWSError where error.isNotFound {
                throw CommandError(
                    "delivery stream \(spec.name) does not exist in \(context.region): run streamstack apply \(stack) first"
                )
            }
            return (.deliveryStream(firehose, name: spec.name), "delivery stream \(spec.name)")
        }
        throw CommandError(
            "'\(stream)' is a \(resource.type); produce needs a \(ResourceType.kinesisStream)")
    }
}
