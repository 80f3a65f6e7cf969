import StackFile

/// The keys of a `firehose.delivery_stream`'s properties.
public enum DeliveryStreamFields {
    public static let name = Field.string(
        "name",
        StringRule(
            minimumLength: 1, maximumLength: 64, pattern: "^[a-zA-Z0-9_.-]+$",
            patternDescription: "letters, digits, _ . and -"),
        default: "the resource id", "The delivery stream's name.")
    public static let kinesisStream = RequiredField(
        Field.string(
            "kinesis_stream", streamARNRule,
            "ARN of the Kinesis stream to read, usually `${STREAM.arn}`. Changing it replaces the delivery stream."
        ))
    public static let source = Section(
        "source", .object([kinesisStream.property]),
        default: "direct put (producers call Firehose)", "Where records come from.")
    public static let roleARN = Field.string(
        "role_arn", roleARNRule, default: "a role streamstack creates and keeps",
        "An existing IAM role for Firehose to assume. Without it streamstack keeps a least-privilege role (`ID.role`) for exactly the stream, bucket, log group, Glue table and KMS keys used: `kms:Decrypt` through Kinesis for a source stream with a customer managed key, `kms:GenerateDataKey`/`kms:Decrypt` through S3 for the bucket's SSE-KMS key and for `s3.encryption` (context: the bucket ARN and `bucket/*`); keys by alias are matched with `kms:ResourceAliases`; AWS managed keys need none. Policies added to that role by hand are drift: plan shows them, apply removes them."
    )
    public static let s3 = RequiredSection(
        Section(
            "s3", .object(S3.properties), "The S3 destination."))

    public static let schema = ResourceTypeSchema(
        type: .deliveryStream,
        summary:
            "A Kinesis Data Firehose delivery stream into S3, with the IAM role it needs (created unless `role_arn` is given).",
        properties: [
            name.property, source.property, roleARN.property, s3.property,
            StackSchema.tags.property,
        ],
        attributes: [
            "name": "the delivery stream's name", "arn": "the delivery stream's ARN",
            "role_arn": "the ARN of the role Firehose assumes",
        ])

