import StackFile

/// The keys of a `kinesis.stream`'s properties.
public enum KinesisStreamFields {
    public static let name = Field.string(
        "name",
        StringRule(
            minimumLength: 1, maximumLength: 128, pattern: "^[a-zA-Z0-9_.-]+$",
            patternDescription: "letters, digits, _ . and -"),
        default: "the resource id", "The stream's name; changing it replaces the stream.")
    public static let mode = Field<StreamMode>.choice("mode", "Capacity mode.")
        .defaulting(to: .provisioned)
    public static let shards = Field.integer(
        "shards", 1...10_000,
        "Number of shards; required with `provisioned`, not allowed with `on-demand`.")
    public static let retentionHours = Field.integer(
        "retention_hours", 24...8760, "How long records stay readable."
    ).defaulting(to: 24)
    public static let kmsKeyID = RequiredField(
        Field.string(
            "kms_key_id", StringRule(minimumLength: 1, maximumLength: 2048),
            "KMS key id, ARN or alias, such as `alias/aws/kinesis`."))
    public static let encryption = Section(
        "encryption", .object([kmsKeyID.property]), default: "no encryption",
        "Server-side encryption with KMS.")
    public static let enforceConsumerDeletion = Field.boolean(
        "enforce_consumer_deletion",
        "Let destroy delete the stream together with its registered (enhanced fan-out) consumers; without it a stream with consumers is left and the error names them."
    ).defaulting(to: false)

    public static let schema = ResourceTypeSchema(
        type: .kinesisStream,
        summary: "A Kinesis Data Stream.",
        properties: [
            name.property, mode.property, shards.property, retentionHours.property,
            encryption.property, enforceConsumerDeletion.property, StackSchema.tags.property,
        ],
        attributes: ["name": "the stream's name", "arn": "the stream's ARN"])
}
