/// Rules that span several properties of one resource, beyond what the schema says of each.
extension StackValidator {
    func checkRules(
        _ kind: any DeclarableKind.Type, properties: StackNode.Mapping, owner: SourceLocation
    ) {
        checkTagCount(
            properties, owner: owner,
            streamstack: kind.streamstackTagCount(properties, in: self))
        kind.checkRules(properties, owner: owner, in: self)
    }

    /// AWS allows 50 tags on a resource: the stack's, the resource's own and streamstack's
    /// (`streamstack:stack`, `streamstack:id`, and `streamstack:force_destroy` on such buckets).
    private func checkTagCount(
        _ properties: StackNode.Mapping, owner: SourceLocation, streamstack: Int
    ) {
        let own = Set(properties[StackSchema.tags]?.mapping?.entries.map(\.key) ?? [])
        let total = own.union(stackTagKeys).count + streamstack
        guard total > 50 else { return }
        error(
            properties.entry(StackSchema.tags)?.keyLocation ?? owner,
            "this resource would carry \(total) tags (\(own.subtracting(stackTagKeys).count) of its own, \(stackTagKeys.count) from the stack, \(streamstack) of streamstack's); AWS allows 50"
        )
    }

    /// The offline value of a scalar property, if it is set and known.
    package func known(_ mapping: StackNode.Mapping?, _ key: String) -> String? {
        guard let scalar = mapping?[key]?.scalar, !scalar.isNull,
            case .known(let text) = offlineText(scalar, forString: false)
        else { return nil }
        return text
    }

    /// The offline value of a field, if it is set and known.
    package func known<Value>(_ mapping: StackNode.Mapping?, _ field: Field<Value>) -> Value? {
        known(mapping, field.name).flatMap(field.parse)
    }

    /// The offline value of a required field, if its mapping sets it and it is known.
    package func known<Value>(_ mapping: StackNode.Mapping?, _ field: RequiredField<Value>)
        -> Value?
    {
        known(mapping, field.field)
    }

    /// The offline value of a field, its default when absent (or known only to AWS).
    package func known<Value>(_ mapping: StackNode.Mapping?, _ field: DefaultedField<Value>)
        -> Value
    {
        known(mapping, field.field) ?? field.defaultValue
    }

    /// `source.kinesis_stream` must name a stream's ARN, `s3.bucket` a bucket's.
    package func checkReferenceType(_ node: StackNode?, expected: ResourceType) {
        guard let scalar = node?.scalar,
            case .success(let interpolation) = Interpolation.parse(scalar.text)
        else { return }
        for reference in interpolation.references {
            guard
                case .success(.attribute(let id, let attribute)) = Reference.parse(
                    reference.expression),
                let type = resourceTypes[id]
            else { continue }
            let location = scalar.textStart.advanced(by: reference.offset)
            if type.type != expected {
                error(
                    location,
                    "'\(id)' is of type \(type.name); this must be the ARN of a resource of type \(expected)"
                )
            } else if attribute != "arn", type.attributes[attribute] != nil {
                error(location, "this needs the ARN: write ${\(id).arn}")
            }
        }
    }
}
