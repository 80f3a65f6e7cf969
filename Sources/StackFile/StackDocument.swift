/// A stack file that passed validation: its settings, and its resources with their
/// dependencies. Property values keep their `${...}` references until `resolve` fills them in.
public struct StackDocument: Sendable {
    public var file: String
    public var name: String
    public var region: String?
    public var description: String?
    public var tags: [String: String]
    /// Defaults from the file with `--var`/`--var-file` values applied.
    public var variables: [String: String]
    /// In file order.
    public var resources: [ResourceDeclaration]
    /// What validation found worth saying that is not an error (a bucket open to the public);
    /// never changes an exit code.
    public var warnings: [Diagnostic] = []
    /// The file's `cost:` block: the traffic cost estimates assume.
    public var traffic: Traffic? = nil
    /// `lock: { bucket: NAME }`: where apply and destroy keep the stack's lock.
    public var lockBucket: String? = nil
    /// The top-level mapping, for the sections kinds read (`monitoring`).
    package var settings = StackNode.Mapping(
        entries: [], location: SourceLocation(file: "", line: 1, column: 1))

    public func resource(_ id: String) -> ResourceDeclaration? {
        resources.first { $0.id == id }
    }
}

public struct ResourceDeclaration: Sendable {
    public var id: String
    public var location: SourceLocation
    /// The kind its `type` names.
    package var kind: any DeclarableKind.Type
    public var type: ResourceTypeSchema { kind.schema }
    /// The `properties` mapping (empty when omitted).
    public var properties: StackNode.Mapping
    /// Ids this resource refers to or names in `depends_on`, sorted.
    public var dependencies: [String]
}

/// What the caller knows before validation: variable values from the command line and the
/// region if one was chosen outside the file.
public struct ValidationOptions: Sendable {
    public var variables: [String: String]
    /// `--region`: it may only repeat a region the file names.
    public var region: String?
    /// Region names that exist; empty to accept any well-formed name.
    public var knownRegions: Set<String>

    public init(
        variables: [String: String] = [:], region: String? = nil, knownRegions: Set<String> = []
    ) {
        self.variables = variables
        self.region = region
        self.knownRegions = knownRegions
    }
}
