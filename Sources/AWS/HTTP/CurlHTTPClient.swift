import CCurl
import Foundation
import Synchronization

/// libcurl's easy API, for when the user names a CA bundle (AWS_CA_BUNDLE, a profile's
/// `ca_bundle`): Foundation's URLSession gives no way to add a CA on Linux. It keeps the
/// bounds URLSessionHTTPClient keeps: redirects are returned, never followed; a body larger
/// than `maximumResponseBytes` is refused; an attempt idle for its timeout, or still
/// receiving after `totalDeadlineFactor` times it, is ended. Proxies come from `https_proxy`,
/// `http_proxy` and `no_proxy`, as libcurl reads them.
public final class CurlHTTPClient: HTTPClient {
    public let caBundle: String
    public let maximumResponseBytes: Int
    /// Handles of finished transfers, kept with their open connections for the next call.
    private let idle = Mutex<[Handle]>([])

    /// A libcurl easy handle; used by one transfer at a time.
    private struct Handle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    public init(
        caBundle: String,
        maximumResponseBytes: Int = URLSessionHTTPClient.defaultMaximumResponseBytes
    ) {
        ccurl_global_init()
        self.caBundle = caBundle
        self.maximumResponseBytes = maximumResponseBytes
    }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.pointer) }
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let transfer = Transfer(limit: maximumResponseBytes)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // A thread of its own: the transfer blocks until it ends.
                let thread = Thread { [self] in
                    continuation.resume(
                        with: Result { try perform(request, timeout: timeout, transfer) })
                }
                thread.start()
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
        }
    }

    private func perform(_ request: HTTPRequest, timeout: Duration, _ transfer: Transfer) throws
        -> HTTPResponse
    {
        let handle =
            idle.withLock { $0.popLast() }
            ?? curl_easy_init().map(Handle.init(pointer:))
        guard let handle else { throw TransportError(.other, "libcurl could not start a transfer") }
        let curl = handle.pointer
        var headerList: UnsafeMutablePointer<curl_slist>?
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let context = Unmanaged.passRetained(transfer)
        defer {
            context.release()
            curl_slist_free_all(headerList)
            curl_easy_reset(curl)
            errorText.deallocate()
            idle.withLock { $0.append(handle) }
        }
        let seconds = max(1, Int(timeout.components.seconds))
        // GET and HEAD carry no body; a DELETE only its own. Others send theirs (an empty one
        // as Content-Length: 0), from a buffer that is never null.
        let sendsBody =
            !["GET", "HEAD"].contains(request.method)
            && !(request.method == "DELETE" && request.body.isEmpty)
        let buffer = request.body.isEmpty ? Data([0]) : request.body
        try buffer.withUnsafeBytes { bytes in
            // Only the request's own headers: no Expect: 100-continue wait, and no default
            // Content-Type for bodies that have none.
            var headers = request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"]
            if request.header("Content-Type") == nil { headers.append("Content-Type:") }
            for header in headers { headerList = curl_slist_append(headerList, header) }
            var options = Self.options(
                for: request, seconds: seconds,
                body: sendsBody ? UnsafeMutableRawPointer(mutating: bytes.baseAddress) : nil)
            options += [
                (CURLOPT_CAINFO, .text(caBundle)),
                (CURLOPT_HTTPHEADER, .pointer(UnsafeMutableRawPointer(headerList))),
                (CURLOPT_ERRORBUFFER, .pointer(UnsafeMutableRawPointer(errorText))),
                (CURLOPT_WRITEDATA, .pointer(context.toOpaque())),
                (CURLOPT_HEADERDATA, .pointer(context.toOpaque())),
                (CURLOPT_XFERINFODATA, .pointer(context.toOpaque())),
            ]
            for (option, value) in options {
                try check(value.set(option, on: curl))
            }
            try check(ccurl_set_write_callback(curl, Transfer.receiveBody))
            try check(ccurl_set_header_callback(curl, Transfer.receiveHeader))
            try check(ccurl_set_progress_callback(curl, Transfer.progress))
            let started = ContinuousClock.now
            let code = curl_easy_perform(curl)
            guard code == CURLE_OK else {
                let deadline = seconds * URLSessionHTTPClient.totalDeadlineFactor
                if code == CURLE_OPERATION_TIMEDOUT,
                    ContinuousClock.now - started >= .seconds(deadline) - .milliseconds(100)
                {
                    throw TransportError(
                        .timedOut,
                        "request to \(URLSessionHTTPClient.hostDescription(request.url)) was still receiving after \(deadline) s"
                    )
                }
                throw failure(code, detail: String(cString: errorText), request.url, transfer)
            }
        }
        return HTTPResponse(
            status: ccurl_response_code(curl), headers: transfer.headers, body: transfer.body)
    }

    /// The URL, the method and body, and the bounds every transfer keeps: no redirects, an
    /// idle timeout and a deadline of `totalDeadlineFactor` times it.
    private static func options(
        for request: HTTPRequest, seconds: Int, body: UnsafeMutableRawPointer?
    ) -> [(CURLoption, OptionValue)] {
        var options: [(CURLoption, OptionValue)] = [
            (CURLOPT_URL, .text(request.url.absoluteString)),
            (CURLOPT_NOSIGNAL, .number(1)),
            (CURLOPT_FOLLOWLOCATION, .number(0)),
            (CURLOPT_CONNECTTIMEOUT, .number(seconds)),
            (CURLOPT_LOW_SPEED_LIMIT, .number(1)),
            (CURLOPT_LOW_SPEED_TIME, .number(seconds)),
            (CURLOPT_TIMEOUT, .number(seconds * URLSessionHTTPClient.totalDeadlineFactor)),
        ]
        switch request.method {
        case "GET": options.append((CURLOPT_HTTPGET, .number(1)))
        case "HEAD": options.append((CURLOPT_NOBODY, .number(1)))
        default: options.append((CURLOPT_CUSTOMREQUEST, .text(request.method)))
        }
        if let body {
            options.append((CURLOPT_POSTFIELDSIZE_LARGE, .size(Int64(request.body.count))))
            options.append((CURLOPT_POSTFIELDS, .pointer(body)))
        }
        return options
    }

    private enum OptionValue {
        case text(String)
        case number(Int)
        case size(Int64)
        case pointer(UnsafeMutableRawPointer?)

        func set(_ option: CURLoption, on curl: UnsafeMutableRawPointer) -> CURLcode {
            switch self {
            case .text(let text): ccurl_set_string(curl, option, text)
            case .number(let number): ccurl_set_long(curl, option, number)
            case .size(let size): ccurl_set_off(curl, option, curl_off_t(size))
            case .pointer(let pointer): ccurl_set_pointer(curl, option, pointer)
            }
        }
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw TransportError(
                .other, "libcurl refused a setting: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func failure(_ code: CURLcode, detail: String, _ url: URL, _ transfer: Transfer)
        -> Error
    {
        let host = URLSessionHTTPClient.hostDescription(url)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if transfer.cancelled.load(ordering: .relaxed) { return CancellationError() }
        if transfer.overflowed {
            return TransportError(
                .other,
                "the answer from \(host) is larger than \(maximumResponseBytes / 1024 / 1024) MiB; it was not read"
            )
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(.timedOut, "request to \(host) timed out (\(reason))")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError(.hostNotFound, "cannot resolve host \(host) (\(reason))")
        case CURLE_COULDNT_CONNECT:
            return TransportError(.cannotConnect, "cannot connect to \(host): \(reason)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE:
            return TransportError(
                .cannotConnect,
                "cannot connect to \(host) over TLS with the CA bundle \(caBundle): \(reason)")
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return TransportError(
                .connectionLost, "connection to \(host) was dropped before a response (\(reason))")
        default:
            return TransportError(.other, "request to \(host) failed: \(reason)")
        }
    }
}

/// One transfer's answer as libcurl hands it over, and whether its caller gave up.
private final class Transfer: @unchecked Sendable {
    let limit: Int
    var body = Data()
    var headers: [String: String] = [:]
    var overflowed = false
    let cancelled = Atomic<Bool>(false)

    init(limit: Int) { self.limit = limit }

    static func of(_ context: UnsafeMutableRawPointer?) -> Transfer {
        Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
    }

    static let receiveBody: ccurl_data_callback = { data, size, count, context in
        let transfer = Transfer.of(context)
        let length = size * count
        guard transfer.body.count + length <= transfer.limit, let data else {
            transfer.overflowed = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            transfer.body.append($0, count: length)
        }
        return length
    }

    /// One header line at a time; a new status line (after a 100 Continue) starts over.
    static let receiveHeader: ccurl_data_callback = { data, size, count, context in
        let transfer = Transfer.of(context)
        let length = size * count
        guard let data else { return length }
        let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            transfer.headers = [:]
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            transfer.headers[name] = String(line[line.index(after: colon)...])
                .trimmingCharacters(in: .whitespaces)
        }
        return length
    }

    static let progress: ccurl_progress_callback = { context, _, _, _, _ in
        Transfer.of(context).cancelled.load(ordering: .relaxed) ? 1 : 0
    }
}
