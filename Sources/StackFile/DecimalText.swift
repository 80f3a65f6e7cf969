/// Decimal numbers as stack files and AWS's string parameters write them: `1`, `0.5`.
public enum DecimalText {
    /// A finite number written in decimal; nil for anything else (`inf`, `1e400`, `0x1p3`).
    public static func parse(_ text: String) -> Double? {
        guard !text.isEmpty,
            text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// Without a trailing `.0`, so that `1` reads back as written.
    public static func written(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
