import StackFile

/// A delivery stream as `import` writes it: only what differs from Firehose's defaults, the
/// stream and buckets it names as references to them when the file declares them too.
extension DeliveryStreamKind {
    package static func properties(
        of delivery: DeliveryStreamSpec, id: String, in file: StackFileWriter,
        among others: [StackFileWriter.Resource]
    ) -> [String] {
        file.properties(delivery, id: id, others: others)
    }
}

extension StackFileWriter {
    func properties(_ delivery: DeliveryStreamSpec, id: String, others: [Resource])
        -> [String]
    {
        typealias Key = DeliveryStreamFields
        var block = Block()
        block.value(Key.name, named(delivery.name), unless: delivery.name == id)
        if let source = delivery.sourceStreamARN {
            block.nested(Key.source) {
                $0.value(Key.kinesisStream, reference(to: source, in: others))
            }
        }
        if !delivery.managesRole {
            block.comment(
                "The role the delivery stream uses now, kept so that apply changes nothing. Without this line streamstack keeps a least-privilege role of its own; switching to it replaces the delivery stream (AWS cannot change the role that reads the source stream)."
            )
            block.value(Key.roleARN, named(delivery.roleARN))
        }
        block.nested(Key.s3) { s3(delivery, others: others, into: &$0) }
        block.tags(delivery.tags)
        return block.properties
    }

    /// The `s3:` block: only what differs from Firehose's defaults.
    private func s3(_ delivery: DeliveryStreamSpec, others: [Resource], into s3: inout Block) {
        typealias Key = DeliveryStreamFields
        s3.value(Key.S3.bucket, reference(to: delivery.bucketARN, in: others))
        if let prefix = delivery.prefix { s3.value(Key.S3.prefix, prefix) }
        if let prefix = delivery.errorOutputPrefix {
            s3.value(Key.S3.errorOutputPrefix, prefix)
        }
        buffering(delivery.buffering, into: &s3)
        s3.value(Key.S3.compression, delivery.compression)
        if let extensionText = delivery.fileExtension {
            s3.value(Key.S3.fileExtension, extensionText)
        }
        s3.value(Key.S3.customTimeZone, delivery.customTimeZone)
        if let key = delivery.kmsKeyARN {
            s3.nested(Key.S3.encryption) { $0.value(Key.S3.kmsKeyARN, named(key)) }
        }
        if let logging = delivery.logging, logging.enabled {
            s3.nested(Key.Logging.section) { inner in
                inner.literal(Key.Logging.enabled.name, true)
                inner.value(
                    Key.Logging.logGroup, named(logging.logGroup),
                    unless: logging.logGroup
                        == Key.Logging.defaultLogGroup(deliveryStream: delivery.name))
                inner.value(Key.Logging.logStream, logging.logStream)
            }
        }
        if let partitioning = delivery.dynamicPartitioning {
            typealias Partitioning = Key.DynamicPartitioning
            s3.nested(Partitioning.section) { inner in
                inner.nested(Partitioning.partitionKeys) { keys in
                    for (key, query) in partitioning.partitionKeys.sorted(by: {
                        $0.key < $1.key
                    }) {
                        keys.value(key, query)
                    }
                }
                inner.literal(Partitioning.appendDelimiter, partitioning.appendDelimiter)
                inner.literal(
                    Partitioning.retryDurationSeconds, partitioning.retryDurationSeconds)
            }
        }
        if let transformation = delivery.transformation {
            typealias Transformation = Key.Transformation
            s3.nested(Transformation.section) { inner in
                inner.value(Transformation.lambdaARN, named(transformation.lambdaARN))
                inner.literal(
                    Transformation.bufferSizeMB.name,
                    DecimalText.written(transformation.bufferSizeMB),
                    unless: transformation.bufferSizeMB == Transformation.bufferSizeMB.defaultValue)
                inner.literal(
                    Transformation.bufferIntervalSeconds, transformation.bufferIntervalSeconds)
                inner.literal(Transformation.retries, transformation.retries)
            }
        }
        if let backup = delivery.backup {
            typealias Backup = Key.Backup
            s3.nested(Backup.section) { inner in
                inner.value(Backup.bucket, reference(to: backup.bucketARN, in: others))
                if let prefix = backup.prefix { inner.value(Backup.prefix, prefix) }
                if let prefix = backup.errorOutputPrefix {
                    inner.value(Backup.errorOutputPrefix, prefix)
                }
                buffering(backup.buffering, into: &inner)
                inner.value(Backup.compression, backup.compression)
            }
        }
        if let conversion = delivery.formatConversion {
            typealias Conversion = Key.FormatConversion
            s3.nested(Conversion.section) { inner in
                inner.value(Conversion.outputFormat, conversion.outputFormat)
                inner.value(Conversion.inputFormat, conversion.inputFormat)
                inner.nested(Conversion.schema) { schema in
                    schema.value(Conversion.database, named(conversion.database))
                    schema.value(Conversion.table, conversion.table)
                    schema.list(
                        Conversion.columns.name,
                        conversion.columns.map {
                            "{ \(Conversion.columnName.name): \(Block.scalar($0.name)), \(Conversion.columnType.name): \(Block.scalar($0.type)) }"
                        })
                }
            }
        }
    }

    /// A `buffering:` block, unless it is Firehose's default.
    private func buffering(_ buffering: DeliveryStreamSpec.Buffering, into block: inout Block) {
        typealias Key = DeliveryStreamFields.S3
        guard buffering != DeliveryStreamSpec.Buffering.firehoseDefault else { return }
        block.nested(Key.buffering) { inner in
            inner.literal(Key.sizeMB.name, buffering.sizeMB)
            inner.literal(Key.intervalSeconds.name, buffering.intervalSeconds)
        }
    }
}
