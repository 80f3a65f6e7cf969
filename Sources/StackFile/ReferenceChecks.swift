/// `${...}` references: each must name something that exists, and together they must not form
/// a cycle.
extension StackValidator {
    /// Checks every reference under `node` and returns the resource ids it refers to.
    func checkReferences(in node: StackNode, from id: String?) -> [String] {
        var targets: [String] = []
        forEachScalar(in: node) { scalar in
            guard scalar.text.contains("${") else { return }
            switch Interpolation.parse(scalar.text) {
            case .failure(let problem):
                error(scalar.textStart.advanced(by: problem.offset), problem.message)
            case .success(let interpolation):
                for reference in interpolation.references {
                    let location = scalar.textStart.advanced(by: reference.offset)
                    if let target = checkReference(reference.expression, at: location, from: id) {
                        targets.append(target)
                    }
                }
            }
        }
        return targets
    }

    /// Stack-level values (tags, description, the sections kinds read) may use built-ins and
    /// variables only.
    func checkTopLevelReferences(_ top: StackNode.Mapping) {
        for key in [Top.tags.name, Top.description.name] + language.settings.map(\.name) {
            if let node = top[key] { _ = checkReferences(in: node, from: nil) }
        }
    }

    private func forEachScalar(in node: StackNode, _ body: (StackNode.Scalar) -> Void) {
        switch node {
        case .scalar(let scalar): body(scalar)
        case .sequence(let items, _): for item in items { forEachScalar(in: item, body) }
        case .mapping(let mapping):
            for entry in mapping.entries { forEachScalar(in: entry.value, body) }
        }
    }

    /// Returns the resource id referred to, if the reference is to a resource.
    private func checkReference(_ expression: String, at location: SourceLocation, from id: String?)
        -> String?
    {
        let head: String
        let attribute: String
        switch Reference.parse(expression) {
        case .failure(.malformed):
            error(
                location,
                "invalid reference '${\(expression)}': expected RESOURCE.ATTRIBUTE, aws.account_id, aws.region, aws.partition, stack.name or var.NAME"
            )
            return nil
        case .failure(.unknownAWS(let name)):
            error(
                location,
                "unknown built-in 'aws.\(name)'\(Suggestion.didYouMean(name, in: Reference.awsNames)); aws has \(Reference.awsNames.joined(separator: ", "))"
            )
            return nil
        case .failure(.unknownStack(let name)):
            error(location, "unknown built-in 'stack.\(name)'; stack has only name")
            return nil
        case .success(.accountID), .success(.region), .success(.partition), .success(.stackName):
            return nil
        case .success(.variable(let name)):
            if variables[name] == nil {
                error(
                    location,
                    "variable '\(name)' has no value\(Suggestion.didYouMean(name, in: Array(variables.keys))): declare it under `variables:` with a default, or pass --var \(name)=VALUE"
                )
            }
            return nil
        case .success(.attribute(let resource, let name)):
            (head, attribute) = (resource, name)
        }
        guard resourceIDs.contains(head) else {
            error(
                location,
                "unknown resource '\(head)' in '${\(expression)}'\(Suggestion.didYouMean(head, in: resourceIDs + Reference.namespaces))"
            )
            return nil
        }
        guard let id else {
            error(location, "stack-level values cannot refer to resources ('${\(expression)}')")
            return nil
        }
        if head == id {
            error(location, "resource '\(id)' refers to itself in '${\(expression)}'")
            return nil
        }
        if let type = resourceTypes[head], type.attributes[attribute] == nil {
            let names = type.attributes.keys.sorted()
            error(
                location,
                "\(type.name) '\(head)' has no attribute '\(attribute)'\(Suggestion.didYouMean(attribute, in: names)); it has \(names.joined(separator: ", "))"
            )
        }
        return head
    }

    /// Reports each dependency cycle once, at the first resource on it.
    func checkCycles(_ resources: [ResourceDeclaration]) {
        let edges = Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0.dependencies) })
        let locations = Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0.location) })
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var path: [String] = []
        var reported: Set<Set<String>> = []

        func visit(_ id: String) {
            state[id] = 1
            path.append(id)
            for next in edges[id] ?? [] {
                if state[next] == 1 {
                    let cycle = Array(path[path.firstIndex(of: next)!...])
                    if reported.insert(Set(cycle)).inserted, let first = locations[cycle[0]] {
                        error(
                            first,
                            "dependency cycle: \((cycle + [next]).joined(separator: " → ")); break it by removing one reference or depends_on"
                        )
                    }
                } else if state[next] == nil {
                    visit(next)
                }
            }
            path.removeLast()
            state[id] = 2
        }
        for resource in resources where state[resource.id] == nil {
            visit(resource.id)
        }
    }

    /// Two resources of one type cannot share a physical name.
    func checkDuplicateNames(_ resources: [ResourceDeclaration]) {
        var seen: [String: ResourceDeclaration] = [:]
        for resource in resources {
            let nameNode = resource.properties["name"]?.scalar
            let name: String
            if let nameNode {
                guard case .known(let text) = offlineText(nameNode, forString: true) else {
                    continue
                }
                name = text
            } else {
                name = resource.id
            }
            let key = resource.type.name + "\u{0}" + name
            if let first = seen[key] {
                error(
                    nameNode?.location ?? resource.location,
                    "\(resource.type.name) '\(resource.id)' has the same name '\(name)' as '\(first.id)'"
                )
            } else {
                seen[key] = resource
            }
        }
    }
}
