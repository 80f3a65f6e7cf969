import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one HTTP request and returns its response. Transport failures (refused, dropped,
/// timed out) throw `TransportError`.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

/// A failure below HTTP: no response arrived.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case timedOut
        case connectionLost
        case cannotConnect
        case hostNotFound
        case other
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}

/// URLSession (libcurl on Linux). It adds Accept, User-Agent and the like itself: none of
/// those is signed.
///
/// Answers are bounded: a redirect is never followed (it would carry the signed request, and
/// with it the session token, to another host; the 3xx is returned as the answer), a body
/// larger than `maximumResponseBytes` is cut off, and an attempt that is still receiving after
/// `totalDeadlineFactor` times its timeout (a body dripped a byte at a time never idles long
/// enough for the timeout) is ended.
public final class URLSessionHTTPClient: HTTPClient {
    private let session: URLSession
    private let tasks: TaskDelegate
    public let maximumResponseBytes: Int
    public static let defaultMaximumResponseBytes = 256 * 1024 * 1024
    public static let totalDeadlineFactor = 4

    /// - Parameter maximumConnectionsPerHost: enough for a plan's first wave of reads (about
    /// fifteen calls at once) to go out together even when one endpoint serves every service
    /// (AWS_ENDPOINT_URL); connections are kept alive and reused per host.
    /// - Parameter maximumResponseBytes: the largest body read (delivered objects are at most
    /// 128 MiB; API answers are far smaller).
    public init(
        maximumConnectionsPerHost: Int = 24,
        maximumResponseBytes: Int = URLSessionHTTPClient.defaultMaximumResponseBytes
    ) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        self.maximumResponseBytes = maximumResponseBytes
        tasks = TaskDelegate(maximumResponseBytes: maximumResponseBytes)
        session = URLSession(configuration: configuration, delegate: tasks, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // URLSession truncates timeouts to whole seconds; below one second means none.
        let seconds = max(1, Double(timeout.components.seconds))
        urlRequest.timeoutInterval = seconds
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        // A GET or HEAD with a body fails in libcurl (URLError -1103).
        if !request.body.isEmpty || !["GET", "HEAD"].contains(request.method) {
            urlRequest.httpBody = request.body
        }
        let (data, response) = try await perform(
            urlRequest, deadline: seconds * Double(Self.totalDeadlineFactor))
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPResponse(status: response.statusCode, headers: headers, body: data)
    }

    /// A data task that task cancellation never reaches. On Linux, cancelling a URLSession
    /// task while its answer arrives can deadlock (the cancel waits on the session's queue,
    /// which waits on the task's status lock): a request in flight is let finish, bounded by
    /// its timeout and deadline, and a task cut off is cancelled from another thread after
    /// its caller has been answered.
    private func perform(_ request: URLRequest, deadline: Double) async throws -> (
        Data, HTTPURLResponse
    ) {
        let url = request.url!
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request)
            tasks.register(task, url: url, continuation: continuation)
            // Only the task's number: holding the task would hold its session, and with it its
            // connections, until the deadline.
            let identifier = task.taskIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { [tasks] in
                tasks.finish(
                    identifier,
                    with: .failure(
                        TransportError(
                            .timedOut,
                            "request to \(Self.hostDescription(url)) was still receiving after \(Int(deadline)) s"
                        )))
            }
            task.resume()
        }
    }

    static func hostDescription(_ url: URL) -> String {
        url.host.map { $0 + (url.port.map { ":\($0)" } ?? "") } ?? url.absoluteString
    }

    static func transportError(_ error: URLError, url: URL) -> TransportError {
        let host = hostDescription(url)
        switch error.code {
        case .timedOut:
            return TransportError(.timedOut, "request to \(host) timed out")
        case .networkConnectionLost, .badServerResponse, .zeroByteResource:
            return TransportError(
                .connectionLost, "connection to \(host) was dropped before a response")
        case .cannotConnectToHost, .notConnectedToInternet, .secureConnectionFailed:
            return TransportError(
                .cannotConnect, "cannot connect to \(host): \(error.localizedDescription)")
        case .cannotFindHost, .dnsLookupFailed:
            return TransportError(.hostNotFound, "cannot resolve host \(host)")
        default:
            return TransportError(
                .other,
                "request to \(host) failed: \(error.localizedDescription) (\(error.code.rawValue))")
        }
    }
}

/// The session's delegate: collects each task's answer within its bounds and hands it to the
/// task's waiting caller exactly once.
private final class TaskDelegate: NSObject, URLSessionDataDelegate, Sendable {
    typealias Outcome = Result<(Data, HTTPURLResponse), any Error>

    private struct Pending {
        /// Held while the task runs, to cancel it when it is cut off.
        var task: URLSessionTask
        var url: URL
        var continuation: CheckedContinuation<(Data, HTTPURLResponse), any Error>
        var data = Data()
        var response: HTTPURLResponse?
    }

    private let maximumResponseBytes: Int
    private let pending = Mutex<[Int: Pending]>([:])

    init(maximumResponseBytes: Int) {
        self.maximumResponseBytes = maximumResponseBytes
    }

    func register(
        _ task: URLSessionTask, url: URL,
        continuation: CheckedContinuation<(Data, HTTPURLResponse), any Error>
    ) {
        pending.withLock {
            $0[task.taskIdentifier] = Pending(task: task, url: url, continuation: continuation)
        }
    }

    /// Answers the task's caller, unless it has been answered already; a task cut off before
    /// its end is cancelled off this thread.
    func finish(_ identifier: Int, with outcome: Outcome, cancel: Bool = true) {
        guard let entry = pending.withLock({ $0.removeValue(forKey: identifier) }) else { return }
        entry.continuation.resume(with: outcome)
        if cancel {
            let task = entry.task
            DispatchQueue.global().async { task.cancel() }
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        pending.withLock { $0[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge: URL? = pending.withLock { tasks in
            guard var entry = tasks[dataTask.taskIdentifier] else { return nil }
            guard entry.data.count + data.count <= maximumResponseBytes else { return entry.url }
            entry.data.append(data)
            tasks[dataTask.taskIdentifier] = entry
            return nil
        }
        if let url = tooLarge {
            finish(
                dataTask.taskIdentifier,
                with: .failure(
                    TransportError(
                        .other,
                        "the answer from \(URLSessionHTTPClient.hostDescription(url)) is larger than \(maximumResponseBytes / 1024 / 1024) MiB; it was not read"
                    )))
        }
    }

    /// Never followed: the 3xx itself is the answer.
    func urlSession(
        _ session: URLSession, task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?
    ) {
        let entry = pending.withLock { $0[task.taskIdentifier] }
        guard let entry else { return }
        let outcome: Outcome
        if let error = error as? URLError {
            outcome = .failure(URLSessionHTTPClient.transportError(error, url: entry.url))
        } else if let error {
            outcome = .failure(
                TransportError(
                    .other,
                    "request to \(URLSessionHTTPClient.hostDescription(entry.url)) failed: \(error)"
                ))
        } else if let response = entry.response ?? task.response as? HTTPURLResponse {
            outcome = .success((entry.data, response))
        } else {
            outcome = .failure(
                TransportError(
                    .connectionLost,
                    "no HTTP response from \(URLSessionHTTPClient.hostDescription(entry.url))"))
        }
        finish(task.taskIdentifier, with: outcome, cancel: false)
    }
}
