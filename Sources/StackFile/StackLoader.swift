import Foundation

/// Reads and validates stack files. Everything here is offline: no network, no AWS.
public enum StackLoader {
    /// Files larger than this are refused before parsing.
    public static let maximumFileSize = 4 * 1024 * 1024

    public static func load(
        path: String, language: StackLanguage, options: ValidationOptions = .init()
    ) throws(StackFileError) -> StackDocument {
        try load(
            text: readText(path, kind: "stack"), file: path, language: language, options: options)
    }

    /// A file's text, refused unread when it is larger than `maximumFileSize` (no more than that
    /// is ever read: a FIFO or a device is no reason to fill the memory).
    /// - Parameter kind: "stack" or "variables", for the messages.
    public static func readText(_ path: String, kind: String = "stack") throws(StackFileError)
        -> String
    {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > maximumFileSize {
            throw tooLarge(start, "\(size) bytes", kind: kind)
        }
        // An empty file reads as nil: no bytes, not a failure.
        guard let handle = FileHandle(forReadingAtPath: path),
            case let read = Result(catching: { try handle.read(upToCount: maximumFileSize + 1) }),
            case .success(let bytes) = read, case let data = bytes ?? Data()
        else {
            throw StackFileError([
                Diagnostic(start, "cannot read the \(kind) file: \(unreadableReason(path))")
            ])
        }
        try? handle.close()
        guard data.count <= maximumFileSize else {
            throw tooLarge(start, "more than \(maximumFileSize) bytes", kind: kind)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StackFileError([invalidUTF8(data: data, file: path)])
        }
        return text
    }

    private static func tooLarge(_ start: SourceLocation, _ size: String, kind: String)
        -> StackFileError
    {
        StackFileError([
            Diagnostic(
                start, "the file is \(size); \(kind) files are limited to \(maximumFileSize)")
        ])
    }

    public static func load(
        text: String, file: String, language: StackLanguage, options: ValidationOptions = .init()
    ) throws(StackFileError) -> StackDocument {
        if let nul = text.firstIndex(of: "\0") {
            let prefix = text[..<nul]
            let line = prefix.filter { $0 == "\n" }.count + 1
            let column =
                prefix.count
                - (prefix.lastIndex(of: "\n").map {
                    prefix.distance(from: prefix.startIndex, to: $0) + 1
                } ?? 0) + 1
            throw StackFileError([
                Diagnostic(
                    SourceLocation(file: file, line: line, column: column),
                    "the file contains a NUL byte; a stack file must be text")
            ])
        }
        let root = try YAMLLoader.load(text, file: file)
        let validator = StackValidator(file: file, options: options, language: language)
        let document = validator.validate(root)
        guard var document, !validator.diagnostics.contains(where: { $0.severity == .error })
        else { throw StackFileError(validator.diagnostics) }
        document.warnings = validator.diagnostics
        return document
    }

    /// Parses `NAME=VALUE` (from `--var`).
    public static func parseVariableAssignment(_ text: String) -> (name: String, value: String)? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// Why a file could not be read.
    static func unreadableReason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        return !exists
            ? "no such file" : isDirectory.boolValue ? "it is a directory" : "it is not readable"
    }

    /// Reads a `--var-file`: a YAML mapping of names to scalar values.
    public static func loadVariableFile(path: String) throws(StackFileError) -> [String: String] {
        let root = try YAMLLoader.load(readText(path, kind: "variables"), file: path)
        guard let mapping = root.mapping else {
            throw StackFileError([
                Diagnostic(root.location, "a variables file must be a mapping of NAME: VALUE")
            ])
        }
        var values: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in mapping.entries {
            if let scalar = entry.value.scalar, !scalar.isNull {
                values[entry.key] = scalar.text
            } else {
                diagnostics.append(
                    Diagnostic(
                        entry.value.location,
                        "variable '\(entry.key)' must be a single value, got \(entry.value.kindDescription)"
                    ))
            }
        }
        guard diagnostics.isEmpty else { throw StackFileError(diagnostics) }
        return values
    }

    private static func invalidUTF8(data: Data, file: String) -> Diagnostic {
        var line = 1
        var column = 1
        var index = data.startIndex
        while index < data.endIndex {
            let length = utf8SequenceLength(data, at: index)
            guard let length else { break }
            if data[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return Diagnostic(
            SourceLocation(file: file, line: line, column: column),
            "the file is not valid UTF-8 (byte 0x\(String(data[index], radix: 16, uppercase: true)) at offset \(index - data.startIndex))"
        )
    }

    private static func utf8SequenceLength(_ data: Data, at index: Data.Index) -> Int? {
        let lead = data[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard index + length <= data.endIndex else { return nil }
        for offset in 1..<length where data[index + offset] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }
}
