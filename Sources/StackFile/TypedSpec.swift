/// The spec of one resource kind, taken out of and put back into `ResourceSpec`.
public protocol TypedSpec: Sendable, Equatable {
    static var resourceType: ResourceType { get }
    var name: String { get }
    var tags: [String: String] { get }
    /// What AWS holds that the file cannot express; none in a declared spec.
    var unmodelled: UnmodelledSettings { get }
    /// This spec with what another spec of the same resource adds: two delivery streams that
    /// share a log group each bring one of its log streams.
    func merged(with other: Self) -> Self
}

extension TypedSpec {
    /// Kinds whose every setting the file can state.
    public var unmodelled: UnmodelledSettings { UnmodelledSettings() }

    /// Kinds of which one spec says all there is: the first one stands.
    public func merged(with other: Self) -> Self { self }

    public var resourceSpec: ResourceSpec { ResourceSpec(self) }

    /// The payload of `spec`, when it is of this type.
    public init?(_ spec: ResourceSpec) {
        guard let typed = spec.payload as? Self else { return nil }
        self = typed
    }

    /// The payload of `spec`, when there is one and it is of this type.
    public init?(_ spec: ResourceSpec?) {
        guard let spec else { return nil }
        self.init(spec)
    }

    func isEqual(to other: any TypedSpec) -> Bool { (other as? Self) == self }

    func merged(withAny other: any TypedSpec) -> any TypedSpec {
        (other as? Self).map(merged(with:)) ?? self
    }
}
