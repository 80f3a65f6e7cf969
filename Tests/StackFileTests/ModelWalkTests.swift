import Foundation
import Kinds
import StackFile
import TestSupport
import Testing

/// Every string and number key of the language, as validation checks it, against the botocore
/// members its value is sent as: what passes `validate` must pass AWS's min, max and pattern.
struct ModelWalkTests {
    /// One key's rule, as model_walk.py reads it.
    static func keys(_ properties: [SchemaProperty], under path: String) -> [[String: Any]] {
        properties.flatMap { keys($0.type, at: "\(path).\($0.name)") }
    }

    static func keys(_ type: SchemaType, at path: String) -> [[String: Any]] {
        switch type {
        case .string(let rule):
            var key: [String: Any] = ["path": path, "type": "string"]
            if rule.minimumLength > 0 { key["minLength"] = rule.minimumLength }
            if let maximum = rule.maximumLength { key["maxLength"] = maximum }
            if let pattern = rule.pattern { key["pattern"] = pattern }
            return [key]
        case .integer(let minimum, let maximum):
            var key: [String: Any] = ["path": path, "type": "integer"]
            if let minimum { key["minimum"] = minimum }
            if let maximum { key["maximum"] = maximum }
            return [key]
        case .number(let minimum, let maximum):
            return [["path": path, "type": "number", "minimum": minimum, "maximum": maximum]]
        case .boolean, .enumeration, .document:
            return []
        case .object(let properties):
            return keys(properties, under: path)
        case .map(_, let value):
            return keys(value, at: path + ".*")
        case .list(let element, _):
            return keys(element, at: path + "[]")
        }
    }

    @Test func everyKeyTakesOnlyWhatAWSTakes() throws {
        let language = ResourceKinds.language
        var all = Self.keys(StackSchema.top(language), under: "")
        all += Self.keys(StackSchema.resource(language), under: "#resource")
        for type in language.resourceTypes {
            all += Self.keys(type.properties, under: "#\(type.name)")
        }
        let keysFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("streamstack-keys-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: all).write(to: keysFile)
        defer { try? FileManager.default.removeItem(at: keysFile) }
        let script = TestSupport.packageRoot.appendingPathComponent(
            "Tests/TestSupport/model_walk.py")
        let result = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, keysFile.path],
            environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let problems =
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String] ?? []
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
        #expect(all.count > 50)
    }
}
