import AWS
import Foundation
import Providers
import StackFile
import Synchronization
import TestSupport

let testAccount = "123456789012"

/// The specs a stack file resolves to, as the engine would get them.
func resolve(_ yaml: String) throws -> ResolvedStack {
    let document = try StackLoader.load(text: yaml, file: "test.yaml").get()
    return try document.resolve(ResolutionContext(accountID: testAccount, region: "sa-east-1"))
        .get()
}

func spec(_ stack: ResolvedStack, _ id: String) -> ResourceSpec { stack.resource(id)!.spec }

func context(_ server: MotoServer, through proxy: FaultProxy? = nil) -> AWSContext {
    AWSContext(
        region: "sa-east-1",
        credentials: StaticCredentialProvider(
            AWSCredentials(
                accessKeyID: server.accessKeyID, secretAccessKey: server.secretAccessKey,
                source: "test")),
        endpoints: EndpointResolver(commandLineOverride: proxy?.endpoint ?? server.endpoint),
        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
    )
}

/// Waits that poll quickly, for tests.
let quickWaiter = Waiter(
    initialDelay: .milliseconds(10), maximumDelay: .milliseconds(50), timeout: .seconds(20))

func unique(_ prefix: String) -> String { prefix + "-" + UUID().uuidString.lowercased().prefix(8) }

/// Rewrites the first `count` matching answers with `change`, then passes answers through.
func rewriteFirst(
    _ count: Int, of operation: String, _ change: @escaping @Sendable (String) -> String
) -> @Sendable (FaultProxy.Request) -> FaultProxy.Fault {
    let seen = Mutex(0)
    return { request in
        guard request.operation == operation else { return .forward }
        let index = seen.withLock { value in
            value += 1
            return value
        }
        guard index <= count else { return .forward }
        return .rewrite { body in Data(change(String(decoding: body, as: UTF8.self)).utf8) }
    }
}

/// Collects provider notes.
final class NoteCollector: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    func note(_ message: String) { lock.withLock { collected.append(message) } }
    var notes: [String] { lock.withLock { collected } }
}
