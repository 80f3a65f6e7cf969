/// A properties mapping read through its fields, `${...}` references rendered: each value
/// typed, each absent key taking its field's default.
package struct RenderedProperties {
    let mapping: StackNode.Mapping
    let renderer: Renderer

    private func text(_ key: String) -> String? {
        guard let scalar = mapping[key]?.scalar, !scalar.isNull else { return nil }
        return renderer.render(scalar.text)
    }

    /// nil when absent (validation has refused values that do not parse).
    package subscript<Value>(_ field: Field<Value>) -> Value? {
        text(field.name).flatMap(field.parse)
    }

    package subscript<Value>(_ field: DefaultedField<Value>) -> Value {
        self[field.field] ?? field.defaultValue
    }

    /// Validation refused a mapping without it and a value that does not parse.
    package subscript<Value>(_ field: RequiredField<Value>) -> Value {
        guard let value = self[field.field] else {
            preconditionFailure("validation let '\(field.name)' through absent or unparsable")
        }
        return value
    }

    /// Validation refused a mapping without it.
    package subscript(_ section: RequiredSection) -> RenderedProperties {
        guard let properties = self[section.section] else {
            preconditionFailure("validation let a mapping through without '\(section.name)'")
        }
        return properties
    }

    package subscript(_ section: Section) -> RenderedProperties? {
        mapping[section.name]?.mapping.map { RenderedProperties(mapping: $0, renderer: renderer) }
    }

    /// The mappings of a list section (`columns`).
    package func list(_ section: some StackKey) -> [RenderedProperties] {
        guard case .sequence(let items, _) = mapping[section.name] else { return [] }
        return items.compactMap {
            $0.mapping.map { RenderedProperties(mapping: $0, renderer: renderer) }
        }
    }

    /// A mapping of any shape as a JSON object, every scalar a string with `${...}` rendered
    /// (policy documents are strings all the way down); nil when absent.
    package func document(_ section: some StackKey) -> [String: Any]? {
        guard let node = mapping[section.name], node.mapping != nil else { return nil }
        return node.jsonObject(scalar: renderer.render) as? [String: Any]
    }

    /// A mapping of user-chosen keys to strings (tags, partition keys).
    package func stringMap(_ section: some StackKey) -> [String: String] {
        var values: [String: String] = [:]
        for entry in mapping[section.name]?.mapping?.entries ?? [] {
            if let scalar = entry.value.scalar, !scalar.isNull {
                values[entry.key] = renderer.render(scalar.text)
            }
        }
        return values
    }
}
