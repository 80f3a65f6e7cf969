/// The order in which a stack's resources are deleted: delivery streams first (they use the
/// others), then roles, then streams and buckets.
enum DeletionOrder {
    static func rank(ofType type: String) -> Int {
        switch type {
        case "firehose.delivery_stream": 0
        case "iam.role": 1
        default: 2
        }
    }
}
