import Providers
import StackFile

/// What replacing or deleting a delivery stream or a stream can lose: Firehose gives no
/// guarantee for data in flight once DeleteDeliveryStream is called (botocore's firehose model),
/// a new delivery stream reads a Kinesis source from LATEST (records written in the gap never
/// reach S3), and a deleted stream's records are gone.
enum DataInFlight {
    static func warnings(_ planned: [PlannedResource], live: [String: LiveResource]) -> [String] {
        planned.compactMap { resource -> String? in
            guard resource.action == .replace || resource.action == .delete,
                let current = live[resource.id]
            else { return nil }
            let verb = resource.action == .replace ? "replacing" : "deleting"
            switch current.spec {
            case .deliveryStream(let delivery):
                var text =
                    "\(verb) delivery stream \(delivery.name) may lose the records in Firehose's buffer (up to \(delivery.buffering.sizeMB) MiB or \(delivery.buffering.intervalSeconds) s): AWS does not promise to deliver data in flight once the delete starts"
                if resource.action == .replace, let source = delivery.sourceStreamARN {
                    let stream = ARN(source)?.resourceName ?? source
                    text +=
                        "; the new one reads \(stream) from its latest records, so what is written to \(stream) between the delete and the new one's ACTIVE never reaches S3"
                }
                return text
            case .kinesisStream(let stream):
                return
                    "\(verb) stream \(stream.name) discards the records it holds (up to \(stream.retentionHours) h of them) that no consumer has read"
            case .bucket, .role, .logGroup, .glueDatabase, .glueTable:
                return nil
            }
        }
    }
}
