import Foundation

/// Reads records for `produce --file`: one JSON document a line, blank lines skipped. Every
/// line is checked before anything is sent.
public enum RecordReader {
    public struct BadLine: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public static func records(from data: Data, file: String) throws -> [Data] {
        var records: [Data] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var trimmed = line
            while let last = trimmed.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") {
                trimmed = trimmed.dropLast()
            }
            if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            guard
                (try? JSONSerialization.jsonObject(
                    with: Data(trimmed), options: [.fragmentsAllowed])) != nil
            else {
                throw BadLine(
                    file: file, line: lineNumber,
                    reason: "not a JSON document; put one JSON document on each line")
            }
            records.append(Data(trimmed) + Data("\n".utf8))
        }
        return records
    }
}
