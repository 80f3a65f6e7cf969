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

    let language: StackLanguage
    public var stack: String
    public var region: String
    public var accountID: String
    public var partition: String
    /// Lines put above `stack:`.
    public var header: [String]

    public init(
        language: StackLanguage, stack: String, region: String, accountID: String,
        partition: String = "aws", header: [String] = []
    ) {
        self.language = language
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
            // A role, log group or Glue table is kept as a delivery stream's `role_arn` or named
            // by its properties: never declared on its own.
            guard let kind = language.kind(of: resource.spec.type),
                let properties = kind.properties(
                    ofAny: resource.spec, id: resource.id, in: self, among: resources)
            else { continue }
            lines.append("  \(resource.id):")
            lines += Self.comments(resource.spec.unmodelled)
            lines.append("    type: \(kind.type)")
            lines += properties
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

    // MARK: Values

    /// `${ID.arn}` when the ARN is one of the written resources', the ARN otherwise.
    package func reference(to arn: String, in resources: [Resource]) -> Composed {
        let context = ResolutionContext(accountID: accountID, region: region, partition: partition)
        for resource in resources {
            guard let kind = language.kind(of: resource.spec.type),
                kind.attributes(ofAny: resource.spec, in: context)?["arn"] == arn
            else { continue }
            return Composed("${\(resource.id).arn}")
        }
        return named(arn)
    }

    /// The text with the account id and region written as references to them, so that the
    /// file serves another account or region as it is.
    package func named(_ text: String) -> Composed {
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
package struct Composed {
    package var text: String
    package init(_ text: String) { self.text = text }

    package static func literal(_ text: String) -> Composed {
        Composed(text.replacingOccurrences(of: "${", with: "$${"))
    }
}

/// The indented lines of one resource's `properties:`.
package struct Block {
    private(set) var lines: [String] = []
    var depth = 3

    package init() {}

    private init(depth: Int) { self.depth = depth }

    package var properties: [String] { lines.isEmpty ? [] : ["    properties:"] + lines }

    private var indent: String { String(repeating: "  ", count: depth) }

    package mutating func value(_ key: String, _ text: Composed, unless isDefault: Bool = false) {
        guard !isDefault else { return }
        lines.append("\(indent)\(key): \(Self.scalar(text.text))")
    }

    /// A value as AWS holds it.
    package mutating func value(_ key: String, _ text: String, unless isDefault: Bool = false) {
        value(key, Composed.literal(text), unless: isDefault)
    }

    package mutating func value(
        _ field: some StackKey, _ text: Composed, unless isDefault: Bool = false
    ) {
        value(field.name, text, unless: isDefault)
    }

    /// A number or boolean, written as YAML reads it.
    package mutating func literal(
        _ key: String, _ value: some CustomStringConvertible, unless isDefault: Bool = false
    ) {
        guard !isDefault else { return }
        lines.append("\(indent)\(key): \(value)")
    }

    package mutating func value(
        _ field: some StackKey, _ text: String, unless isDefault: Bool = false
    ) {
        value(field.name, text, unless: isDefault)
    }

    /// Written unless it is the field's default.
    package mutating func value(_ field: DefaultedField<String>, _ text: String) {
        value(field.name, text, unless: text == field.defaultValue)
    }

    package mutating func value<Word: Vocabulary>(_ field: Field<Word>, _ word: Word) {
        value(field.name, word.rawValue)
    }

    package mutating func value<Word: Vocabulary>(_ field: RequiredField<Word>, _ word: Word) {
        value(field.name, word.rawValue)
    }

    package mutating func value<Word: Vocabulary>(_ field: DefaultedField<Word>, _ word: Word) {
        value(field.name, word.rawValue, unless: word == field.defaultValue)
    }

    package mutating func literal<Value: CustomStringConvertible & Equatable>(
        _ field: DefaultedField<Value>, _ value: Value
    ) {
        literal(field.name, value, unless: value == field.defaultValue)
    }

    package mutating func nested(_ section: some StackKey, _ fill: (inout Block) -> Void) {
        nested(section.name, fill)
    }

    /// Wrapped at 100 columns; a line break inside a value from AWS is a space, so that the
    /// value cannot end the comment and write YAML of its own.
    package mutating func comment(_ text: String) {
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

    package mutating func nested(_ key: String, _ fill: (inout Block) -> Void) {
        var inner = Block(depth: depth + 1)
        fill(&inner)
        guard !inner.lines.isEmpty else { return }
        lines.append("\(indent)\(key):")
        lines += inner.lines
    }

    /// A JSON document as a YAML flow mapping (JSON is YAML), its lines indented under the key.
    package mutating func document(_ key: String, _ json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return }
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n")
        lines.append("\(indent)\(key): \(text.first ?? "{}")")
        for line in text.dropFirst() { lines.append("\(indent)  \(line)") }
    }

    package mutating func list(_ key: String, _ items: [String]) {
        guard !items.isEmpty else { return }
        lines.append("\(indent)\(key):")
        for item in items { lines.append("\(indent)  - \(item)") }
    }

    /// The tags a person added: not AWS's own, not streamstack's.
    package mutating func tags(_ tags: [String: String]) {
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
    package static func flowScalar(_ text: String) -> String {
        let quoted = scalar(text)
        guard !quoted.hasPrefix("\""), text.contains(where: { "{}[],".contains($0) }) else {
            return quoted
        }
        return "\"\(text)\""
    }

    /// Plain when YAML reads it back as the same string, double-quoted otherwise.
    package static func scalar(_ text: String) -> String {
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
