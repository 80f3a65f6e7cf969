/// Words laid into lines of at most `width` columns: the first line after `first`, the others
/// after `rest`. A word longer than a line (an ARN) keeps a line of its own, whole.
enum TextWrap {
    static func lines(_ text: String, width: Int?, first: String = "", rest: String = "")
        -> [String]
    {
        guard let width, first.count + text.count > width else { return [first + text] }
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = rest
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
