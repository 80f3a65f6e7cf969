import AWS
import Foundation
import Kinds
import Providers
import StackFile
import TestSupport

let testAccount = "123456789012"

/// The specs a stack file resolves to, as the engine would get them.
func resolve(_ yaml: String) throws -> ResolvedStack {
    let document = try StackLoader.load(text: yaml, file: "test.yaml")
    return try document.resolve(ResolutionContext(accountID: testAccount, region: "sa-east-1"))
}

func spec(_ stack: ResolvedStack, _ id: String) -> ResourceSpec { stack.resource(id)!.spec }

/// Waits that poll quickly, for tests.
let quickWaiter = Waiter(interval: .milliseconds(10), timeout: .seconds(20))

/// Rewrites the first `count` answers to `operation` with `change`.
func rewriteFirst(
    _ count: Int, of operation: String, _ change: @escaping @Sendable (String) -> String
)
    -> @Sendable (FaultProxy.Request) -> FaultProxy.Fault
{
    FaultProxy.first(
        count, of: operation, .rewrite { Data(change(String(decoding: $0, as: UTF8.self)).utf8) })
}

func context(_ server: MotoServer, through proxy: FaultProxy? = nil) -> AWSContext {
    motoContext(server, through: proxy, retry: fastRetries(maxAttempts: 3))
}

/// Collects provider notes.
final class NoteCollector: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func note(_ message: String) { lock.withLock { collected.append(message) } }
    var notes: [String] { lock.withLock { collected } }
}

/// The engine's view of a provider, for tests that hold specs as the resolver gives them.
extension ResourceProvider {
    func create(_ spec: ResourceSpec, progress: ProgressReporter) async throws {
        try await AnyResourceProvider(self).create(spec, progress: progress)
    }
    func read(_ spec: ResourceSpec) async throws -> LiveResource? {
        try await AnyResourceProvider(self).read(spec)
    }
    func update(_ spec: ResourceSpec, from live: LiveResource, progress: ProgressReporter)
        async throws
    {
        try await AnyResourceProvider(self).update(spec, from: live, progress: progress)
    }
    func delete(_ live: LiveResource, progress: ProgressReporter) async throws {
        try await AnyResourceProvider(self).delete(live, progress: progress)
    }
    func changes(from live: LiveResource, to desired: ResourceSpec) throws -> [AttributeChange] {
        try AnyResourceProvider(self).changes(from: live, to: desired)
    }
    func attributes(of spec: ResourceSpec) throws -> Attributes {
        try AnyResourceProvider(self).attributes(of: spec)
    }
}
