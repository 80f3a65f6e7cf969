import Foundation

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
public final class URLSessionHTTPClient: HTTPClient {
    private let session: URLSession

    /// - Parameter maximumConnectionsPerHost: enough for a plan's first wave of reads (about
    /// fifteen calls at once) to go out together even when one endpoint serves every service
    /// (AWS_ENDPOINT_URL); connections are kept alive and reused per host.
    public init(maximumConnectionsPerHost: Int = 24) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // URLSession truncates timeouts to whole seconds; below one second means none.
        urlRequest.timeoutInterval = max(1, Double(timeout.components.seconds))
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        // A GET or HEAD with a body fails in libcurl (URLError -1103).
        if !request.body.isEmpty || !["GET", "HEAD"].contains(request.method) {
            urlRequest.httpBody = request.body
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await perform(urlRequest)
        } catch let error as URLError {
            throw Self.transportError(error, url: request.url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError(.other, "no HTTP response from \(request.url.host ?? "")")
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// A data task that task cancellation never reaches. On Linux, cancelling URLSession's
    /// async `data(for:)` while its answer arrives can deadlock (the cancel waits on the
    /// session's queue, which waits on the task's status lock); a request in flight is always
    /// let finish instead, as AWS calls are short and bounded by their timeout.
    private func perform(_ request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let response {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }.resume()
        }
    }

    static func transportError(_ error: URLError, url: URL) -> TransportError {
        let host = url.host.map { $0 + (url.port.map { ":\($0)" } ?? "") } ?? url.absoluteString
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
