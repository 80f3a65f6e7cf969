/// Fills in references in dependency order and builds each resource's spec with AWS's
/// defaults, through its kind.
extension StackDocument {
    public func resolve(_ context: ResolutionContext) throws(StackFileError) -> ResolvedStack {
        var resolved: [String: ResolvedResource] = [:]
        var order: [ResolvedResource] = []
        var diagnostics: [Diagnostic] = []
        for declaration in dependencyOrder() {
            let renderer = Renderer(document: self, context: context, resolved: resolved)
            let properties = RenderedProperties(mapping: declaration.properties, renderer: renderer)
            let tags = tags.mapValues(renderer.render)
                .merging(properties.stringMap(StackSchema.tags)) { $1 }
                .merging([Ownership.tagKey: name, Ownership.idTagKey: declaration.id]) { $1 }
            let (resolution, attributes) = declaration.kind.resolveAny(
                DeclaredResource(
                    declaration: declaration, properties: properties, context: context,
                    stack: name, file: file, tags: tags, resolved: resolved,
                    settings: RenderedProperties(mapping: settings, renderer: renderer)))
            diagnostics += resolution.diagnostics
            let companions = add(resolution.companions, to: &order)
            let resource = ResolvedResource(
                id: declaration.id, type: declaration.kind.type, spec: resolution.spec,
                dependencies: declaration.dependencies + companions,
                location: declaration.location, attributes: attributes)
            resolved[declaration.id] = resource
            order.append(resource)
            for var follower in resolution.followers {
                follower.dependencies.append(declaration.id)
                order.append(follower)
            }
        }
        if !diagnostics.isEmpty { throw StackFileError(diagnostics) }
        return ResolvedStack(name: name, context: context, resources: order)
    }

    /// Adds the resources that come with a declared one to `order`, and returns their ids. One
    /// that is already there (same type and name: a log group or Glue database two delivery
    /// streams share) is the first one's, with the second's spec merged into it; what depends
    /// on it depends on the first one's id.
    private func add(_ companions: [ResolvedResource], to order: inout [ResolvedResource])
        -> [String]
    {
        var ids: [String] = []
        var sharedAs: [String: String] = [:]
        for var companion in companions {
            if let index = order.firstIndex(where: {
                $0.type == companion.type && $0.spec.name == companion.spec.name
            }) {
                order[index].spec = order[index].spec.merged(with: companion.spec)
                sharedAs[companion.id] = order[index].id
                ids.append(order[index].id)
                continue
            }
            companion.dependencies = companion.dependencies.map { sharedAs[$0] ?? $0 }
            order.append(companion)
            ids.append(companion.id)
        }
        return ids
    }

    /// Resources ordered so that each comes after everything it depends on (validation has
    /// ruled out cycles); ties keep file order.
    func dependencyOrder() -> [ResourceDeclaration] {
        var placed: Set<String> = []
        var order: [ResourceDeclaration] = []
        var remaining = resources
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.dependencies.allSatisfy(placed.contains) }
            guard !ready.isEmpty else { return order + remaining }
            for resource in ready {
                placed.insert(resource.id)
                order.append(resource)
            }
            remaining.removeAll { placed.contains($0.id) }
        }
        return order
    }
}

/// Renders `${...}` with built-ins, variables and attributes of resources resolved so far.
package struct Renderer {
    let document: StackDocument
    let context: ResolutionContext
    let resolved: [String: ResolvedResource]

    package func render(_ text: String) -> String {
        guard text.contains("${"), case .success(let interpolation) = Interpolation.parse(text)
        else {
            return text
        }
        let values = ReferenceValues(
            accountID: context.accountID, region: context.region, partition: context.partition,
            stackName: document.name, variables: document.variables,
            attribute: { resource, name in resolved[resource]?.attributes[name] })
        // Validation has refused references to nothing.
        return interpolation.rendered(with: values) ?? text
    }
}
