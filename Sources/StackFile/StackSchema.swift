/// The stack language itself: top-level keys and the three resource types.
public enum StackSchema {
    static let tagMap = SchemaType.map(
        key: StringRule(
            minimumLength: 1, maximumLength: 128,
            pattern: #"^(?!aws:)(?!streamstack:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$"#,
            patternDescription:
                "letters, digits, spaces and _ . : / = + - @, not starting with aws: or streamstack:"
        ),
        value: .string(
            StringRule(
                maximumLength: 256, pattern: #"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"#,
                patternDescription: "letters, digits, spaces and _ . : / = + - @")))

    static let tags = SchemaProperty(
        "tags", tagMap, "Tags for this resource, added to the stack's tags.")

    public static let top: [SchemaProperty] = [
        SchemaProperty(
            "stack",
            .string(
                StringRule(
                    minimumLength: 1, maximumLength: 40, pattern: "^[A-Za-z][A-Za-z0-9-]*$",
                    patternDescription: "a letter, then letters, digits and hyphens")),
            required: true,
            "The stack's name. Every resource gets the tag `streamstack:stack=<name>`, which is how streamstack knows what it owns."
        ),
        SchemaProperty(
            "region",
            .string(
                StringRule(
                    pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
                    patternDescription: "an AWS region such as sa-east-1")),
            "The region, used when neither --region, AWS_REGION, AWS_DEFAULT_REGION nor the profile names one."
        ),
        SchemaProperty("description", .string(.any), "Free text for people reading the file."),
        SchemaProperty(
            "cost",
            .object([
                SchemaProperty(
                    "records_per_second", .integer(minimum: 0, maximum: 10_000_000),
                    default: "1", "Records written to each stream per second, on average."),
                SchemaProperty(
                    "average_record_bytes", .integer(minimum: 1, maximum: 1_048_576),
                    default: "1024", "The average size of a record in bytes."),
            ]),
            "The traffic `plan`'s monthly cost estimate assumes (`--traffic` overrides it)."
        ),
        SchemaProperty(
            "tags", tagMap, "Tags added to every taggable resource of the stack."),
        SchemaProperty(
            "variables",
            .map(
                key: StringRule(
                    minimumLength: 1, pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
                    patternDescription: "a letter or _, then letters, digits and _"),
                value: .string(.any)),
            "Variables with their default values, used as `${var.NAME}`; `--var NAME=VALUE` and `--var-file FILE` override them."
        ),
        SchemaProperty(
            "resources",
            .map(
                key: StringRule(
                    minimumLength: 1, maximumLength: 64, pattern: "^[A-Za-z][A-Za-z0-9_-]*$",
                    patternDescription: "a letter, then letters, digits, _ and -"),
                value: .object([])),
            required: true,
            "The resources, by id. Each has a `type` and `properties`; `${id.attribute}` refers to one."
        ),
    ]

    /// Keys of one entry under `resources`.
    public static let resource: [SchemaProperty] = [
        SchemaProperty(
            "type", .enumeration(resourceTypes.map(\.name)), required: true, "The resource type."),
        SchemaProperty("properties", .object([]), "The resource's settings; see its type."),
        SchemaProperty(
            "depends_on", .list(.string(.any), minimumCount: 0),
            "Ids of resources to create first, beyond those named in `${...}` references."),
    ]

    public static let resourceTypes: [ResourceTypeSchema] = [
        kinesisStream, s3Bucket, firehoseDeliveryStream,
    ]

    public static func resourceType(named name: String) -> ResourceTypeSchema? {
        resourceTypes.first { $0.name == name }
    }

    static let kinesisStream = ResourceTypeSchema(
        declared: .kinesisStream,
        summary: "A Kinesis Data Stream.",
        properties: [
            SchemaProperty(
                "name",
                .string(
                    StringRule(
                        minimumLength: 1, maximumLength: 128, pattern: "^[a-zA-Z0-9_.-]+$",
                        patternDescription: "letters, digits, _ . and -")),
                default: "the resource id", "The stream's name; changing it replaces the stream."),
            SchemaProperty(
                "mode", .enumeration(["provisioned", "on-demand"]), default: "provisioned",
                "Capacity mode."),
            SchemaProperty(
                "shards", .integer(minimum: 1, maximum: 10_000),
                "Number of shards; required with `provisioned`, not allowed with `on-demand`."),
            SchemaProperty(
                "retention_hours", .integer(minimum: 24, maximum: 8760), default: "24",
                "How long records stay readable."),
            SchemaProperty(
                "encryption",
                .object([
                    SchemaProperty(
                        "kms_key_id", .string(StringRule(minimumLength: 1, maximumLength: 2048)),
                        required: true,
                        "KMS key id, ARN or alias, such as `alias/aws/kinesis`.")
                ]), default: "no encryption", "Server-side encryption with KMS."),
            SchemaProperty(
                "enforce_consumer_deletion", .boolean, default: "false",
                "Let destroy delete the stream together with its registered (enhanced fan-out) consumers; without it a stream with consumers is left and the error names them."
            ),
            tags,
        ],
        attributes: ["name": "the stream's name", "arn": "the stream's ARN"])

