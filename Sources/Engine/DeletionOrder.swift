/// The order in which a stack's resources are deleted: delivery streams first (they use the
/// others), then roles, then Glue tables before their databases, then the rest.
enum DeletionOrder {
    static func rank(ofType type: String) -> Int {
        switch type {
        case "firehose.delivery_stream": 0
        case "iam.role": 1
        case "glue.table": 2
        case "glue.database": 3
        default: 4
        }
    }
}
