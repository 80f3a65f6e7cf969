import Foundation
import StackFile

/// A provider of any type, as the engine holds it: specs go in and come out as
/// `ResourceSpec`. A spec of another type than the provider's is refused with an error, never
/// taken for something it is not.
public struct AnyResourceProvider: Sendable {
    private let provider: any ErasedProvider

    public init<Provider: ResourceProvider>(_ provider: Provider) {
        self.provider = Erased(provider: provider)
    }

    public var type: ResourceType { provider.type }
    public var replacingAttributes: Set<String> { provider.replacingAttributes }
    public var taggingAPIType: String? { provider.taggingAPIType }
    public var listsFromTagged: Bool { provider.listsFromTagged }

    public func attributes(of spec: ResourceSpec) throws -> Attributes {
        try provider.attributes(of: spec)
    }
    public func read(_ desired: ResourceSpec) async throws -> LiveResource? {
        try await provider.read(desired)
    }
    public func read(owned name: String) async throws -> LiveResource? {
        try await provider.read(owned: name)
    }
    public func create(_ spec: ResourceSpec, progress: ProgressReporter) async throws {
        try await provider.create(spec, progress: progress)
    }
    public func update(_ spec: ResourceSpec, from live: LiveResource, progress: ProgressReporter)
        async throws
    {
        try await provider.update(spec, from: live, progress: progress)
    }
    public func delete(_ live: LiveResource, progress: ProgressReporter) async throws {
        try await provider.delete(live, progress: progress)
    }
    public func creationDate(name: String) async throws -> Date? {
        try await provider.creationDate(name: name)
    }
    public func changes(from live: LiveResource, to desired: ResourceSpec) throws
        -> [AttributeChange]
    {
        try provider.changes(from: live, to: desired)
    }
    public func warnings(for desired: ResourceSpec, live: LiveResource?) throws -> [String] {
        try provider.warnings(for: desired, live: live)
    }
    public func deletionWarnings(_ live: LiveResource) async throws -> [DeletionWarning] {
        try await provider.deletionWarnings(live)
    }
    public func name(taggedAs arn: ARN) -> String? { provider.name(taggedAs: arn) }
    public func listOwned(_ search: OwnedSearch) async throws -> [String] {
        try await provider.listOwned(search)
    }
}

/// The operations of `ResourceProvider` on `ResourceSpec`s.
private protocol ErasedProvider: Sendable {
    var type: ResourceType { get }
    var replacingAttributes: Set<String> { get }
    var taggingAPIType: String? { get }
    var listsFromTagged: Bool { get }
    func attributes(of spec: ResourceSpec) throws -> Attributes
    func read(_ desired: ResourceSpec) async throws -> LiveResource?
    func read(owned name: String) async throws -> LiveResource?
    func create(_ spec: ResourceSpec, progress: ProgressReporter) async throws
    func update(_ spec: ResourceSpec, from live: LiveResource, progress: ProgressReporter)
        async throws
    func delete(_ live: LiveResource, progress: ProgressReporter) async throws
    func creationDate(name: String) async throws -> Date?
    func changes(from live: LiveResource, to desired: ResourceSpec) throws -> [AttributeChange]
    func warnings(for desired: ResourceSpec, live: LiveResource?) throws -> [String]
    func deletionWarnings(_ live: LiveResource) async throws -> [DeletionWarning]
    func name(taggedAs arn: ARN) -> String?
    func listOwned(_ search: OwnedSearch) async throws -> [String]
}

private struct Erased<Provider: ResourceProvider>: ErasedProvider {
    let provider: Provider

    var type: ResourceType { provider.type }
    var replacingAttributes: Set<String> { provider.replacingAttributes }
    var taggingAPIType: String? { provider.taggingAPIType }
    var listsFromTagged: Bool { provider.listsFromTagged }

    /// The provider's own spec type, or an error: the engine keeps types apart, so this
    /// names a mistake in streamstack rather than in the file.
    func typed(_ spec: ResourceSpec) throws -> Provider.Spec {
        guard let typed = Provider.Spec(spec) else {
            throw ProviderFailure.internalError(
                "the \(type) provider was handed \(spec.type) \(spec.name)")
        }
        return typed
    }

    func attributes(of spec: ResourceSpec) throws -> Attributes {
        provider.attributes(of: try typed(spec))
    }
    func read(_ desired: ResourceSpec) async throws -> LiveResource? {
        try await provider.read(typed(desired))
    }
    func read(owned name: String) async throws -> LiveResource? {
        try await provider.read(owned: name)
    }
    func create(_ spec: ResourceSpec, progress: ProgressReporter) async throws {
        try await provider.create(typed(spec), progress: progress)
    }
    func update(_ spec: ResourceSpec, from live: LiveResource, progress: ProgressReporter)
        async throws
    {
        try await provider.update(
            typed(spec), from: typed(live.spec), live: live, progress: progress)
    }
    func delete(_ live: LiveResource, progress: ProgressReporter) async throws {
        try await provider.delete(typed(live.spec), live: live, progress: progress)
    }
    func creationDate(name: String) async throws -> Date? {
        try await provider.creationDate(name: name)
    }
    func changes(from live: LiveResource, to desired: ResourceSpec) throws -> [AttributeChange] {
        provider.changes(from: try typed(live.spec), to: try typed(desired))
    }
    func warnings(for desired: ResourceSpec, live: LiveResource?) throws -> [String] {
        provider.warnings(for: try typed(desired), current: try live.map { try typed($0.spec) })
    }
    func deletionWarnings(_ live: LiveResource) async throws -> [DeletionWarning] {
        try await provider.deletionWarnings(typed(live.spec))
    }
    func name(taggedAs arn: ARN) -> String? { provider.name(taggedAs: arn) }
    func listOwned(_ search: OwnedSearch) async throws -> [String] {
        try await provider.listOwned(search)
    }
}