    static let s3Bucket = ResourceTypeSchema(
        declared: .bucket,
        summary: "An S3 bucket.",
        properties: [
            SchemaProperty(
                "name",
                .string(
                    StringRule(
                        minimumLength: 3, maximumLength: 63,
                        pattern: "^[a-z0-9][a-z0-9.-]*[a-z0-9]$",
                        patternDescription:
                            "lower-case letters, digits, . and -, starting and ending with a letter or digit"
                    )), required: true,
                "The bucket's globally unique name; `${aws.account_id}` helps make it unique. Changing it replaces the bucket."
            ),
            SchemaProperty(
                "object_ownership",
                .enumeration(["bucket-owner-enforced", "bucket-owner-preferred", "object-writer"]),
                default: "bucket-owner-enforced",
                "`bucket-owner-enforced` disables ACLs (the console's \"ACLs disabled\")."),
            SchemaProperty(
                "acl",
                .enumeration([
                    "private", "public-read", "public-read-write", "authenticated-read",
                    "log-delivery-write",
                ]), default: "private",
                "Canned ACL; anything but `private` needs ACLs enabled (`object_ownership` other than `bucket-owner-enforced`)."
            ),
            SchemaProperty(
                "public_access_block",
                .object([
                    SchemaProperty(
                        "block_public_acls", .boolean, default: "true", "Reject public ACLs."),
                    SchemaProperty(
                        "ignore_public_acls", .boolean, default: "true", "Ignore public ACLs."),
                    SchemaProperty(
                        "block_public_policy", .boolean, default: "true",
                        "Reject public bucket policies."),
                    SchemaProperty(
                        "restrict_public_buckets", .boolean, default: "true",
                        "Restrict access under public policies to AWS services and the owner."),
                ]), default: "all four on, as AWS creates buckets",
                "The bucket's public-access block."),
            SchemaProperty(
                "versioning", .enumeration(["enabled", "suspended", "disabled"]),
                default: "disabled",
                "Object versioning. A bucket that was ever versioned can only be `enabled` or `suspended`."
            ),
            SchemaProperty(
                "encryption",
                .object([
                    SchemaProperty(
                        "type", .enumeration(["sse-s3", "sse-kms"]), required: true,
                        "SSE-S3 (AES256) or SSE-KMS."),
                    SchemaProperty(
                        "kms_key_id", .string(StringRule(minimumLength: 1, maximumLength: 2048)),
                        default: "the AWS managed key aws/s3", "KMS key for `sse-kms`."),
                    SchemaProperty(
                        "bucket_key", .boolean, default: "false",
                        "Use an S3 Bucket Key to cut KMS calls (`sse-kms`)."),
                ]), default: "sse-s3", "Default encryption of new objects."),
            SchemaProperty(
                "allow_public", .boolean, default: "false",
                "Say that the bucket is meant to be public: allows `acl: public-read-write`, and silences the warnings for a public ACL or a public-access block that is off."
            ),
            SchemaProperty(
                "force_destroy", .boolean, default: "false",
                "Let destroy delete every object, version and delete marker first; without it a non-empty bucket stops the destroy."
            ),
            tags,
        ],
        attributes: [
            "name": "the bucket's name", "arn": "the bucket's ARN",
            "domain_name": "the bucket's regional domain name",
        ])

