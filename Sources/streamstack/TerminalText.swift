/// The one sanitizer for what reaches a terminal. Text from outside (records, AWS's messages,
/// tag values, stack-file strings) has its control characters shown as escapes instead of
/// acting: C0 (but line feed and tab), DEL, C1 and ESC, so that a record cannot set the window's
/// title, clear the screen, move the cursor over earlier lines, hide text or colour it.
/// streamstack's own colours are written as markers that carry a number chosen afresh by each
/// process, which no data can know; they become escape codes only after everything else has
/// been escaped.
enum TerminalText {
    /// Unforgeable within a run: data that copies a marker's shape without it stays text.
    private static let nonce: String = {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next(), radix: 16)
    }()

    /// `text` in streamstack's colour `code` (SGR parameters such as "31" or "1").
    static func coloured(_ text: String, code: String) -> String {
        marker(code) + text + marker("0")
    }

    private static func marker(_ code: String) -> String {
        "\u{E000}\(nonce):\(code)\u{E001}"
    }

    static func escaped(_ text: String) -> String {
        var result = text
        if text.unicodeScalars.contains(where: isControl) {
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if isControl(scalar) {
                    scalars.append(contentsOf: visible(scalar).unicodeScalars)
                } else {
                    scalars.append(scalar)
                }
            }
            result = String(scalars)
        }
        return colours(result)
    }

    /// Markers turned into SGR escape codes.
    private static func colours(_ text: String) -> String {
        let opening = "\u{E000}\(nonce):"
        guard text.contains(opening) else { return text }
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: opening),
            let end = rest[start.upperBound...].firstIndex(of: "\u{E001}")
        {
            result += rest[..<start.lowerBound]
            result += "\u{1B}[\(rest[start.upperBound..<end])m"
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// JSON as the encoder wrote it, for a terminal or a pipe: the encoder escapes C0 but passes
    /// DEL and C1, which are written here as JSON's own `\u00XX` (valid JSON, and inert).
    static func json(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else {
            return text
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x7F...0x9F).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16)
                scalars.append(contentsOf: "\\u00\(hex)".unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\r": return "\\r"
        case "\u{1B}": return "\\e"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
    }
}
