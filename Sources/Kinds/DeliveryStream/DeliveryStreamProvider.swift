import AWS
import Foundation
import Providers
import StackFile

/// `firehose.delivery_stream` into S3: source, buffering, prefixes, compression, encryption,
/// error logging, Parquet/ORC conversion, dynamic partitioning, tags. Updates send the whole
/// destination with a fresh version id. Its log group and Glue table are resources of their
/// own, created before it and left alone when it is replaced.
public struct DeliveryStreamProvider: ResourceProvider {
    public let firehose: FirehoseClient
    public let waiter: Waiter
    /// How long a create keeps retrying while a new role is not yet usable by Firehose.
    public var rolePropagationTimeout: Duration

    /// The tagging API's view, taken for the tags when it agrees with the file.
    let tagged: TaggedResources?

    public init(
        firehose: FirehoseClient, waiter: Waiter = Waiter(),
        rolePropagationTimeout: Duration = .seconds(120), tagged: TaggedResources? = nil
    ) {
        self.firehose = firehose
        self.waiter = waiter
        self.rolePropagationTimeout = rolePropagationTimeout
        self.tagged = tagged
    }

    /// What UpdateDestination cannot change, so that a change replaces the delivery stream.
    /// Everything else the file states is a member of ExtendedS3DestinationUpdate (botocore's
    /// firehose model) and is updated in place.
    /// - The source stream and the role that reads it: UpdateDestinationInput has no source
    ///   member (botocore's firehose model); Terraform's `kinesis_source_configuration` is
    ///   ForceNew.
    /// - Dynamic partitioning on or off: "You cannot enable dynamic partitioning for an existing
    ///   Firehose stream that does not have dynamic partitioning already enabled" (AWS CDK's
    ///   DynamicPartitioningProps, after the Firehose guide); Terraform's
    ///   `dynamic_partitioning_configuration.enabled` is ForceNew both ways. Its keys and retry
    ///   duration change in place.
    /// - The source backup switched off (see `changes(from:to:)`).
    public var replacingAttributes: Set<String> {
        [
            keyPath(DeliveryStreamFields.source, DeliveryStreamFields.kinesisStream),
            Self.sourceRoleKey, Self.dynamicPartitioningKey,
        ]
    }

