/// A string with `${...}` references, split into its parts. `$${` writes a literal `${`.
public struct Interpolation: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        /// `expression` is the text between `${` and `}`; `offset` counts characters from the
        /// start of the string to the `$`.
        case reference(expression: String, offset: Int)
    }

    public var parts: [Part]

    public struct ParseError: Error, Equatable {
        public var offset: Int
        public var message: String
    }

    public static func parse(_ text: String) -> Result<Interpolation, ParseError> {
        var parts: [Part] = []
        var literal = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "$", next == "$", index + 2 < characters.count,
                characters[index + 2] == "{"
            {
                literal += "${"
                index += 3
                continue
            }
            guard character == "$", next == "{" else {
                literal.append(character)
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                return .failure(ParseError(offset: index, message: "`${` without a closing `}`"))
            }
            let expression = String(characters[(index + 2)..<close])
                .trimmedOfSpaces()
            if expression.isEmpty {
                return .failure(ParseError(offset: index, message: "empty reference `${}`"))
            }
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
            parts.append(.reference(expression: expression, offset: index))
            index = close + 1
        }
        if !literal.isEmpty || parts.isEmpty {
            parts.append(.literal(literal))
        }
        return .success(Interpolation(parts: parts))
    }

    public var references: [(expression: String, offset: Int)] {
        parts.compactMap {
            if case .reference(let expression, let offset) = $0 { return (expression, offset) }
            return nil
        }
    }

    /// The text with every reference replaced; nil if `value` cannot resolve one.
    func rendered(_ value: (String) -> String?) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .reference(let expression, _):
                guard let resolved = value(expression) else { return nil }
                out += resolved
            }
        }
        return out
    }
}

extension String {
    fileprivate func trimmedOfSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