    static let firehoseDeliveryStream = ResourceTypeSchema(
        declared: .deliveryStream,
        summary:
            "A Kinesis Data Firehose delivery stream into S3, with the IAM role it needs (created unless `role_arn` is given).",
        properties: [
            SchemaProperty(
                "name",
                .string(
                    StringRule(
                        minimumLength: 1, maximumLength: 64, pattern: "^[a-zA-Z0-9_.-]+$",
                        patternDescription: "letters, digits, _ . and -")),
                default: "the resource id", "The delivery stream's name."),
            SchemaProperty(
                "source",
                .object([
                    SchemaProperty(
                        "kinesis_stream", .string(arnRule), required: true,
                        "ARN of the Kinesis stream to read, usually `${STREAM.arn}`. Changing it replaces the delivery stream."
                    )
                ]), default: "direct put (producers call Firehose)",
                "Where records come from."),
            SchemaProperty(
                "role_arn", .string(arnRule), default: "a role streamstack creates and keeps",
                "An existing IAM role for Firehose to assume. Without it streamstack keeps a least-privilege role (`ID.role`) for exactly the stream, bucket, log group, Glue table and KMS keys used: `kms:Decrypt` through Kinesis for a source stream with a customer managed key, `kms:GenerateDataKey`/`kms:Decrypt` through S3 for the bucket's SSE-KMS key and for `s3.encryption` (context: the bucket ARN and `bucket/*`); keys by alias are matched with `kms:ResourceAliases`; AWS managed keys need none. Policies added to that role by hand are drift: plan shows them, apply removes them."
            ),
            SchemaProperty("s3", .object(s3Destination), required: true, "The S3 destination."),
            tags,
        ],
        attributes: [
            "name": "the delivery stream's name", "arn": "the delivery stream's ARN",
            "role_arn": "the ARN of the role Firehose assumes",
        ])

    static let arnRule = StringRule(
        minimumLength: 1, maximumLength: 2048, pattern: "^arn:[^:]+:[^:]+:.*$",
        patternDescription: "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)")

