/// What the stack language asks of a kind that stack files declare under `resources:`: its
/// schema, the rules across its properties, how it resolves to a spec, and how `import` writes
/// one back. The language core knows kinds only through this.
package protocol DeclarableKind: Sendable {
    associatedtype Spec: TypedSpec

    /// Its properties with their defaults, and the attributes `${ID.ATTRIBUTE}` can name.
    static var schema: ResourceTypeSchema { get }

    /// Rules that span several properties of one resource, beyond what the schema says of each.
    static func checkRules(
        _ properties: StackNode.Mapping, owner: SourceLocation, in validator: StackValidator)

    /// How many of streamstack's own tags a resource declared so carries (AWS allows 50 in all).
    static func streamstackTagCount(
        _ properties: StackNode.Mapping, in validator: StackValidator
    ) -> Int

    /// The declared resource's spec with AWS's defaults, and the resources that come with it.
    static func resolve(_ declared: DeclaredResource) -> Resolution<Spec>

    /// The values `${ID.ATTRIBUTE}` names (the keys of the schema's `attributes`).
    static func attributes(of spec: Spec, in context: ResolutionContext) -> [String: String]

    /// The `properties:` lines of a resource of this kind in a stack file `import` writes.
    static func properties(
        of spec: Spec, id: String, in file: StackFileWriter,
        among others: [StackFileWriter.Resource]
    ) -> [String]
}

extension DeclarableKind {
    /// `streamstack:stack` and `streamstack:id`.
    package static func streamstackTagCount(
        _ properties: StackNode.Mapping, in validator: StackValidator
    ) -> Int { 2 }

    package static var type: ResourceType { Spec.resourceType }

    static func properties(
        ofAny spec: ResourceSpec, id: String, in file: StackFileWriter,
        among others: [StackFileWriter.Resource]
    ) -> [String]? {
        Spec(spec).map { properties(of: $0, id: id, in: file, among: others) }
    }

    static func attributes(ofAny spec: ResourceSpec, in context: ResolutionContext)
        -> [String: String]?
    {
        Spec(spec).map { attributes(of: $0, in: context) }
    }

    /// The resolution with the spec's attributes.
    static func resolveAny(_ declared: DeclaredResource) -> (
        Resolution<ResourceSpec>, attributes: [String: String]
    ) {
        let resolution = resolve(declared)
        return (
            Resolution<ResourceSpec>(
                spec: resolution.spec.resourceSpec, companions: resolution.companions,
                followers: resolution.followers, diagnostics: resolution.diagnostics),
            attributes(of: resolution.spec, in: declared.context)
        )
    }
}

/// A declared resource with everything its kind needs to resolve it: properties with
/// `${...}` rendered, what only AWS knows, the tags it gets, the resources resolved before it.
package struct DeclaredResource {
    package let declaration: ResourceDeclaration
    package let properties: RenderedProperties
    package let context: ResolutionContext
    /// The stack's name.
    package let stack: String
    /// The stack file's path, for diagnostics.
    package let file: String
    /// The stack's tags, the resource's own and the ownership tags.
    package let tags: [String: String]
    /// Every resource resolved so far, by id.
    package let resolved: [String: ResolvedResource]
    /// The stack's top-level keys, `${...}` rendered: the sections kinds read (`monitoring`).
    package let settings: RenderedProperties

    package var id: String { declaration.id }
}

/// What a kind makes of a declared resource.
package struct Resolution<Spec: Sendable> {
    package var spec: Spec
    /// Resources that come with it and are created before it (a delivery stream's role, log
    /// group, Glue database and table); it depends on each. One that another resource already
    /// brought (same type and name) is that one, with this one's spec merged into it.
    package var companions: [ResolvedResource] = []
    /// Resources that come with it and watch it (its alarms): created after it, each depending
    /// on it.
    package var followers: [ResolvedResource] = []
    /// Problems only the filled-in values show.
    package var diagnostics: [Diagnostic] = []

    package init(
        spec: Spec, companions: [ResolvedResource] = [], followers: [ResolvedResource] = [],
        diagnostics: [Diagnostic] = []
    ) {
        self.spec = spec
        self.companions = companions
        self.followers = followers
        self.diagnostics = diagnostics
    }
}

/// The kinds stack files can declare, in the order the schema and the reference list them, and
/// the top-level sections kinds read (`monitoring`).
public struct StackLanguage: Sendable {
    let kinds: [any DeclarableKind.Type]
    let settings: [Section]
    /// Rules across the keys of those sections, beyond what their schema says.
    let settingsRules: [@Sendable (StackNode.Mapping, StackValidator) -> Void]

    package init(
        kinds: [any DeclarableKind.Type], settings: [Section] = [],
        settingsRules: [@Sendable (StackNode.Mapping, StackValidator) -> Void] = []
    ) {
        self.kinds = kinds
        self.settings = settings
        self.settingsRules = settingsRules
    }

    /// Every declarable kind's schema.
    public var resourceTypes: [ResourceTypeSchema] { kinds.map { $0.schema } }

    func kind(named name: String) -> (any DeclarableKind.Type)? {
        kinds.first { $0.schema.name == name }
    }

    func kind(of type: ResourceType) -> (any DeclarableKind.Type)? {
        kinds.first { $0.schema.type == type }
    }
}
