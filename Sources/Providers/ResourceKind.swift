import AWS
import StackFile

/// What the engine asks of a kind of resource beyond its provider: the order of its deletes,
/// whether its creates are written down first, where records flow through it, and what
/// replacing or deleting one can lose. The engine knows kinds only through this.
public protocol ResourceKind: Sendable {
    associatedtype Spec: TypedSpec
    associatedtype Provider: ResourceProvider where Provider.Spec == Spec

    /// Deleted in rank order, lowest first: what uses others goes before what it uses.
    static var deletionRank: Int { get }

    /// Created under a name the stack chose but tagged only after AWS answers: a lost answer
    /// would leave an untagged resource, so the create is written down first.
    static var isJournaled: Bool { get }

    /// Where it stands in the pipeline's picture.
    static var recordFlow: RecordFlow { get }

    /// Its provider, on the AWS the services reach.
    static func provider(_ services: ProviderServices) throws -> Provider

    /// What replacing (or deleting) the resource can lose of the records in flight; nil when
    /// nothing.
    static func dataInFlight(_ current: Spec, replacing: Bool) -> String?

    /// The live resource as its delete must see it: words the file gives about deleting it
    /// (force_destroy) are the file's, not AWS state.
    static func withDeletionWords(_ live: Spec, declared: Spec?, adopting: Bool) -> Spec

    /// The CloudFormation resources that make it (`synth`), with every setting apply would make.
    static func template(_ spec: Spec) -> [TemplateResource]
}

extension ResourceKind {
    public static var type: ResourceType { Spec.resourceType }

    public static func dataInFlight(_ current: Spec, replacing: Bool) -> String? { nil }

    public static func withDeletionWords(_ live: Spec, declared: Spec?, adopting: Bool) -> Spec {
        live
    }

    public static func anyProvider(_ services: ProviderServices) throws -> AnyResourceProvider {
        AnyResourceProvider(try provider(services))
    }

    public static func template(_ spec: ResourceSpec) -> [TemplateResource] {
        Spec(spec).map(template) ?? []
    }

    public static func dataInFlight(_ current: ResourceSpec, replacing: Bool) -> String? {
        Spec(current).flatMap { dataInFlight($0, replacing: replacing) }
    }

    public static func withDeletionWords(
        _ live: ResourceSpec, declared: ResourceSpec?, adopting: Bool
    ) -> ResourceSpec {
        guard let typed = Spec(live) else { return live }
        return withDeletionWords(typed, declared: Spec(declared), adopting: adopting).resourceSpec
    }
}

/// How records pass a resource, for the pipeline's picture.
public enum RecordFlow: Sendable {
    /// Records come from it (a stream).
    case source
    /// Records move through it, from a source it depends on to a sink it depends on (a
    /// delivery stream).
    case carrier
    /// Records end in it (a bucket).
    case sink
    /// Beside the flow (a role, a log group, a Glue table, an alarm).
    case beside
}

/// What every provider is built from: one AWS context and the settings of waiting and
/// finding.
public struct ProviderServices: Sendable {
    public var context: AWSContext
    public var waiter: Waiter
    /// How long a delivery stream waits for a new role to become usable.
    public var rolePropagationTimeout: Duration
    public var streamDiscovery: StreamDiscovery
    /// The account every bucket call expects to own the bucket.
    public var bucketOwner: ExpectedBucketOwner?
    /// The tagging API's view of the stack's resources, shared by every provider of a run.
    public var tagged: TaggedResources?

    public init(
        context: AWSContext, waiter: Waiter = Waiter(),
        rolePropagationTimeout: Duration = .seconds(120),
        streamDiscovery: StreamDiscovery = .taggingAPI, bucketOwner: ExpectedBucketOwner? = nil,
        tagged: TaggedResources? = nil
    ) {
        self.tagged = tagged
        self.context = context
        self.waiter = waiter
        self.rolePropagationTimeout = rolePropagationTimeout
        self.streamDiscovery = streamDiscovery
        self.bucketOwner = bucketOwner
    }
}
