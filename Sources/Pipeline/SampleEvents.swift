import Foundation

/// Sample JSON events shaped like the course's producer (an id, a timestamp and a few fields),
/// plus the fields the pipeline reads: the Glue schema's columns for format conversion and the
/// fields dynamic partitioning queries, with plausible values, so that conversion and
/// partitioning visibly work.
public struct SampleEvents: Sendable {
    static let tickers = ["AAPL", "AMZN", "MSFT", "INTC", "TBV"]
    static let kinds = ["view", "click", "purchase"]

    /// Column name and Glue type (`string`, `bigint`, `timestamp`, `map<string,string>`, ...).
    public var columns: [(name: String, type: String)]
    /// Field paths that partitioning keys query (`.event_type` is `["event_type"]`).
    public var partitionPaths: [[String]]

    public init(columns: [(name: String, type: String)] = [], partitionPaths: [[String]] = []) {
        self.columns = columns
        self.partitionPaths = partitionPaths
    }

    /// The field path of a JQ expression such as `.customer.id`, if it is a plain path.
    public static func path(ofQuery query: String) -> [String]? {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("."), trimmed.count > 1 else { return nil }
        let parts = trimmed.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard
            parts.allSatisfy({
                !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            })
        else { return nil }
        return parts.map(String.init)
    }

    public func event(number: Int, at date: Date = Date()) -> Data {
        var object: [String: Any] = [
            "event_id": UUID().uuidString.lowercased(),
            "event_time": ISO8601DateFormatter().string(from: date),
            "sequence": number,
            "event_type": Self.kinds.randomElement()!,
            "ticker": Self.tickers.randomElement()!,
            "price": (Double.random(in: 10...500) * 100).rounded() / 100,
        ]
        for column in columns {
            object[column.name] = Self.value(named: column.name, type: column.type, at: date)
        }
        for path in partitionPaths where Self.lookup(path, in: object) == nil {
            Self.set(path, to: Self.value(named: path.last!, type: "string", at: date), in: &object)
        }
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// A value of the Glue type, guessed from the name where the type leaves room.
    static func value(named name: String, type: String, at date: Date) -> Any {
        let type = type.lowercased()
        let name = name.lowercased()
        switch type {
        case "bigint", "int", "smallint", "tinyint":
            return name.hasSuffix("id") ? Int.random(in: 1000...9999) : Int.random(in: 1...100)
        case "double", "float": return (Double.random(in: 10...500) * 100).rounded() / 100
        case "boolean": return Bool.random()
        case "timestamp":
            // The form both JSON SerDes read.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return formatter.string(from: date)
        case "date": return String(ISO8601DateFormatter().string(from: date).prefix(10))
        default: break
        }
        if type.hasPrefix("decimal") { return (Double.random(in: 10...500) * 100).rounded() / 100 }
        if type.hasPrefix("map<") { return ["source": "sample", "campaign": "spring"] }
        if type.hasPrefix("array<") { return ["a", "b"] }
        if type.hasPrefix("struct<") { return [String: Any]() }
        if name.hasSuffix("id") { return UUID().uuidString.lowercased() }
        if name.contains("type") || name.contains("kind") { return kinds.randomElement()! }
        if name.contains("ticker") || name.contains("symbol") { return tickers.randomElement()! }
        if name.contains("country") { return ["BR", "US", "DE", "JP"].randomElement()! }
        return ["alpha", "beta", "gamma"].randomElement()!
    }

    static func lookup(_ path: [String], in object: [String: Any]) -> Any? {
        guard let first = path.first else { return nil }
        guard path.count > 1 else { return object[first] }
        return (object[first] as? [String: Any]).flatMap { lookup(Array(path.dropFirst()), in: $0) }
    }

    static func set(_ path: [String], to value: Any, in object: inout [String: Any]) {
        guard let first = path.first else { return }
        guard path.count > 1 else {
            object[first] = value
            return
        }
        var inner = object[first] as? [String: Any] ?? [:]
        set(Array(path.dropFirst()), to: value, in: &inner)
        object[first] = inner
    }
}
