/// The spec of one resource type, taken out of and put back into `ResourceSpec`.
public protocol TypedSpec: Sendable, Equatable {
    static var resourceType: ResourceType { get }
    var name: String { get }
    var tags: [String: String] { get }
    var resourceSpec: ResourceSpec { get }
    /// The payload of `spec`, when it is of this type.
    init?(_ spec: ResourceSpec)
}

extension KinesisStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .kinesisStream }
    public var resourceSpec: ResourceSpec { .kinesisStream(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .kinesisStream(let value) = spec else { return nil }
        self = value
    }
}

extension BucketSpec: TypedSpec {
    public static var resourceType: ResourceType { .bucket }
    public var resourceSpec: ResourceSpec { .bucket(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .bucket(let value) = spec else { return nil }
        self = value
    }
}

extension DeliveryStreamSpec: TypedSpec {
    public static var resourceType: ResourceType { .deliveryStream }
    public var resourceSpec: ResourceSpec { .deliveryStream(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .deliveryStream(let value) = spec else { return nil }
        self = value
    }
}

extension RoleSpec: TypedSpec {
    public static var resourceType: ResourceType { .role }
    public var resourceSpec: ResourceSpec { .role(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .role(let value) = spec else { return nil }
        self = value
    }
}

extension LogGroupSpec: TypedSpec {
    public static var resourceType: ResourceType { .logGroup }
    public var resourceSpec: ResourceSpec { .logGroup(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .logGroup(let value) = spec else { return nil }
        self = value
    }
}

extension GlueDatabaseSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueDatabase }
    public var resourceSpec: ResourceSpec { .glueDatabase(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .glueDatabase(let value) = spec else { return nil }
        self = value
    }
}

extension GlueTableSpec: TypedSpec {
    public static var resourceType: ResourceType { .glueTable }
    public var resourceSpec: ResourceSpec { .glueTable(self) }
    public init?(_ spec: ResourceSpec) {
        guard case .glueTable(let value) = spec else { return nil }
        self = value
    }
}