    public func attributes(of delivery: DeliveryStreamSpec) -> Attributes {
        typealias Key = DeliveryStreamFields
        typealias S3 = Key.S3
        var attributes = Attributes(name: delivery.name)
        attributes.add(keyPath(Key.source, Key.kinesisStream), delivery.sourceStreamARN)
        attributes.add(Self.sourceRoleKey, delivery.sourceRoleARN)
        attributes.add(keyPath(Key.roleARN), delivery.roleARN)
        attributes.add(keyPath(Key.s3, S3.bucket), delivery.bucketARN)
        attributes.add(keyPath(Key.s3, S3.prefix), delivery.prefix)
        attributes.add(keyPath(Key.s3, S3.errorOutputPrefix), delivery.errorOutputPrefix)
        attributes.add(keyPath(Key.s3, S3.buffering, S3.sizeMB), delivery.buffering.sizeMB)
        attributes.add(
            keyPath(Key.s3, S3.buffering, S3.intervalSeconds), delivery.buffering.intervalSeconds)
        attributes.add(keyPath(Key.s3, S3.compression), delivery.compression)
        attributes.add(keyPath(Key.s3, S3.fileExtension), delivery.fileExtension)
        attributes.add(keyPath(Key.s3, S3.customTimeZone), delivery.customTimeZone)
        attributes.add(keyPath(Key.s3, S3.encryption, S3.kmsKeyARN), delivery.kmsKeyARN)
        if let logging = delivery.logging, logging.enabled {
            typealias Logging = Key.Logging
            attributes.add(keyPath(Key.s3, Logging.section, Logging.logGroup), logging.logGroup)
            attributes.add(keyPath(Key.s3, Logging.section, Logging.logStream), logging.logStream)
        }
        if let conversion = delivery.formatConversion {
            typealias Conversion = Key.FormatConversion
            let section = Conversion.section
            attributes.add(
                keyPath(Key.s3, section, Conversion.outputFormat), conversion.outputFormat)
            attributes.add(keyPath(Key.s3, section, Conversion.inputFormat), conversion.inputFormat)
            attributes.add(
                keyPath(Key.s3, section, Conversion.schema, Conversion.database),
                conversion.database)
            attributes.add(
                keyPath(Key.s3, section, Conversion.schema, Conversion.table), conversion.table)
        }
        attributes.add(Self.dynamicPartitioningKey, delivery.dynamicPartitioning != nil)
        if let partitioning = delivery.dynamicPartitioning {
            typealias Partitioning = Key.DynamicPartitioning
            let section = Partitioning.section
            for (key, query) in partitioning.partitionKeys.sorted(by: { $0.key < $1.key }) {
                attributes.add(
                    keyPath(Key.s3, section, Partitioning.partitionKeys) + ".\(key)", query)
            }
            attributes.add(
                keyPath(Key.s3, section, Partitioning.appendDelimiter),
                partitioning.appendDelimiter)
            attributes.add(
                keyPath(Key.s3, section, Partitioning.retryDurationSeconds),
                partitioning.retryDurationSeconds)
        }
        if let transformation = delivery.transformation {
            typealias Transformation = Key.Transformation
            let section = Transformation.section
            attributes.add(
                keyPath(Key.s3, section, Transformation.lambdaARN), transformation.lambdaARN)
            attributes.add(
                keyPath(Key.s3, section, Transformation.bufferSizeMB),
                DecimalText.written(transformation.bufferSizeMB))
            attributes.add(
                keyPath(Key.s3, section, Transformation.bufferIntervalSeconds),
                transformation.bufferIntervalSeconds)
            attributes.add(keyPath(Key.s3, section, Transformation.retries), transformation.retries)
        }
        attributes.add(Self.backupKey, delivery.backup != nil)
        if let backup = delivery.backup {
            typealias Backup = Key.Backup
            let section = Backup.section
            attributes.add(keyPath(Key.s3, section, Backup.bucket), backup.bucketARN)
            attributes.add(keyPath(Key.s3, section, Backup.prefix), backup.prefix)
            attributes.add(
                keyPath(Key.s3, section, Backup.errorOutputPrefix), backup.errorOutputPrefix)
            attributes.add(
                keyPath(Key.s3, section, S3.buffering, S3.sizeMB), backup.buffering.sizeMB)
            attributes.add(
                keyPath(Key.s3, section, S3.buffering, S3.intervalSeconds),
                backup.buffering.intervalSeconds)
            attributes.add(keyPath(Key.s3, section, Backup.compression), backup.compression)
        }
        attributes.addTags(delivery.tags)
        attributes.addUnmodelled(delivery.unmodelled)
        return attributes
    }

    /// AWS switches a backup on in place but never off: turning it off replaces (botocore's
    /// firehose model, ExtendedS3DestinationUpdate.S3BackupMode: "If backup is enabled, you
    /// can't update the Firehose stream to disable it").
    public func changes(from current: DeliveryStreamSpec, to desired: DeliveryStreamSpec)
        -> [AttributeChange]
    {
        attributeChanges(from: current, to: desired).map { change in
            var change = change
            if change.key == Self.backupKey {
                change.forcesReplacement = current.backup != nil && desired.backup == nil
            }
            return change
        }
    }

    /// Not a key of the file: the role Firehose reads the source with, fixed at creation.
    static let sourceRoleKey = "source.role_arn"
    static let dynamicPartitioningKey = keyPath(
        DeliveryStreamFields.s3, DeliveryStreamFields.DynamicPartitioning.section)
    static let backupKey = keyPath(DeliveryStreamFields.s3, DeliveryStreamFields.Backup.section)

    // MARK: Reading

    /// The tags come from the tagging API's one call when they are the file's;
    /// ListTagsForDeliveryStream (five a second per account) is asked only where they are not.
    public func read(_ desired: DeliveryStreamSpec) async throws -> LiveResource? {
        guard let tagged else {
            return try await read(name: desired.name, managesRole: desired.managesRole)
        }
        guard
            let read = try await tagged.describe(
                desired.name, expecting: desired.tags, named: name(taggedAs:),
                describe: { try await describe(desired.name) },
                ownTags: { try await tags(desired.name) })
        else { return nil }
        return live(read.description, tags: read.tags, managesRole: desired.managesRole)
    }

