/// A Firehose S3 prefix, parsed once: the text every delivered key starts with, and its
/// `!{namespace:value}` expressions, which Firehose fills in per record or per time.
/// Validation, the Glue table's location and `watch` all read prefixes through it.
public struct FirehosePrefix: Sendable, Equatable {
    /// One `!{...}` expression.
    public struct Expression: Sendable, Equatable {
        /// What stands between `!{` and `}`.
        public var body: String
        /// The characters from the prefix's start to its `!{`.
        public var offset: Int
        /// Before the first `:` (`timestamp`, `firehose`, `partitionKeyFromQuery`, ...).
        public var namespace: String { String(body.prefix { $0 != ":" }) }
        /// After the first `:`; empty when there is none.
        public var value: String {
            body.firstIndex(of: ":").map { String(body[body.index(after: $0)...]) } ?? ""
        }
    }

    /// Firehose's namespaces, and the values of its own `firehose` one.
    public static let namespaces = [
        "timestamp", "firehose", "partitionKeyFromQuery", "partitionKeyFromLambda",
    ]
    public static let firehoseValues = ["random-string", "error-output-type"]

    public let text: String
    /// In order, up to the first `!{` that is not closed.
    public let expressions: [Expression]
    /// The offset of a `!{` that no `}` closes; nil when every one is closed.
    public let unclosedOffset: Int?

    public init(_ text: String) {
        self.text = text
        var expressions: [Expression] = []
        var unclosed: Int?
        var rest = Substring(text)
        while let start = rest.range(of: "!{") {
            let offset = text.distance(from: text.startIndex, to: start.lowerBound)
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                unclosed = offset
                break
            }
            expressions.append(
                Expression(body: String(rest[start.upperBound..<end]), offset: offset))
            rest = rest[rest.index(after: end)...]
        }
        self.expressions = expressions
        unclosedOffset = unclosed
    }

    /// Whether Firehose fills in anything.
    public var hasExpressions: Bool { text.contains("!{") }

    /// The text before the first expression: what every delivered key starts with (for
    /// listing what was delivered).
    public var fixedPart: String {
        text.range(of: "!{").map { String(text[..<$0.lowerBound]) } ?? text
    }

    /// The fixed part cut after its last `/`: the folder every delivered object is in (a Glue
    /// table's location). The whole prefix when it has no expression.
    public var folder: String {
        guard hasExpressions else { return text }
        let head = fixedPart
        guard let slash = head.lastIndex(of: "/") else { return "" }
        return String(head[...slash])
    }

    /// The keys of its `!{partitionKeyFromQuery:KEY}` expressions, in order.
    public var partitionKeysFromQuery: [String] {
        expressions.filter { $0.namespace == "partitionKeyFromQuery" }.map(\.value)
    }

    /// Whether it contains this expression (`firehose:error-output-type`).
    public func contains(_ body: String) -> Bool { expressions.contains { $0.body == body } }
}
