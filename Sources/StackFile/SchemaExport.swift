import Foundation

/// Writes the stack language as a JSON Schema (for editors) and as Markdown (for people).
public enum SchemaExport {
    // MARK: JSON Schema

    public static func jsonSchema(_ language: StackLanguage) -> String {
        var definitions: [String: Any] = [
            "resource": resourceDefinition(language)
        ]
        for type in language.resourceTypes {
            definitions[type.name] = objectSchema(type.properties, description: type.summary)
        }
        var root = objectSchema(StackSchema.top(language), description: "A streamstack stack file.")
        root["$schema"] = "http://json-schema.org/draft-07/schema#"
        root["title"] = "streamstack stack file"
        root["definitions"] = definitions
        var properties = root["properties"] as! [String: Any]
        var resources = properties["resources"] as! [String: Any]
        resources["additionalProperties"] = ["$ref": "#/definitions/resource"]
        resources["minProperties"] = 1
        properties["resources"] = resources
        root["properties"] = properties
        let data = try! JSONSerialization.data(
            withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func resourceDefinition(_ language: StackLanguage) -> [String: Any] {
        var definition = objectSchema(
            StackSchema.resource(language), description: "One resource.")
        definition["allOf"] = language.resourceTypes.map { type -> [String: Any] in
            [
                "if": ["properties": ["type": ["const": type.name]]],
                "then": [
                    "properties": ["properties": ["$ref": "#/definitions/\(type.name)"]]
                ],
            ]
        }
        return definition
    }

    private static func objectSchema(_ properties: [SchemaProperty], description: String?)
        -> [String: Any]
    {
        var schema: [String: Any] = [
            "type": "object",
            "additionalProperties": false,
            "properties": Dictionary(
                uniqueKeysWithValues: properties.map { ($0.name, propertySchema($0)) }),
        ]
        let required = properties.filter(\.required).map(\.name)
        if !required.isEmpty { schema["required"] = required }
        if let description { schema["description"] = description }
        return schema
    }

    private static func propertySchema(_ property: SchemaProperty) -> [String: Any] {
        var schema = typeSchema(property.type)
        var description = property.summary
        if let value = property.defaultDescription { description += " Default: \(value)." }
        schema["description"] = description
        return schema
    }

    /// A `${...}` reference is accepted wherever a value may come from a variable.
    private static var reference: [String: Any] { ["type": "string", "pattern": #"\$\{"#] }

    private static func typeSchema(_ type: SchemaType) -> [String: Any] {
        switch type {
        case .string(let rule):
            var schema: [String: Any] = ["type": "string"]
            if rule.minimumLength > 0 { schema["minLength"] = rule.minimumLength }
            if let maximum = rule.maximumLength { schema["maxLength"] = maximum }
            // Unicode classes (\p{L}) need ECMA-262's u flag, which not every editor sets;
            // those values are checked by `streamstack validate` alone.
            if let pattern = rule.pattern, !pattern.contains(#"\p{"#) {
                schema["pattern"] = "(?:\(pattern))|\\$\\{"
            }
            return schema
        case .integer(let minimum, let maximum):
            var schema: [String: Any] = ["type": "integer"]
            if let minimum { schema["minimum"] = minimum }
            if let maximum { schema["maximum"] = maximum }
            return ["anyOf": [schema, reference]]
        case .number(let minimum, let maximum):
            return [
                "anyOf": [
                    ["type": "number", "minimum": minimum, "maximum": maximum], reference,
                ]
            ]
        case .boolean:
            return ["anyOf": [["type": "boolean"], reference]]
        case .enumeration(let values):
            return ["anyOf": [["enum": values], reference]]
        case .document:
            return ["type": "object"]
        case .object(let properties):
            return properties.isEmpty
                ? ["type": "object"] : objectSchema(properties, description: nil)
        case .map(let key, let value):
            var keySchema = typeSchema(.string(key))
            keySchema.removeValue(forKey: "type")
            if let pattern = key.pattern, !pattern.contains(#"\p{"#) {
                keySchema["pattern"] = pattern
            }
            return [
                "type": "object", "propertyNames": keySchema,
                "additionalProperties": typeSchema(value),
            ]
        case .list(let element, let minimum):
            var schema: [String: Any] = ["type": "array", "items": typeSchema(element)]
            if minimum > 0 { schema["minItems"] = minimum }
            return schema
        }
    }

    // MARK: Markdown

    /// The generated part of docs/stack-reference.md: one table per resource type.
    public static func markdownReference(_ language: StackLanguage) -> String {
        var out = "## Top-level keys\n\n" + table(StackSchema.top(language), path: "")
        out +=
            "\nEach entry under `resources`:\n\n" + table(StackSchema.resource(language), path: "")
        for type in language.resourceTypes {
            out += "\n## `\(type.name)`\n\n\(type.summary)\n\n"
            out += table(type.properties, path: "")
            let attributes = type.attributes.keys.sorted().map {
                "`${ID.\($0)}` (\(type.attributes[$0]!))"
            }
            out += "\nAttributes for references: \(attributes.joined(separator: ", ")).\n"
        }
        return out
    }

    private static func table(_ properties: [SchemaProperty], path: String) -> String {
        var rows = [
            "| property | type | required | default | description |",
            "|---|---|---|---|---|",
        ]
        func add(_ properties: [SchemaProperty], path: String) {
            for property in properties {
                let name = path.isEmpty ? property.name : path + "." + property.name
                rows.append(
                    "| `\(name)` | \(display(property.type)) | \(property.required ? "yes" : "") | \(property.defaultDescription ?? "") | \(property.summary.replacingOccurrences(of: "|", with: "\\|")) |"
                )
                switch property.type {
                case .object(let nested) where !nested.isEmpty:
                    add(nested, path: name)
                case .list(.object(let nested), _):
                    add(nested, path: name + "[]")
                default:
                    break
                }
            }
        }
        add(properties, path: path)
        return rows.joined(separator: "\n") + "\n"
    }

    private static func display(_ type: SchemaType) -> String {
        switch type {
        case .string(let rule):
            var text = "string"
            var limits: [String] = []
            if rule.minimumLength > 1 || rule.maximumLength != nil {
                limits.append("\(rule.minimumLength)..\(rule.maximumLength.map(String.init) ?? "")")
            }
            if let words = rule.patternDescription { limits.append(words) }
            if !limits.isEmpty { text += " (" + limits.joined(separator: "; ") + ")" }
            return text.replacingOccurrences(of: "|", with: "\\|")
        case .integer(let minimum, let maximum):
            return "integer \(minimum.map(String.init) ?? "")..\(maximum.map(String.init) ?? "")"
        case .number(let minimum, let maximum):
            return "number \(DecimalText.written(minimum))..\(DecimalText.written(maximum))"
        case .enumeration(let values):
            return values.map { "`\($0)`" }.joined(separator: " \\| ")
        case .list(let element, _):
            if case .object = element { return "list of mappings" }
            return "list of \(display(element))"
        default:
            return type.displayName
        }
    }
}