    public func read(owned name: String) async throws -> LiveResource? {
        try await read(name: name)
    }

    public var taggingAPIType: String? { "firehose:deliverystream" }

    public func name(taggedAs arn: ARN) -> String? {
        guard arn.service == "firehose", arn.resource.hasPrefix("deliverystream/") else {
            return nil
        }
        return String(arn.resource.dropFirst("deliverystream/".count))
    }

    public func read(name: String, managesRole: Bool = true) async throws -> LiveResource? {
        // Both calls need only the name: one round trip instead of two.
        async let tagsRead = tags(name)
        guard let description = try await describe(name) else {
            _ = try? await tagsRead
            return nil
        }
        // nil: deleted between the calls.
        guard let tagValues = try await tagsRead else { return nil }
        return live(description, tags: tagValues, managesRole: managesRole)
    }

    /// The live resource from its description and tags.
    func live(
        _ description: DeliveryStreamDescription, tags tagValues: [String: String],
        managesRole: Bool
    )
        -> LiveResource
    {
        let destination = description.destinations.first
        let s3 = destination?.extendedS3DestinationDescription ?? ExtendedS3Destination()
        // The table's columns are the Glue table's business (a resource of its own).
        let columns: [DeliveryStreamSpec.Column] = []
        var spec = Self.spec(
            from: description, destination: s3, columns: columns, managesRole: managesRole,
            tags: tagValues)
        spec.unmodelled = FirehoseUnmodelledSettings.find(
            members: destination?.extendedS3Members ?? [:], destination: s3,
            region: firehose.client.region)
        return LiveResource(
            spec: spec.resourceSpec, owner: tagValues[Ownership.tagKey],
            arn: ARN(description.deliveryStreamARN),
            status: description.status)
    }

    /// Firehose's description in the stack's terms, AWS's defaults filled in where a service
    /// (such as moto) leaves them out.
    static func spec(
        from description: DeliveryStreamDescription, destination s3: ExtendedS3Destination,
        columns: [DeliveryStreamSpec.Column], managesRole: Bool, tags: [String: String]
    ) -> DeliveryStreamSpec {
        let conversion = s3.dataFormatConversionConfiguration
        let partitioning = s3.dynamicPartitioningConfiguration
        let processors = FirehoseProcessors.running(s3.processingConfiguration)
        let query = FirehoseProcessors.parameters(
            processors.first { $0.type == FirehoseProcessors.metadataExtraction }
        )["MetadataExtractionQuery"]
        let logging = s3.cloudWatchLoggingOptions
        return DeliveryStreamSpec(
            name: description.deliveryStreamName,
            sourceStreamARN: description.source?.kinesisStreamSourceDescription?.kinesisStreamARN,
            sourceRoleARN: description.source?.kinesisStreamSourceDescription?.roleARN,
            roleARN: s3.roleARN ?? "", managesRole: managesRole, bucketARN: s3.bucketARN ?? "",
            prefix: s3.prefix.flatMap { $0.isEmpty ? nil : $0 },
            errorOutputPrefix: s3.errorOutputPrefix.flatMap { $0.isEmpty ? nil : $0 },
            buffering: .orDefault(
                sizeMB: s3.bufferingHints?.sizeInMBs,
                intervalSeconds: s3.bufferingHints?.intervalInSeconds),
            compression: Compression(awsName: s3.compressionFormat),
            fileExtension: s3.fileExtension.flatMap { $0.isEmpty ? nil : $0 },
            customTimeZone: s3.customTimeZone.flatMap { $0.isEmpty ? nil : $0 }
                ?? DeliveryStreamFields.S3.customTimeZone.defaultValue,
            kmsKeyARN: s3.encryptionConfiguration?.kmsEncryptionConfig?.awsKMSKeyARN,
            logging: logging?.enabled == true
                ? DeliveryStreamSpec.Logging(
                    enabled: true, logGroup: logging?.logGroupName ?? "",
                    logStream: logging?.logStreamName ?? "")
                : nil,
            formatConversion: conversion?.enabled == true
                ? DeliveryStreamSpec.FormatConversion(
                    outputFormat: conversion?.outputFormatConfiguration?.serializer?.orcSerDe != nil
                        ? .orc : .parquet,
                    inputFormat: conversion?.inputFormatConfiguration?.deserializer?.hiveJsonSerDe
                        != nil
                        ? .hiveJSON : .openxJSON,
                    database: conversion?.schemaConfiguration?.databaseName ?? "",
                    table: conversion?.schemaConfiguration?.tableName ?? "", columns: columns)
                : nil,
            dynamicPartitioning: partitioning?.enabled == true
                ? DeliveryStreamSpec.DynamicPartitioning(
                    partitionKeys: query.map(parseMetadataQuery) ?? [:],
                    appendDelimiter: processors.contains {
                        $0.type == FirehoseProcessors.appendDelimiter
                    },
                    retryDurationSeconds: partitioning?.retryOptions?.durationInSeconds
                        ?? DeliveryStreamFields.DynamicPartitioning.retryDurationSeconds
                        .defaultValue)
                : nil,
            transformation: FirehoseProcessors.transformation(processors),
            backup: s3.s3BackupMode == "Enabled" ? s3.s3BackupDescription.map(backup) : nil,
            tags: tags)
    }