    static let s3Destination: [SchemaProperty] = [
        SchemaProperty(
            "bucket", .string(arnRule), required: true,
            "ARN of the bucket, usually `${BUCKET.arn}`."),
        SchemaProperty(
            "prefix", .string(StringRule(maximumLength: 1024)), default: "none (YYYY/MM/dd/HH/)",
            "Key prefix of delivered objects; may use `!{timestamp:...}`, `!{firehose:random-string}` and `!{partitionKeyFromQuery:KEY}` (other expressions are refused). With format conversion, `name=!{...}` segments become the Glue table's partition keys."
        ),
        SchemaProperty(
            "error_output_prefix", .string(StringRule(maximumLength: 1024)), default: "none",
            "Key prefix of records that failed; with any `!{...}` expression it must contain `!{firehose:error-output-type}`."
        ),
        SchemaProperty(
            "buffering",
            .object([
                SchemaProperty(
                    "size_mb", .integer(minimum: 1, maximum: 128), required: true,
                    "Deliver once this many MiB are buffered."),
                SchemaProperty(
                    "interval_seconds", .integer(minimum: 0, maximum: 900), required: true,
                    "Deliver after this many seconds at the latest."),
            ]), default: "5 MiB / 300 s",
            "Buffering hints: both together, or neither."),
        SchemaProperty(
            "compression", .enumeration(["none", "gzip", "snappy", "zip", "hadoop-snappy"]),
            default: "none", "Compression of delivered objects."),
        SchemaProperty(
            "file_extension",
            .string(
                StringRule(
                    minimumLength: 1, maximumLength: 128, pattern: #"^\.[0-9a-z!\-_.*'()]+$"#,
                    patternDescription: "a dot, then lower-case letters, digits and ! - _ . * ' ( )"
                )), default: "none", "Extension of delivered objects, such as `.json`."),
        SchemaProperty(
            "custom_time_zone", .string(StringRule(minimumLength: 1, maximumLength: 50)),
            default: "UTC",
            "Time zone of the `!{timestamp:...}` prefix expressions: an IANA name such as America/Sao_Paulo."
        ),
        SchemaProperty(
            "encryption",
            .object([
                SchemaProperty(
                    "kms_key_arn", .string(arnRule), required: true,
                    "KMS key Firehose encrypts delivered objects with.")
            ]), default: "none (the bucket's default encryption applies)",
            "Encryption of delivered objects by Firehose."),
        SchemaProperty(
            "logging",
            .object([
                SchemaProperty("enabled", .boolean, default: "true", "Log delivery errors."),
                SchemaProperty(
                    "log_group", .string(StringRule(minimumLength: 1, maximumLength: 512)),
                    default: "/aws/kinesisfirehose/NAME", "CloudWatch Logs group (created)."),
                SchemaProperty(
                    "log_stream", .string(StringRule(minimumLength: 1, maximumLength: 512)),
                    default: "DestinationDelivery", "CloudWatch Logs stream (created)."),
            ]), default: "off",
            "CloudWatch logging of delivery errors. The log group is a resource of the plan (`ID.log_group`), tagged with the stack: an existing untagged group is a conflict (`--adopt ID.log_group`), a deleted one is created again, a renamed one's predecessor is deleted."
        ),
        SchemaProperty(
            "format_conversion",
            .object([
                SchemaProperty(
                    "output_format", .enumeration(["parquet", "orc"]), required: true,
                    "Columnar format written to S3."),
                SchemaProperty(
                    "input_format", .enumeration(["openx-json", "hive-json"]),
                    default: "openx-json", "JSON deserializer for incoming records."),
                SchemaProperty(
                    "schema",
                    .object([
                        SchemaProperty(
                            "database", .string(glueNameRule), required: true,
                            "Glue database (created)."),
                        SchemaProperty(
                            "table", .string(glueNameRule), required: true,
                            "Glue table (created) holding the schema."),
                        SchemaProperty(
                            "columns",
                            .list(
                                .object([
                                    SchemaProperty(
                                        "name",
                                        .string(
                                            StringRule(
                                                minimumLength: 1, maximumLength: 255,
                                                pattern: "^[^A-Z]+$",
                                                patternDescription:
                                                    "in lower case, as Glue keeps column names (write userid or user_id, not userId)"
                                            )),
                                        required: true,
                                        "Column name, in lower case as Glue stores it (so that the plan compares like with like)."
                                    ),
                                    SchemaProperty(
                                        "type",
                                        .string(
                                            StringRule(
                                                minimumLength: 1, maximumLength: 131_072,
                                                pattern:
                                                    #"^(string|int|bigint|smallint|tinyint|double|float|boolean|timestamp|date|binary|decimal(\(\d+,\s*\d+\))?|varchar\(\d+\)|char\(\d+\)|(array|map|struct)<.+>)$"#,
                                                patternDescription:
                                                    "a Hive type: string, int, bigint, double, boolean, timestamp, date, decimal(P,S), array<...>, map<...>, struct<...>"
                                            )), required: true, "Column type."),
                                ]), minimumCount: 1), required: true,
                            "The records' columns."),
                    ]), required: true,
                    "The schema of the records, kept in Glue: the database (`ID.glue_database`, tagged) and the table (`ID.glue_table`, owned through its parameters, as Glue tables take no tags) are resources of the plan. The table is written whole for Athena: location under the bucket and prefix, the format's SerDe, partition keys with partition projection. An existing table that is not the stack's is a conflict, never overwritten without `--adopt`; a database is deleted only when the stack owns it and it holds no other table. Column names are lower case and unique; types follow Hive's grammar."
                ),
            ]), default: "off",
            "Convert JSON records to Parquet or ORC. Needs `buffering` with at least 64 MiB and `compression: none`."
        ),
        SchemaProperty(
            "dynamic_partitioning",
            .object([
                SchemaProperty(
                    "partition_keys",
                    .map(
                        key: StringRule(
                            minimumLength: 1, maximumLength: 128, pattern: "^[A-Za-z0-9_]+$",
                            patternDescription: "letters, digits and _"),
                        value: .string(StringRule(minimumLength: 1, maximumLength: 1024))),
                    required: true,
                    "Partition keys and the JQ expression extracting each, such as `customer_id: .customer_id`; use them in `prefix` as `!{partitionKeyFromQuery:KEY}`."
                ),
                SchemaProperty(
                    "append_delimiter", .boolean, default: "true",
                    "Add a newline after each record in delivered objects."),
                SchemaProperty(
                    "retry_duration_seconds", .integer(minimum: 0, maximum: 7200),
                    default: "300", "How long Firehose retries a failed partition."),
            ]), default: "off",
            "Partition records into S3 prefixes by keys taken from the records. Can only be switched at creation (replaces). Needs `buffering` with at least 64 MiB and a non-zero interval, and `error_output_prefix`."
        ),
    ]

    static let glueNameRule = StringRule(
        minimumLength: 1, maximumLength: 255, pattern: "^[a-z0-9_]+$",
        patternDescription: "lower-case letters, digits and _")
}
