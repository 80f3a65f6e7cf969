/// One resolved resource of the stack: the spec of its kind, whichever kind that is.
public struct ResourceSpec: Sendable, Equatable {
    /// The spec of its kind.
    public let payload: any TypedSpec

    public init(_ payload: any TypedSpec) { self.payload = payload }

    public var type: ResourceType { Swift.type(of: payload).resourceType }
    public var name: String { payload.name }
    public var tags: [String: String] { payload.tags }
    public var unmodelled: UnmodelledSettings { payload.unmodelled }

    /// This spec with what `other` (a spec of the same resource) adds to it.
    public func merged(with other: ResourceSpec) -> ResourceSpec {
        ResourceSpec(payload.merged(withAny: other.payload))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.payload.isEqual(to: rhs.payload) }
}
