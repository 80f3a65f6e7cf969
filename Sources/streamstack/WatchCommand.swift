import AWS
import ArgumentParser
import Engine
import Foundation
import Kinds
import Pipeline
import StackFile

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Wait for delivered objects in the bucket and print them.",
        discussion: "Exits 0 once new objects arrived, 1 at the timeout.")

    @Argument(help: "The stack file.") var stack: String
    @Option(help: "Id of the firehose.delivery_stream resource.") var delivery: String
    @Option(help: "Give up after this many seconds.") var timeout = 600
    @Option(help: "Seconds between looks at the bucket.") var interval: Double = 5
    @Option(
        help: ArgumentHelp(
            "Show objects written since then: a duration back from now (90s, 5m, 2h) or an ISO 8601 time.",
            valueName: "DURATION|TIME"))
    var since = "5m"
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...604_800).contains(timeout) else {
            throw ValidationError("--timeout must be between 0 and 604800 seconds (a week)")
        }
        guard interval > 0 && interval <= 3600 else {
            throw ValidationError("--interval must be more than 0 and at most 3600 seconds")
        }
        guard WatchStart.parse(since) != nil else {
            throw ValidationError(
                "--since expects a duration such as 90s, 5m or 2h, or an ISO 8601 time such as 2026-11-29T04:00:00Z; got '\(since)'"
            )
        }
    }

    func run() async throws {
        let console = global.console()
        var arrived = true
        try await global.withSession(stack, console: console, planning: false) { session in
            let spec = try await deliveryStream(in: session)
            let context = session.providers.context
            let bucket = ARN(spec.bucketARN)?.resourceName ?? ""
            let watcher = DeliveryWatcher(
                // The stack's own bucket is asked for as the account's (a foreign one is refused).
                s3: session.stack.resources.contains {
                    $0.type == .bucket && $0.spec.name == bucket
                }
                    ? session.providers.provider(BucketKind.self).s3 : try S3Client(context),
                bucket: bucket,
                prefix: FirehosePrefix(spec.prefix ?? "").fixedPart,
                errorPrefix: spec.errorOutputPrefix.map { FirehosePrefix($0).fixedPart },
                pollInterval: .milliseconds(Int(interval * 1000)))
            let view = WatchView(console: console)
            view.waiting(
                for: spec, bucket: bucket, prefix: watcher.prefix, since: since, timeout: timeout)
            let existing = try await watcher.currentKeys(before: WatchStart.parse(since))
            let found = try await watcher.waitForNewObjects(
                after: existing, timeout: .seconds(timeout))
            guard !found.isEmpty else {
                arrived = false
                let emulated =
                    context.endpoints.commandLineOverride != nil
                    || (try? context.client(for: .firehose).endpoint.isCustom) == true
                view.nothingArrived(
                    for: spec, bucket: bucket, prefix: watcher.prefix, timeout: timeout,
                    emulated: emulated)
                return
            }
            view.arrived(found, bucket: bucket)
        }
        if !arrived { throw ExitCode.failure }
    }

    /// The delivery stream `--delivery` names, once AWS has it.
    private func deliveryStream(in session: StackSession) async throws -> DeliveryStreamSpec {
        guard let resource = session.stack.resource(delivery),
            let spec = DeliveryStreamSpec(resource.spec)
        else {
            let ids = session.stack.resources.filter { $0.type == .deliveryStream }.map(\.id)
            throw CommandError(
                "the stack has no delivery stream '\(delivery)'; its delivery streams are: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))"
            )
        }
        let context = session.providers.context
        do {
            _ = try await FirehoseClient(context).describeDeliveryStream(name: spec.name)
        } catch let error as AWSError where error.isNotFound {
            throw CommandError(
                "delivery stream \(spec.name) does not exist in \(context.region): run streamstack apply \(stack) first"
            )
        }
        return spec
    }
}