    // The ARNs as Firehose's model takes them (botocore: RoleARN, BucketARN, AWSKMSKeyARN,
    // KinesisStreamARN: each of its service, at most 512 characters but buckets').
    public static let roleARNRule = StringRule(
        minimumLength: 1, maximumLength: 512,
        pattern: #"^arn:[^:]+:iam::[0-9]{12}:role/[a-zA-Z_0-9+=,.@\-/]+$"#,
        patternDescription: "a role's ARN (arn:aws:iam::ACCOUNT:role/NAME)")
    public static let bucketARNRule = StringRule(
        minimumLength: 1, maximumLength: 2048, pattern: #"^arn:[^:]+:s3:::[a-zA-Z0-9_.\-]{1,255}$"#,
        patternDescription: "a bucket's ARN (arn:aws:s3:::NAME)")
    public static let kmsKeyARNRule = StringRule(
        minimumLength: 1, maximumLength: 512,
        pattern: #"^arn:[^:]+:kms:[a-zA-Z0-9\-]+:[0-9]{12}:(key|alias)/[a-zA-Z_0-9+=,.@\-/]+$"#,
        patternDescription: "a KMS key's or alias's ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)")
    public static let streamARNRule = StringRule(
        minimumLength: 1, maximumLength: 512,
        pattern: #"^arn:[^:]+:kinesis:[a-zA-Z0-9\-]+:[0-9]{12}:stream/[a-zA-Z0-9_.\-]+$"#,
        patternDescription: "a Kinesis stream's ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)")
    /// Firehose's prefixes match `.*`: one line.
    public static let prefixRule = StringRule(
        maximumLength: 1024, pattern: #"^[^\n\r]*$"#, patternDescription: "one line")

    public static let glueNameRule = StringRule(
        minimumLength: 1, maximumLength: 255, pattern: "^[a-z0-9_]+$",
        patternDescription: "lower-case letters, digits and _")

    /// The keys of `s3`.
    public enum S3 {
        public static let bucket = RequiredField(
            Field.string(
                "bucket", bucketARNRule, "ARN of the bucket, usually `${BUCKET.arn}`."))
        public static let prefix = Field.string(
            "prefix", prefixRule, default: "none (YYYY/MM/dd/HH/)",
            "Key prefix of delivered objects; may use `!{timestamp:...}`, `!{firehose:random-string}` and `!{partitionKeyFromQuery:KEY}` (other expressions are refused). With format conversion, `name=!{...}` segments become the Glue table's partition keys."
        )
        public static let errorOutputPrefix = Field.string(
            "error_output_prefix", prefixRule, default: "none",
            "Key prefix of records that failed; with any `!{...}` expression it must contain `!{firehose:error-output-type}`."
        )
        public static let sizeMB = RequiredField(
            Field.integer(
                "size_mb", 1...128, "Deliver once this many MiB are buffered."))
        public static let intervalSeconds = RequiredField(
            Field.integer(
                "interval_seconds", 0...900,
                "Deliver after this many seconds at the latest."))
        public static let buffering = Section(
            "buffering", .object([sizeMB.property, intervalSeconds.property]),
            default:
                "\(DeliveryStreamSpec.Buffering.firehoseDefault.sizeMB) MiB / \(DeliveryStreamSpec.Buffering.firehoseDefault.intervalSeconds) s",
            "Buffering hints: both together, or neither.")
        public static let compression = Field<Compression>.choice(
            "compression", "Compression of delivered objects."
        ).defaulting(to: .none)
        public static let fileExtension = Field.string(
            "file_extension",
            StringRule(
                minimumLength: 1, maximumLength: 128, pattern: #"^\.[0-9a-z!\-_.*'()]+$"#,
                patternDescription: "a dot, then lower-case letters, digits and ! - _ . * ' ( )"),
            default: "none", "Extension of delivered objects, such as `.json`.")
        // Firehose's CustomTimeZone pattern (botocore's model): letters, / and _ only, so
        // Etc/GMT+3 or America/Port-au-Prince, which are IANA names, are refused.
        public static let customTimeZone = Field.string(
            "custom_time_zone",
            StringRule(
                minimumLength: 1, maximumLength: 50, pattern: "^[a-zA-Z/_]+$",
                patternDescription:
                    "a time zone name of letters, / and _ (Firehose takes no digits, + or -)"),
            "Time zone of the `!{timestamp:...}` prefix expressions: an IANA name such as America/Sao_Paulo."
        ).defaulting(to: "UTC")
        public static let kmsKeyARN = RequiredField(
            Field.string(
                "kms_key_arn", kmsKeyARNRule,
                "KMS key Firehose encrypts delivered objects with."))
        public static let encryption = Section(
            "encryption", .object([kmsKeyARN.property]),
            default: "none (the bucket's default encryption applies)",
            "Encryption of delivered objects by Firehose.")

        public static let properties = [
            bucket.property, prefix.property, errorOutputPrefix.property, buffering.property,
            compression.property, fileExtension.property, customTimeZone.property,
            encryption.property, Logging.section.property, FormatConversion.section.property,
            DynamicPartitioning.section.property, Transformation.section.property,
            Backup.section.property,
        ]
    }

    /// The keys of `s3.transformation`: a Lambda function Firehose runs on every batch.
    public enum Transformation {
        public static let lambdaARN = RequiredField(
            Field.string(
                "lambda_arn",
                StringRule(
                    minimumLength: 1, maximumLength: 512,
                    pattern:
                        #"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$"#,
                    patternDescription:
                        "a Lambda function's ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME, optionally :VERSION or :ALIAS)"
                ),
                "The function that transforms each batch of records. It receives `records` (each with `recordId` and base64 `data`) and must return every `recordId` with `result` (`Ok`, `Dropped` or `ProcessingFailed`) and, for `Ok`, the new base64 `data` (and `metadata.partitionKeys` for `!{partitionKeyFromLambda:KEY}`)."
            ))
        public static let bufferSizeMB = Field.number(
            "buffer_size_mb", 0.2...3,
            "MiB of records Firehose buffers before invoking the function."
        ).defaulting(to: 1)
        public static let bufferIntervalSeconds = Field.integer(
            "buffer_interval_seconds", 60...900,
            "Seconds Firehose buffers records at most before invoking the function."
        ).defaulting(to: 60)
        public static let retries = Field.integer(
            "retries", 0...300, "How often Firehose retries a failed invocation."
        ).defaulting(to: 3)
        public static let section = Section(
            "transformation",
            .object([
                lambdaARN.property, bufferSizeMB.property, bufferIntervalSeconds.property,
                retries.property,
            ]), default: "off",
            "Transform records with AWS Lambda before delivery (the console's \"Transform source records\"). The managed role may invoke exactly this function. Changed in place."
        )
    }

    /// The keys of `s3.backup`: the source records, as they arrived, written to a bucket too.
    public enum Backup {
        public static let bucket = RequiredField(
            Field.string(
                "bucket", bucketARNRule,
                "ARN of the bucket for the source records, usually `${BUCKET.arn}`."))
        public static let prefix = Field.string(
            "prefix", prefixRule, default: "none (YYYY/MM/dd/HH/)",
            "Key prefix of the backed-up records.")
        public static let errorOutputPrefix = Field.string(
            "error_output_prefix", prefixRule, default: "none",
            "Key prefix of backup records that failed.")
        public static let compression = Field<Compression>.choice(
            "compression", "Compression of the backup objects."
        ).defaulting(to: .none)
        public static let section = Section(
            "backup",
            .object([
                bucket.property, prefix.property, errorOutputPrefix.property,
                S3.buffering.property, compression.property,
            ]), default: "off",
            "Also write every source record, untransformed, to a bucket. AWS can switch backup on in place but never off: removing this block replaces the delivery stream."
        )
    }

    /// The keys of `s3.logging`.
    public enum Logging {
        public static let enabled = Field.boolean("enabled", "Log delivery errors.").defaulting(
            to: true)
        // CloudWatch Logs' LogGroupName and LogStreamName patterns (botocore's models).
        public static let logGroup = Field.string(
            "log_group",
            StringRule(
                minimumLength: 1, maximumLength: 512, pattern: #"^[.\-_/#A-Za-z0-9]+$"#,
                patternDescription: "letters, digits and . - _ / #"),
            default: defaultLogGroup(deliveryStream: "NAME"), "CloudWatch Logs group (created).")
        public static let logStream = Field.string(
            "log_stream",
            StringRule(
                minimumLength: 1, maximumLength: 512, pattern: "^[^:*]+$",
                patternDescription: "no : or *"),
            "CloudWatch Logs stream (created)."
        ).defaulting(to: "DestinationDelivery")
        /// The group an absent `log_group` names, as the console makes it.
        public static func defaultLogGroup(deliveryStream name: String) -> String {
            "/aws/kinesisfirehose/\(name)"
        }
        public static let section = Section(
            "logging", .object([enabled.property, logGroup.property, logStream.property]),
            default: "off",
            "CloudWatch logging of delivery errors. The log group is a resource of the plan (`ID.log_group`), tagged with the stack: an existing untagged group is a conflict (`--adopt ID.log_group`), a deleted one is created again, a renamed one's predecessor is deleted."
        )
    }

    /// The keys of `s3.format_conversion`.
    public enum FormatConversion {
        public static let outputFormat = RequiredField(
            Field<OutputFormat>.choice(
                "output_format", "Columnar format written to S3."))
        public static let inputFormat = Field<InputFormat>.choice(
            "input_format", "JSON deserializer for incoming records."
        ).defaulting(to: .openxJSON)
        public static let database = RequiredField(
            Field.string(
                "database", glueNameRule, "Glue database (created)."))
        public static let table = RequiredField(
            Field.string(
                "table", glueNameRule, "Glue table (created) holding the schema."))
        public static let columnName = RequiredField(
            Field.string(
                "name",
                StringRule(
                    // Glue's column names take no control character but tab.
                    minimumLength: 1, maximumLength: 255, pattern: #"^[^A-Z\x00-\x08\x0A-\x1F]+$"#,
                    patternDescription:
                        "in lower case, as Glue keeps column names (write userid or user_id, not userId)"
                ),
                "Column name, in lower case as Glue stores it (so that the plan compares like with like)."
            ))
        public static let columnType = RequiredField(
            Field.string(
                "type",
                StringRule(
                    minimumLength: 1, maximumLength: 131_072,
                    pattern:
                        #"^(string|int|bigint|smallint|tinyint|double|float|boolean|timestamp|date|binary|decimal(\(\d+,\s*\d+\))?|varchar\(\d+\)|char\(\d+\)|(array|map|struct)<.+>)$"#,
                    patternDescription:
                        "a Hive type: string, int, bigint, double, boolean, timestamp, date, decimal(P,S), array<...>, map<...>, struct<...>"
                ), "Column type."))
        public static let columns = RequiredSection(
            Section(
                "columns",
                .list(.object([columnName.property, columnType.property]), minimumCount: 1),
                "The records' columns."))
        public static let schema = RequiredSection(
            Section(
                "schema", .object([database.property, table.property, columns.property]),
                "The schema of the records, kept in Glue: the database (`ID.glue_database`, tagged) and the table (`ID.glue_table`, owned through its parameters, as Glue tables take no tags) are resources of the plan. The table is written whole for Athena: location under the bucket and prefix, the format's SerDe, partition keys with partition projection. An existing table that is not the stack's is a conflict, never overwritten without `--adopt`; a database is deleted only when the stack owns it and it holds no other table. Column names are lower case and unique; types follow Hive's grammar."
            ))
        public static let section = Section(
            "format_conversion",
            .object([outputFormat.property, inputFormat.property, schema.property]),
            default: "off",
            "Convert JSON records to Parquet or ORC. Needs `buffering` with at least 64 MiB and `compression: none`."
        )
    }

    /// The keys of `s3.dynamic_partitioning`.
    public enum DynamicPartitioning {
        public static let partitionKeys = RequiredSection(
            Section(
                "partition_keys",
                .map(
                    key: StringRule(
                        minimumLength: 1, maximumLength: 128, pattern: "^[A-Za-z0-9_]+$",
                        patternDescription: "letters, digits and _"),
                    // A processor parameter: not blank, one line (botocore's
                    // ProcessorParameterValue).
                    value: .string(
                        StringRule(
                            minimumLength: 1, maximumLength: 1024, pattern: #"^(?!\s*$)[^\n\r]+$"#,
                            patternDescription: "a JQ expression on one line"))),
                "Partition keys and the JQ expression extracting each, such as `customer_id: .customer_id`; use them in `prefix` as `!{partitionKeyFromQuery:KEY}`."
            ))
        public static let appendDelimiter = Field.boolean(
            "append_delimiter", "Add a newline after each record in delivered objects."
        ).defaulting(to: true)
        public static let retryDurationSeconds = Field.integer(
            "retry_duration_seconds", 0...7200, "How long Firehose retries a failed partition."
        ).defaulting(to: 300)
        public static let section = Section(
            "dynamic_partitioning",
            .object([
                partitionKeys.property, appendDelimiter.property, retryDurationSeconds.property,
            ]), default: "off",
            "Partition records into S3 prefixes by keys taken from the records. Can only be switched at creation (replaces). Needs `buffering` with at least 64 MiB and a non-zero interval, and `error_output_prefix`."
        )
    }
}
