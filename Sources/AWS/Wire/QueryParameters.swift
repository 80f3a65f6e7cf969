/// How the Query protocol (IAM, STS, CloudWatch) writes lists and maps: `NAME.member.N` for
/// each item, counted from 1, and `NAME.member.N.Key` / `.Value` for each entry of a map.
public enum QueryParameters {
    public static func list(_ name: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(name).member.\($0.offset + 1)", $0.element) }
    }

    /// Entries in key order; `key` and `value` name the members (`Key`/`Value` for tags,
    /// `Name`/`Value` for CloudWatch's dimensions).
    public static func entries(
        _ name: String, _ map: [String: String], key: String = "Key", value: String = "Value"
    ) -> [(String, String)] {
        map.sorted { $0.key < $1.key }.enumerated().flatMap { index, entry in
            [
                ("\(name).member.\(index + 1).\(key)", entry.key),
                ("\(name).member.\(index + 1).\(value)", entry.value),
            ]
        }
    }
}

extension XMLNode {
    /// A Query answer's map, written back as its request writes it: the `member`s of the child
    /// `name`, each a `key` and a `value`.
    public func entries(_ name: String, key: String = "Key", value: String = "Value")
        -> [String: String]
    {
        var entries: [String: String] = [:]
        for member in child(name)?.children("member") ?? [] {
            if let found = member.value(key) { entries[found] = member.value(value) ?? "" }
        }
        return entries
    }
}
