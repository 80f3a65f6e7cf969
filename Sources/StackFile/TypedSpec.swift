/// The spec of one resource type, taken out of and put back into `ResourceSpec`.
public protocol TypedSpec: Sendable, Equatable {
    static var resourceType: ResourceType { get }
    var name: String { get }
    var tags: [String: String] { get }
    var resourceSpec: ResourceSpec { get }
    /// What AWS holds that the file cannot express; none in a declared spec.
    var unmodelled: UnmodelledSettings { get }
}

extension TypedSpec {
    /// Kinds whose every setting the file can state.
    public var unmodelled: UnmodelledSettings { UnmodelledSettings() }
}

extension TypedSpec {
    /// The payload of `spec`, when it is of this type.
    public init?(_ spec: ResourceSpec) {
        guard let typed = spec.payload as? Self else { return nil }
        self = typed
    }
}

extension KinesisStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .kinesisStream }
    public var resourceSpec: ResourceSpec { .kinesisStream(self) }
}

extension BucketSpec: TypedSpec {
    public static var resourceType: ResourceType { .bucket }
    public var resourceSpec: ResourceSpec { .bucket(self) }
}

extension DeliveryStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .deliveryStream }
    public var resourceSpec: ResourceSpec { .deliveryStream(self) }
}

extension RoleSpec: TypedSpec {
    public static var resourceType: ResourceType { .role }
    public var resourceSpec: ResourceSpec { .role(self) }
}

extension LogGroupSpec: TypedSpec {
    public static var resourceType: ResourceType { .logGroup }
    public var resourceSpec: ResourceSpec { .logGroup(self) }
}

extension GlueDatabaseSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueDatabase }
    public var resourceSpec: ResourceSpec { .glueDatabase(self) }
}

extension GlueTableSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueTable }
    public var resourceSpec: ResourceSpec { .glueTable(self) }
}
