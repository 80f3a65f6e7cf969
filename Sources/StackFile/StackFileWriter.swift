import Foundation

/// Writes resources read from AWS as a stack file a person would write: only the values that
/// differ from the defaults the resolver applies, `${ID.arn}` where one resource points at
/// another, and `${aws.account_id}` / `${aws.region}` where names contain them.
public struct StackFileWriter: Sendable {
    public struct Resource: Sendable {
        public var id: String
        public var spec: ResourceSpec
        public init(id: String, spec: ResourceSpec) {
            self.id = id
            self.spec = spec
        }
    }

    public var stack: String
    public var region: String
    public var accountID: String
    public var partition: String
    /// Lines put above `stack:`.
    public var header: [String]

    public init(
        stack: String, region: String, accountID: String, partition: String = "aws",
        header: [String] = []
    ) {
        self.stack = stack
        self.region = region
        self.accountID = accountID
        self.partition = partition
        self.header = header
    }

    /// A resource id made from an AWS name: letters, digits, `_` and `-`, starting with a letter.
    public static func id(fromName name: String, accountID: String, region: String) -> String {
        var text = name.replacingOccurrences(of: accountID, with: "")
            .replacingOccurrences(of: region, with: "")
        text = String(text.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "-" })
        while text.contains("--") { text = text.replacingOccurrences(of: "--", with: "-") }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "-_"))
        if text.first?.isLetter != true { text = "r-" + text }
        return String(text.prefix(64))
    }

    public func text(_ resources: [Resource]) -> String {
        var lines = header
        lines.append("stack: \(stack)")
        lines.append("region: \(region)")
        lines.append("")
        lines.append("resources:")
        for resource in resources {
            lines.append("  \(resource.id):")
            lines += Self.comments(resource.spec.unmodelled)
            switch resource.spec {
            case .kinesisStream(let stream):
                lines.append("    type: kinesis.stream")
                lines += properties(stream, id: resource.id)
            case .bucket(let bucket):
                lines.append("    type: s3.bucket")
                lines += properties(bucket, id: resource.id)
            case .deliveryStream(let delivery):
                lines.append("    type: firehose.delivery_stream")
                lines += properties(delivery, id: resource.id, others: resources)
            case .role, .logGroup, .glueDatabase, .glueTable:
                // Kept as a delivery stream's `role_arn`, or named by its properties: never
                // declared on their own.
                continue
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// What AWS holds that the file cannot state, as comments: plan shows the same.
    static func comments(_ settings: UnmodelledSettings) -> [String] {
        func lines(_ values: [String: String]) -> [String] {
            values.sorted { $0.key < $1.key }.map { key, value in
                let shown = value.count > 80 ? String(value.prefix(77)) + "..." : value
                return "    #   \(key) = \(shown)".replacingOccurrences(of: "\n", with: " ")
            }
        }
        var out: [String] = []
        if !settings.removedByApply.isEmpty {
            out.append("    # AWS holds settings this file cannot express; apply removes them:")
            out += lines(settings.removedByApply)
        }
        if !settings.keptByApply.isEmpty {
            out.append(
                out.isEmpty
                    ? "    # AWS holds settings this file cannot express; apply leaves them as they are:"
                    : "    # and these, which apply leaves as they are:")
            out += lines(settings.keptByApply)
        }
        return out
    }

    // MARK: Resources

    private func properties(_ stream: KinesisStreamSpec, id: String) -> [String] {
        typealias Key = KinesisStreamFields
        var block = Block()
        block.value(Key.name, named(stream.name), unless: stream.name == id)
        block.value(Key.mode, stream.mode)
        if let shards = stream.shards, stream.mode == .provisioned {
            block.literal(Key.shards.name, shards)
        }
        block.literal(Key.retentionHours, stream.retentionHours)
        if let key = stream.kmsKeyID {
            block.nested(Key.encryption) { $0.value(Key.kmsKeyID, named(key)) }
        }
        block.tags(stream.tags)
        return block.properties
    }

    private func properties(_ bucket: BucketSpec, id: String) -> [String] {
        typealias Key = BucketFields
        var block = Block()
        // Required of a bucket, even when the id repeats it.
        block.value(Key.name, named(bucket.name))
        block.value(Key.objectOwnership, bucket.objectOwnership)
        block.value(Key.acl, bucket.acl)
        let access = bucket.publicAccessBlock
        let switches = [
            access.blockPublicAcls, access.ignorePublicAcls, access.blockPublicPolicy,
            access.restrictPublicBuckets,
        ]
        block.nested(Key.publicAccessBlock) { inner in
            for (field, on) in zip(Key.publicAccessSwitches, switches) { inner.literal(field, on) }
        }
        block.value(Key.versioning, bucket.versioning)
        // A Bucket Key means something to SSE-KMS only (the console sets one on SSE-S3 too).
        if bucket.encryption.type != Key.defaultEncryption.type {
            block.nested(Key.encryption) { inner in
                inner.value(Key.encryptionType, bucket.encryption.type)
                if let key = bucket.encryption.kmsKeyID { inner.value(Key.kmsKeyID, named(key)) }
                inner.literal(Key.bucketKey, bucket.encryption.bucketKey)
            }
        }
        lifecycle(bucket.lifecycle, into: &block)
        if let policy = bucket.policy {
            // IAM's own `${aws:...}` variables stay literal: `$${` writes `${`.
            block.document(Key.policy.name, named(policy).text)
        }
        block.tags(bucket.tags)
        return block.properties
    }

    private func properties(_ delivery: DeliveryStreamSpec, id: String, others: [Resource])
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

    /// The `lifecycle:` list, one rule a line.
    private func lifecycle(_ rules: [BucketSpec.LifecycleRule], into block: inout Block) {
        typealias Key = BucketFields.Lifecycle
        block.list(
            BucketFields.lifecycle.name,
            rules.map { rule in
                var members = [
                    "\(Key.id.name): \(Block.flowScalar(Composed.literal(rule.id).text))"
                ]
                if let prefix = rule.prefix {
                    members.append(
                        "\(Key.prefix.name): \(Block.flowScalar(Composed.literal(prefix).text))")
                }
                let days: [(Field<Int>, Int?)] = [
                    (Key.expireAfterDays, rule.expireAfterDays),
                    (Key.noncurrentVersionsExpireAfterDays, rule.noncurrentVersionsExpireAfterDays),
                    (Key.abortIncompleteUploadsAfterDays, rule.abortIncompleteUploadsAfterDays),
                ]
                for (field, value) in days {
                    if let value { members.append("\(field.name): \(value)") }
                }
                if let transition = rule.transition {
                    members.append(
                        "\(Key.transition.name): { \(Key.transitionAfterDays.name): \(transition.afterDays), \(Key.storageClass.name): \(transition.storageClass.rawValue) }"
                    )
                }
                return "{ " + members.joined(separator: ", ") + " }"
            })
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

    // MARK: Values

    /// `${ID.arn}` when the ARN is one of the written resources', the ARN otherwise.
    private func reference(to arn: String, in resources: [Resource]) -> Composed {
        for resource in resources {
            let own: ARN
            switch resource.spec {
            case .kinesisStream(let stream):
                own = ResolutionContext(accountID: accountID, region: region, partition: partition)
                    .kinesisStreamARN(stream.name)
            case .bucket(let bucket): own = ARN.bucket(bucket.name, partition: partition)
            case .deliveryStream, .role, .logGroup, .glueDatabase, .glueTable: continue
            }
            if own.description == arn { return Composed("${\(resource.id).arn}") }
        }
        return named(arn)
    }

    /// The text with the account id and region written as references to them, so that the
    /// file serves another account or region as it is.
    private func named(_ text: String) -> Composed {
        Composed(
            Composed.literal(text).text.replacingOccurrences(
                of: accountID, with: "${aws.account_id}"
            )
            .replacingOccurrences(of: ":\(region):", with: ":${aws.region}:")
            .replacingOccurrences(of: "-\(region)", with: "-${aws.region}"))
    }
}

/// Text for the stack file that may hold references the writer made (`${b.arn}`,
/// `${aws.account_id}`); text from AWS becomes one only through `literal`, which writes any
/// `${` of its own as `$${`, so that a value AWS holds is never read back as a reference.
private struct Composed {
    var text: String
    init(_ text: String) { self.text = text }

    static func literal(_ text: String) -> Composed {
        Composed(text.replacingOccurrences(of: "${", with: "$${"))
    }
}

/// The indented lines of one resource's `properties:`.
private struct Block {
    private(set) var lines: [String] = []
    var depth = 3

    var properties: [String] { lines.isEmpty ? [] : ["    properties:"] + lines }

    private var indent: String { String(repeating: "  ", count: depth) }

    mutating func value(_ key: String, _ text: Composed, unless isDefault: Bool = false) {
        guard !isDefault else { return }
        lines.append("\(indent)\(key): \(Self.scalar(text.text))")
    }

    /// A value as AWS holds it.
    mutating func value(_ key: String, _ text: String, unless isDefault: Bool = false) {
        value(key, Composed.literal(text), unless: isDefault)
    }

    mutating func value(_ field: Field<String>, _ text: Composed, unless isDefault: Bool = false) {
        value(field.name, text, unless: isDefault)
    }

    /// A number or boolean, written as YAML reads it.
    mutating func literal(
        _ key: String, _ value: some CustomStringConvertible, unless isDefault: Bool = false
    ) {
        guard !isDefault else { return }
        lines.append("\(indent)\(key): \(value)")
    }

    mutating func value(_ field: Field<String>, _ text: String, unless isDefault: Bool = false) {
        value(field.name, text, unless: isDefault)
    }

    /// Written unless it is the field's default.
    mutating func value(_ field: DefaultedField<String>, _ text: String) {
        value(field.name, text, unless: text == field.defaultValue)
    }

    mutating func value<Word: Vocabulary>(_ field: Field<Word>, _ word: Word) {
        value(field.name, word.rawValue)
    }

    mutating func value<Word: Vocabulary>(_ field: DefaultedField<Word>, _ word: Word) {
        value(field.name, word.rawValue, unless: word == field.defaultValue)
    }

    mutating func literal<Value: CustomStringConvertible & Equatable>(
        _ field: DefaultedField<Value>, _ value: Value
    ) {
        literal(field.name, value, unless: value == field.defaultValue)
    }

    mutating func nested(_ section: Section, _ fill: (inout Block) -> Void) {
        nested(section.name, fill)
    }

    /// Wrapped at 100 columns; a line break inside a value from AWS is a space, so that the
    /// value cannot end the comment and write YAML of its own.
    mutating func comment(_ text: String) {
        var line = indent + "#"
        for word in text.split(whereSeparator: { $0 == " " || $0.isNewline }) {
            if line.count + word.count + 1 > 100 {
                lines.append(line)
                line = indent + "#"
            }
            line += " " + word
        }
        lines.append(line)
    }

    mutating func nested(_ key: String, _ fill: (inout Block) -> Void) {
        var inner = Block(depth: depth + 1)
        fill(&inner)
        guard !inner.lines.isEmpty else { return }
        lines.append("\(indent)\(key):")
        lines += inner.lines
    }

    /// A JSON document as a YAML flow mapping (JSON is YAML), its lines indented under the key.
    mutating func document(_ key: String, _ json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return }
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n")
        lines.append("\(indent)\(key): \(text.first ?? "{}")")
        for line in text.dropFirst() { lines.append("\(indent)  \(line)") }
    }

    mutating func list(_ key: String, _ items: [String]) {
        guard !items.isEmpty else { return }
        lines.append("\(indent)\(key):")
        for item in items { lines.append("\(indent)  - \(item)") }
    }

    /// The tags a person added: not AWS's own, not streamstack's.
    mutating func tags(_ tags: [String: String]) {
        let own = tags.filter { !$0.key.hasPrefix("aws:") && !$0.key.hasPrefix("streamstack:") }
        nested("tags") { inner in
            for (key, value) in own.sorted(by: { $0.key < $1.key }) {
                inner.lines.append(
                    "\(inner.indent)\(Self.scalar(Composed.literal(key).text)): \(Self.scalar(Composed.literal(value).text))"
                )
            }
        }
    }

    /// As `scalar`, for a value inside `{ }`, where braces, brackets and commas end it.
    static func flowScalar(_ text: String) -> String {
        let quoted = scalar(text)
        guard !quoted.hasPrefix("\""), text.contains(where: { "{}[],".contains($0) }) else {
            return quoted
        }
        return "\"\(text)\""
    }

    /// Plain when YAML reads it back as the same string, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = [
            "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
        ]
        let plain =
            text.range(
                of: #"^[A-Za-z0-9_./$-][A-Za-z0-9_./${}:=+@-]*$"#, options: .regularExpression)
            != nil && !reserved.contains(text.lowercased()) && Double(text) == nil
            && !text.hasSuffix(":")
        if plain { return text }
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
