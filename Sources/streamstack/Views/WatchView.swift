import Foundation
import Kinds
import Pipeline
import StackFile

/// How `watch` tells what it waits for and what arrived.
struct WatchView {
    let console: Console

    func waiting(
        for delivery: DeliveryStreamSpec, bucket: String, prefix: String, since: String,
        timeout: Int
    ) {
        let buffering = delivery.buffering
        console.out(
            "Firehose delivers \(delivery.name) to s3://\(bucket)/\(prefix) when \(buffering.sizeMB) MiB are buffered or \(buffering.intervalSeconds) s have passed, whichever comes first."
        )
        console.out(
            "Watching for objects written since \(since == "5m" ? "5 minutes ago" : since) for up to \(timeout) s…"
        )
    }

    /// - Parameter emulated: the endpoint is an emulator, which never reads a source stream.
    func nothingArrived(
        for delivery: DeliveryStreamSpec, bucket: String, prefix: String, timeout: Int,
        emulated: Bool
    ) {
        var note =
            "No new objects under s3://\(bucket)/\(prefix) after \(timeout) s. Firehose delivers after \(delivery.buffering.intervalSeconds) s or \(delivery.buffering.sizeMB) MiB: records produced since may still be buffered."
        if delivery.sourceStreamARN != nil, emulated {
            note +=
                " (moto alone never moves records from Kinesis to S3; scripts/demo runs scripts/local_delivery.py beside it as a stand-in for Firehose.)"
        }
        console.err(note)
    }

    func arrived(_ objects: [DeliveryWatcher.Delivered], bucket: String) {
        for object in objects {
            let when = object.lastModified.map { ISO8601DateFormatter().string(from: $0) } ?? ""
            let label =
                object.isError
                ? console.styled("delivery error", .red) : console.styled("delivered", .green)
            console.out(
                "\(label): s3://\(bucket)/\(object.key) (\(object.size) bytes\(when.isEmpty ? "" : ", \(when)"))"
            )
            for line in object.preview { console.out("  | \(line)") }
        }
    }
}
