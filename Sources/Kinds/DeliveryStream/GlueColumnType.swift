import StackFile

/// Hive's type grammar as Glue and Firehose's format conversion read it: primitives,
/// `decimal(p,s)`, `char(n)`, `varchar(n)`, `array<T>`, `map<K,V>`, `struct<name:T,...>`.
/// AWS takes a malformed type (`map<string>`) at CreateTable and fails later, at conversion.
enum GlueColumnType {
    static let primitives: Set<String> = [
        "boolean", "tinyint", "smallint", "int", "integer", "bigint", "float", "double",
        "string", "date", "timestamp", "binary", "decimal",
    ]

    static func isValid(_ text: String) -> Bool {
        var parser = Parser(Array(text.lowercased().filter { $0 != " " }))
        return parser.type() && parser.atEnd
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { index == characters.count }

        mutating func word() -> String {
            var text = ""
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber
                    || characters[index] == "_"
            {
                text.append(characters[index])
                index += 1
            }
            return text
        }

        mutating func take(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }

        mutating func number() -> Bool { !word().isEmpty }

        mutating func type() -> Bool {
            switch word() {
            case "array": return take("<") && type() && take(">")
            case "map": return take("<") && type() && take(",") && type() && take(">")
            case "struct":
                guard take("<") else { return false }
                repeat {
                    guard !word().isEmpty, take(":"), type() else { return false }
                } while take(",")
                return take(">")
            case "decimal":
                guard take("(") else { return true }
                return number() && (take(",") ? number() : true) && take(")")
            case "char", "varchar": return take("(") && number() && take(")")
            case let name: return primitives.contains(name)
            }
        }
    }
}
