import StackFile

/// A stream's mode and shard count agree.
extension StackValidator {
    func checkKinesisStream(_ properties: StackNode.Mapping, owner: SourceLocation) {
        typealias Key = KinesisStreamFields
        let mode = known(properties, Key.mode)
        if mode == .provisioned, properties[Key.shards] == nil {
            error(
                properties.entry(Key.mode)?.keyLocation ?? owner,
                "a provisioned stream needs 'shards' (or use mode: on-demand)")
        }
        if mode == .onDemand, let shards = properties.entry(Key.shards) {
            error(
                shards.keyLocation,
                "'shards' is not allowed with mode on-demand; AWS scales on-demand streams itself")
        }
    }
}
