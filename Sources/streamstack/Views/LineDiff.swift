import Foundation
import Providers

/// Policy documents as people read them: indented JSON, compared line by line, as Terraform
/// shows a `jsonencode` value that changed.
enum LineDiff {
    enum Line: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The value as indented JSON lines, when it is a JSON object or array; nil otherwise.
    static func jsonLines(_ value: String) -> [String]? {
        guard value.first == "{" || value.first == "[",
            let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
    }

    /// The lines of `old` and `new` in order, each kept, removed or added (longest common
    /// subsequence; policies are small).
    static func diff(_ old: [String], _ new: [String]) -> [Line] {
        var common = Array(
            repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] =
                    old[i] == new[j]
                    ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [Line] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append(.same(old[i]))
                i += 1
                j += 1
            } else if i < old.count, j == new.count || common[i + 1][j] >= common[i][j + 1] {
                // What goes comes before what replaces it, as diffs read.
                lines.append(.removed(old[i]))
                i += 1
            } else {
                lines.append(.added(new[j]))
                j += 1
            }
        }
        return lines
    }

    /// A change of a JSON document, line by line; nil when either side is not one.
    static func json(_ change: AttributeChange) -> [Line]? {
        func text(_ value: AttributeValue?) -> String?? {
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(text)
        }
        guard let old = text(change.old), let new = text(change.new) else { return nil }
        let oldLines = old.map { jsonLines($0) } ?? .some([])
        let newLines = new.map { jsonLines($0) } ?? .some([])
        guard let oldLines, let newLines, !(oldLines.isEmpty && newLines.isEmpty) else {
            return nil
        }
        return diff(oldLines, newLines)
    }
}
