import Foundation
import Yams

/// Reads YAML into `StackNode`s with their positions. Syntax errors stop the load (nothing
/// after them can be trusted) and come back as diagnostics.
public enum YAMLLoader {
    /// Documents deeper than this are refused rather than risk the stack.
    static let maximumDepth = 64
    /// Aliases can expand a small file into an enormous tree ("billion laughs"), or repeat a
    /// large scalar many times: stop early, by nodes and by the bytes of text they hold.
    static let maximumNodes = 100_000
    static let maximumExpandedBytes = 8 * 1024 * 1024

    /// What the expansion may still spend.
    struct Budget {
        var nodes = maximumNodes
        var bytes = maximumExpandedBytes
        var exhausted: Bool { nodes < 0 || bytes < 0 }
    }

    public static func load(_ text: String, file: String) throws(StackFileError) -> StackNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw StackFileError([diagnostic(for: error, text: text, file: file)])
        } catch {
            throw StackFileError([
                Diagnostic(SourceLocation(file: file, line: 1, column: 1), "\(error)")
            ])
        }
        guard let root else {
            throw StackFileError([
                Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "the file is empty; a stack needs at least `stack:` and `resources:`")
            ])
        }
        var diagnostics: [Diagnostic] = []
        var budget = Budget()
        let node = convert(
            root, file: file, depth: 0, budget: &budget, diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { throw StackFileError(diagnostics) }
        return node
    }

    private static func convert(
        _ node: Node, file: String, depth: Int, budget: inout Budget,
        diagnostics: inout [Diagnostic]
    ) -> StackNode {
        let location = position(node.mark, file: file)
        budget.nodes -= 1
        if case .scalar(let scalar) = node { budget.bytes -= scalar.string.utf8.count }
        if depth > maximumDepth || budget.exhausted {
            if diagnostics.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        location,
                        depth > maximumDepth
                            ? "nesting deeper than \(maximumDepth) levels"
                            : budget.nodes < 0
                                ? "the document expands to more than \(maximumNodes) nodes"
                                : "the document expands to more than \(maximumExpandedBytes / 1024 / 1024) MiB of text (aliases repeat what they refer to)"
                    ))
            }
            return .scalar(.init(text: "", isPlain: true, location: location))
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(
                .init(text: scalar.string, isPlain: scalar.style == .plain, location: location))
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is not expected.
            return .scalar(.init(text: "", isPlain: true, location: location))
        case .sequence(let sequence):
            return .sequence(
                sequence.map {
                    convert(
                        $0, file: file, depth: depth + 1, budget: &budget,
                        diagnostics: &diagnostics)
                }, location)
        case .mapping(let mapping):
            var entries: [StackNode.Entry] = []
            for (key, value) in mapping {
                let keyLocation = position(key.mark, file: file)
                guard let keyText = key.scalar?.string else {
                    diagnostics.append(
                        Diagnostic(keyLocation, "mapping keys must be plain strings"))
                    continue
                }
                entries.append(
                    StackNode.Entry(
                        key: keyText, keyLocation: keyLocation,
                        value: convert(
                            value, file: file, depth: depth + 1, budget: &budget,
                            diagnostics: &diagnostics)))
            }
            return .mapping(.init(entries: entries, location: location))
        }
    }

    private static func position(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            if let hint = hint(problem: problem, mark: mark, text: text) { message += ". \(hint)" }
            return Diagnostic(position(mark, file: file), message)
        case .reader(let problem, let offset, _, _):
            return Diagnostic(
                location(ofUTF8Offset: offset ?? 0, in: text, file: file),
                "unreadable input: \(problem); a stack file must be UTF-8 text")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKey(duplicates.first ?? "", first: context.mark, text: text, file: file)
        case .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty { message += " (\(context.text))" }
            return Diagnostic(position(mark, file: file), message)
        case .dataCouldNotBeDecoded:
            return Diagnostic(
                SourceLocation(file: file, line: 1, column: 1),
                "the file is not UTF-8 text")
        default:
            return Diagnostic(
                SourceLocation(file: file, line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    /// What libyaml's wording means for the two mistakes stack files see most.
    private static func hint(problem: String, mark: Mark, text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        let line = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
        let before = line.prefix(max(0, mark.column - 1))
        if problem.contains("tab character")
            || (problem.contains("cannot start any token") && line.contains("\t")
                && before.allSatisfy({ $0 == " " || $0 == "\t" }))
        {
            return "Tabs are not allowed for indentation in YAML: indent with spaces"
        }
        let nearby = lines[max(0, mark.line - 2)..<min(lines.count, mark.line)].joined()
        if problem.contains("did not find expected ',' or '}'") && nearby.contains("${") {
            return
                "Inside { } a value that contains ${...} must be quoted, as in { name: \"qa-${aws.account_id}\" }"
        }
        return nil
    }

    /// Yams names the first occurrence; point at the repeat, the line the user must change.
    private static func duplicateKey(_ key: String, first: Mark, text: String, file: String)
        -> Diagnostic
    {
        let lines = text.components(separatedBy: "\n")
        let indent = first.column - 1
        for lineIndex in first.line..<lines.count {
            let line = Array(lines[lineIndex])
            let content = line.drop { $0 == " " }
            let lineIndent = line.count - content.count
            if content.isEmpty || content.first == "#" { continue }
            if lineIndent < indent { break }
            if lineIndent == indent && String(content).hasPrefix(key + ":") {
                return Diagnostic(
                    SourceLocation(file: file, line: lineIndex + 1, column: indent + 1),
                    "duplicate key '\(key)' (first defined at line \(first.line))")
            }
        }
        return Diagnostic(
            SourceLocation(file: file, line: first.line, column: first.column),
            "duplicate key '\(key)'")
    }

    private static func location(ofUTF8Offset offset: Int, in text: String, file: String)
        -> SourceLocation
    {
        var line = 1
        var column = 1
        for (index, byte) in text.utf8.enumerated() {
            if index >= offset { break }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