    /// A backup destination in the file's terms.
    static func backup(_ destination: S3Destination) -> DeliveryStreamSpec.Backup {
        DeliveryStreamSpec.Backup(
            bucketARN: destination.bucketARN ?? "",
            prefix: destination.prefix.flatMap { $0.isEmpty ? nil : $0 },
            errorOutputPrefix: destination.errorOutputPrefix.flatMap { $0.isEmpty ? nil : $0 },
            buffering: .orDefault(
                sizeMB: destination.bufferingHints?.sizeInMBs,
                intervalSeconds: destination.bufferingHints?.intervalInSeconds),
            compression: Compression(awsName: destination.compressionFormat))
    }

    /// `{a:.x,b:.y | tostring}` back into its keys and expressions (commas inside brackets,
    /// parentheses or strings belong to the expression).
    public static func parseMetadataQuery(_ query: String) -> [String: String] {
        var body = Substring(query.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("{") { body = body.dropFirst() }
        if body.hasSuffix("}") { body = body.dropLast() }
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        for character in body {
            switch character {
            case "\"": inString.toggle()
            case "(", "[", "{": if !inString { depth += 1 }
            case ")", "]", "}": if !inString { depth -= 1 }
            case "," where depth == 0 && !inString:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { parts.append(current) }
        var keys: [String: String] = [:]
        for part in parts {
            guard let colon = part.firstIndex(of: ":") else { continue }
            keys[part[..<colon].trimmingCharacters(in: .whitespaces)] =
                part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return keys
    }

    // MARK: Changing

    /// The whole destination as Firehose wants it, for create and for update.
    static func destination(_ spec: DeliveryStreamSpec, region: String, forUpdate: Bool)
        -> ExtendedS3Destination
    {
        var destination = ExtendedS3Destination()
        destination.roleARN = spec.roleARN
        destination.bucketARN = spec.bucketARN
        destination.prefix = spec.prefix ?? (forUpdate ? "" : nil)
        destination.errorOutputPrefix = spec.errorOutputPrefix ?? (forUpdate ? "" : nil)
        destination.bufferingHints = BufferingHints(
            sizeInMBs: spec.buffering.sizeMB, intervalInSeconds: spec.buffering.intervalSeconds)
        destination.compressionFormat = spec.compression.awsName
        destination.encryptionConfiguration =
            spec.kmsKeyARN.map {
                EncryptionConfiguration(kmsEncryptionConfig: .init(awsKMSKeyARN: $0))
            }
            ?? EncryptionConfiguration(noEncryptionConfig: "NoEncryption")
        if let logging = spec.logging, logging.enabled {
            destination.cloudWatchLoggingOptions = CloudWatchLoggingOptions(
                enabled: true, logGroupName: logging.logGroup, logStreamName: logging.logStream)
        } else {
            destination.cloudWatchLoggingOptions = CloudWatchLoggingOptions(
                enabled: false, logGroupName: nil, logStreamName: nil)
        }
        if let conversion = spec.formatConversion {
            destination.dataFormatConversionConfiguration = formatConversion(
                conversion, roleARN: spec.roleARN, region: region)
        } else if forUpdate {
            // An update leaves out what is off, so it is said to be off.
            destination.dataFormatConversionConfiguration = DataFormatConversionConfiguration(
                schemaConfiguration: nil, inputFormatConfiguration: nil,
                outputFormatConfiguration: nil, enabled: false)
        }
        if let partitioning = spec.dynamicPartitioning {
            destination.dynamicPartitioningConfiguration = DynamicPartitioningConfiguration(
                retryOptions: .init(durationInSeconds: partitioning.retryDurationSeconds),
                enabled: true)
        }
        destination.processingConfiguration =
            FirehoseProcessors.configuration(
                transformation: spec.transformation, partitioning: spec.dynamicPartitioning)
            // An update keeps what it is not given, so no processors is said outright.
            ?? (forUpdate ? ProcessingConfiguration(enabled: false, processors: []) : nil)
        if let backup = spec.backup {
            destination.s3BackupMode = "Enabled"
            let target = backupDestination(backup, roleARN: spec.roleARN, forUpdate: forUpdate)
            if forUpdate {
                destination.s3BackupUpdate = target
            } else {
                destination.s3BackupConfiguration = target
            }
        }
        destination.fileExtension = spec.fileExtension ?? (forUpdate ? "" : nil)
        destination.customTimeZone = spec.customTimeZone
        return destination
    }

    /// Record format conversion, with the schema read from the Glue table.
    static func formatConversion(
        _ conversion: DeliveryStreamSpec.FormatConversion, roleARN: String, region: String
    ) -> DataFormatConversionConfiguration {
        let deserializer: DataFormatConversionConfiguration.InputFormatConfiguration.Deserializer =
            switch conversion.inputFormat {
            case .hiveJSON: .init(hiveJsonSerDe: EmptyObject())
            case .openxJSON: .init(openXJsonSerDe: EmptyObject())
            }
        let serializer: DataFormatConversionConfiguration.OutputFormatConfiguration.Serializer =
            switch conversion.outputFormat {
            case .orc: .init(orcSerDe: EmptyObject())
            case .parquet: .init(parquetSerDe: EmptyObject())
            }
        return DataFormatConversionConfiguration(
            schemaConfiguration: .init(
                roleARN: roleARN, catalogId: nil, databaseName: conversion.database,
                tableName: conversion.table, region: region, versionId: "LATEST"),
            inputFormatConfiguration: .init(deserializer: deserializer),
            outputFormatConfiguration: .init(serializer: serializer),
            enabled: true)
    }

    /// The backup's destination, whole: its encryption and logging off, the stream's role.
    static func backupDestination(
        _ backup: DeliveryStreamSpec.Backup, roleARN: String, forUpdate: Bool
    ) -> S3Destination {
        S3Destination(
            roleARN: roleARN, bucketARN: backup.bucketARN,
            prefix: backup.prefix ?? (forUpdate ? "" : nil),
            errorOutputPrefix: backup.errorOutputPrefix ?? (forUpdate ? "" : nil),
            bufferingHints: BufferingHints(
                sizeInMBs: backup.buffering.sizeMB,
                intervalInSeconds: backup.buffering.intervalSeconds),
            compressionFormat: backup.compression.awsName,
            encryptionConfiguration: EncryptionConfiguration(noEncryptionConfig: "NoEncryption"),
            cloudWatchLoggingOptions: CloudWatchLoggingOptions(
                enabled: false, logGroupName: nil, logStreamName: nil))
    }

    public func create(_ delivery: DeliveryStreamSpec, progress: ProgressReporter) async throws {
        // A delivery stream of this name still being deleted keeps the name until it is gone.
        if try await describe(delivery.name)?.status == .deleting {
            try await waitUntilGone(delivery.name, progress: progress)
        }
        let source = delivery.sourceStreamARN.map {
            KinesisStreamSource(
                kinesisStreamARN: $0, roleARN: delivery.sourceRoleARN ?? delivery.roleARN)
        }
        let destination = Self.destination(
            delivery, region: firehose.client.region, forUpdate: false)
        let afterLostAnswer = try await ridingRolePropagation(progress: progress) {
            try await firehose.createDeliveryStream(
                name: delivery.name, source: source, destination: destination,
                tags: delivery.tags)
        }
        if afterLostAnswer { throw LostAnswerClaim.unproven("delivery stream", delivery.name) }
        _ = try await waitUntilActive(delivery.name, progress: progress)
    }

    /// Runs `call` again while Firehose cannot use a role that IAM has not yet propagated, for
    /// up to `rolePropagationTimeout`.
    @discardableResult
    private func ridingRolePropagation<Result: Sendable>(
        progress: ProgressReporter, _ call: () async throws -> Result
    ) async throws -> Result {
        try await waiter.retry(
            "the IAM role to reach Firehose", for: rolePropagationTimeout, progress: progress,
            while: Self.isRolePropagationError, call)
    }

    /// The messages with which Firehose refuses a role IAM has not propagated yet (the ones
    /// Terraform's provider retries on create and update). A denial that names the caller
    /// ("User: ... is not authorized to perform: iam:PassRole") is the caller's own missing
    /// permission, which waiting cannot mend.
    static func isRolePropagationError(_ error: AWSError) -> Bool {
        guard
            ["InvalidArgumentException", "AccessDeniedException", "InvalidKMSResourceException"]
                .contains(error.code)
        else { return false }
        let message = error.message.lowercased()
        if message.hasPrefix("user: ") || message.contains("iam:passrole") { return false }
        return message.contains("unable to assume") || message.contains("is not authorized to")
            || message.contains("access was denied") || message.contains("assume role")
    }

    public func update(
        _ desired: DeliveryStreamSpec, from current: DeliveryStreamSpec, live: LiveResource,
        progress: ProgressReporter
    ) async throws {
        // Only what the plan compared decides: UpdateDestination rewrites the whole destination.
        let destinationChanges = changes(from: current, to: desired).filter {
            !$0.key.hasPrefix(Attributes.tagPrefix)
        }
        if !destinationChanges.isEmpty {
            var attempt = 0
            try await ridingRolePropagation(progress: progress) {
                while true {
                    // A fresh version id from an ACTIVE stream, or the update is refused.
                    let fresh = try await waitUntilActive(desired.name, progress: progress)
                    guard let destinationID = fresh.destinations.first?.destinationId else {
                        throw ProviderFailure.conflict(
                            "delivery stream \(desired.name) has no destination to update")
                    }
                    var destination = Self.destination(
                        desired, region: firehose.client.region, forUpdate: true)
                    do {
                        do {
                            try await firehose.updateDestination(
                                name: desired.name, versionID: fresh.versionId,
                                destinationID: destinationID, destination: destination)
                        } catch let error as AWSError
                            where Self.refusesTimeZoneAndExtension(
                                error, region: firehose.client.region)
                        {
                            try Self.stripTimeZoneAndExtension(
                                from: &destination, of: desired, refusal: error)
                            try await firehose.updateDestination(
                                name: desired.name, versionID: fresh.versionId,
                                destinationID: destinationID, destination: destination)
                        }
                        return
                    } catch let error as AWSError
                        where
                        error.isInUse && attempt < 5
                    {
                        attempt += 1
                    }
                }
            }
        }
        try await TagChanges.apply(
            from: current.tags, to: desired.tags,
            tag: { try await firehose.tag(name: desired.name, tags: $0) },
            untag: { try await firehose.untag(name: desired.name, keys: $0) })
    }

    /// Outside the `aws` partition Firehose may not know an update's CustomTimeZone and
    /// FileExtension: it refuses them with a ValidationException naming
    /// ExtendedS3DestinationUpdate, or an InvalidArgumentException about the "S3 File
    /// Extension" (the refusals Terraform's provider strips both members after, in
    /// firehose/delivery_stream.go's update).
    static func refusesTimeZoneAndExtension(_ error: AWSError, region: String) -> Bool {
        guard Partition.of(region: region) != .aws else { return false }
        return
            (error.code == "ValidationException"
            && error.message.contains("ExtendedS3DestinationUpdate"))
            || (error.code == "InvalidArgumentException"
                && error.message.contains("S3 File Extension"))
    }

    /// Leaves both members out of the update when the file asks for Firehose's defaults,
    /// which is what the partition holds anyway; a zone or an extension the file names cannot
    /// be had there, and the refusal says which key to remove.
    static func stripTimeZoneAndExtension(
        from destination: inout ExtendedS3Destination, of desired: DeliveryStreamSpec,
        refusal: AWSError
    ) throws {
        typealias S3 = DeliveryStreamFields.S3
        var named: [String] = []
        if desired.customTimeZone != S3.customTimeZone.defaultValue {
            named.append(keyPath(DeliveryStreamFields.s3, S3.customTimeZone))
        }
        if desired.fileExtension != nil {
            named.append(keyPath(DeliveryStreamFields.s3, S3.fileExtension))
        }
        guard named.isEmpty else {
            throw ProviderFailure.refused(
                what:
                    "delivery stream \(desired.name): Firehose in this partition does not take \(named.joined(separator: " or ")); remove it from the stack file",
                code: refusal.code, message: refusal.message)
        }
        destination.customTimeZone = nil
        destination.fileExtension = nil
    }

    public func delete(
        _ current: DeliveryStreamSpec, live: LiveResource, progress: ProgressReporter
    ) async throws {
        let name = current.name
        while true {
            // AWS cannot delete a delivery stream while it is CREATING.
            guard let current = try await describe(name) else { break }
            if current.status == .deleting { break }
            if current.status == .creating {
                _ = try await waiter.wait(
                    for: "delivery stream \(name) to finish creating", progress: progress
                ) {
                    try await describe(name).map {
                        $0.status == .creating ? nil : true
                    }
                        ?? true
                }
                continue
            }
            do {
                try await firehose.deleteDeliveryStream(name: name)
                break
            } catch let error as AWSError where error.isNotFound {
                break
            } catch let error as AWSError where error.isInUse {
                try await Task.sleep(for: waiter.interval)
            }
        }
        try await waitUntilGone(name, progress: progress)
    }

    /// The delivery stream's tags; nil when there is no such delivery stream.
    func tags(_ name: String) async throws -> [String: String]? {
        try await nilIfNotFound { try await firehose.listTags(name: name) }
    }

    /// Firehose's description alone (what waiters poll); nil when there is none.
    func describe(_ name: String) async throws -> DeliveryStreamDescription? {
        try await nilIfNotFound { try await firehose.describeDeliveryStream(name: name) }
    }

    /// Waits until the delivery stream is gone; DELETING_FAILED stops with AWS's reason.
    func waitUntilGone(_ name: String, progress: ProgressReporter) async throws {
        _ = try await waiter.wait(for: "delivery stream \(name) to be deleted", progress: progress)
        {
            guard let current = try await describe(name) else { return true }
            if current.deliveryStreamStatus == "DELETING_FAILED" {
                throw ProviderFailure.conflict(
                    "delivery stream \(name) is DELETING_FAILED: \(Self.failure(current)); fix the cause and run again"
                )
            }
            return nil
        }
    }

    static func failure(_ description: DeliveryStreamDescription) -> String {
        description.failureDescription.map { "\($0.type): \($0.details)" }
            ?? "AWS gave no reason"
    }

    func waitUntilActive(_ name: String, progress: ProgressReporter) async throws
        -> DeliveryStreamDescription
    {
        try await waiter.wait(for: "delivery stream \(name) to become ACTIVE", progress: progress) {
            guard let current = try await describe(name) else {
                throw ProviderFailure.conflict(
                    "delivery stream \(name) disappeared while streamstack was waiting for it")
            }
            switch current.status {
            case .ready: return current
            case .creating, .updating: return nil
            case .other(let state) where !state.hasSuffix("FAILED"): return nil
            case .deleting, .creationFailed, .other:
                throw ProviderFailure.conflict(
                    "delivery stream \(name) is \(current.deliveryStreamStatus): \(Self.failure(current))"
                )
            }
        }
    }
}

extension DeliveryStreamDescription {
    var status: ResourceStatus {
        ResourceStatus(
            aws: deliveryStreamStatus,
            failure: failureDescription.map { "\($0.type): \($0.details)" })
    }
}
