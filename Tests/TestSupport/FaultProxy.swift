import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP proxy on 127.0.0.1 between streamstack and moto that shows what moto cannot:
/// throttling, 5xx answers, dropped connections, lost answers, and doctored responses
/// (CREATING states, IAM propagation errors). Requests pass byte for byte, so signatures stay
/// valid. Every request is recorded.
public final class FaultProxy: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Lower-cased names.
        public var headers: [String: String]
        public var body: Data

        /// `X-Amz-Target`'s operation, a Query `Action`, or `METHOD path` for S3.
        public var operation: String {
            if let target = headers["x-amz-target"], let dot = target.lastIndex(of: ".") {
                return String(target[target.index(after: dot)...])
            }
            let text = String(decoding: body, as: UTF8.self)
            if let range = text.range(of: "Action=") {
                return String(text[range.upperBound...].prefix { $0 != "&" })
            }
            return "\(method) \(path)"
        }
    }

    public enum Fault: Sendable {
        /// Pass the request to moto and its answer back.
        case forward
        /// Answer instead of moto.
        case respond(status: Int, headers: [String: String], body: String)
        /// Close the connection without answering; moto never sees the request.
        case dropConnection
        /// Let moto act on the request, then close without answering: the answer is lost.
        case forwardAndLoseAnswer
        /// Forward, then change moto's answer body before passing it on.
        case rewrite(@Sendable (Data) -> Data)
        /// Hold the request this long, then forward it: a slow service.
        case delay(Duration)
        /// Change the request's bytes, then forward them: for what moto asks and AWS does not.
        case forwardChanged(@Sendable (Data) -> Data)
        /// Answer instead of moto, one byte of the body every `every`: an answer that never
        /// idles long enough for a timeout to end it.
        case drip(status: Int, body: String, every: Duration)
    }

    public let port: Int
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }
    private let upstreamPort: Int
    private let listener: LoopbackListener
    private let state = Mutex(State())
    /// When set, moto is made to behave as AWS does (states, limits, consistency).
    public let realAWS: RealAWSBehaviour?

    private struct State {
        var rule: @Sendable (Request) -> Fault = { _ in .forward }
        var log: [(Request, String)] = []
        var stopped = false
    }

    public init(upstream: URL, realAWS: RealAWSBehaviour? = nil) throws {
        upstreamPort = upstream.port ?? 80
        self.realAWS = realAWS
        listener = try LoopbackListener()
        port = listener.port
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A rule that applies `fault` to the first `count` requests for `operation` and forwards
    /// everything else.
    public static func first(_ count: Int, of operation: String, _ fault: Fault)
        -> @Sendable (Request) -> Fault
    {
        let seen = Mutex(0)
        return { request in
            guard request.operation == operation else { return .forward }
            let index = seen.withLock { value in
                value += 1
                return value
            }
            return index <= count ? fault : .forward
        }
    }

    /// Decides the fate of each request from now on.
    public func setRule(_ rule: @escaping @Sendable (Request) -> Fault) {
        state.withLock { $0.rule = rule }
    }

    /// Every request so far with what was done to it ("forward", "respond 503", ...).
    public var requests: [(request: Request, fault: String)] {
        state.withLock { $0.log.map { ($0.0, $0.1) } }
    }

    public func clearLog() { state.withLock { $0.log.removeAll() } }

    public func stop() {
        state.withLock { $0.stopped = true }
        listener.close()
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener.fd, nil, nil)
            if client < 0 {
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            let thread = Thread { [self] in handle(client) }
            thread.start()
        }
    }

    private func handle(_ client: Int32) {
        defer { Glibc.close(client) }
        var noSignal: Int32 = 1
        setsockopt(client, SOL_SOCKET, SO_KEEPALIVE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
        guard let (raw, request) = readRequest(client) else { return }
        let (rule, _) = state.withLock { ($0.rule, ()) }
        let fault = rule(request)
        let label: String
        switch fault {
        case .forward: label = "forward"
        case .respond(let status, _, _): label = "respond \(status)"
        case .dropConnection: label = "drop"
        case .forwardAndLoseAnswer: label = "lose answer"
        case .rewrite: label = "rewrite"
        case .delay: label = "delay"
        case .drip: label = "drip"
        case .forwardChanged: label = "forward changed"
        }
        state.withLock { $0.log.append((request, label)) }
        // Forwarding goes through the real-AWS mode's rules when it is on.
        let forward: (Data) -> Data? = { [self] raw in
            guard let realAWS else { return RawHTTP.exchange(raw, port: upstreamPort) }
            return realAWS.answer(request, raw: raw) {
                RawHTTP.exchange($0, port: self.upstreamPort)
            }
        }
        switch fault {
        case .forward:
            if let answer = forward(raw) { writeAll(client, answer) }
        case .forwardChanged(let change):
            if let answer = forward(change(raw)) { writeAll(client, answer) }
        case .respond(let status, let headers, let body):
            var text =
                "HTTP/1.1 \(status) Injected\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            writeAll(client, Data((text + "\r\n" + body).utf8))
        case .dropConnection:
            break
        case .drip(let status, let body, let every):
            writeAll(
                client,
                Data(
                    "HTTP/1.1 \(status) Dripped\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
                        .utf8))
            for byte in body.utf8 {
                if state.withLock({ $0.stopped }) { return }
                Thread.sleep(
                    forTimeInterval: Double(every.components.attoseconds) / 1e18
                        + Double(every.components.seconds))
                let sent = [byte].withUnsafeBytes {
                    send(client, $0.baseAddress!, 1, Int32(MSG_NOSIGNAL))
                }
                if sent <= 0 { return }
            }
        case .delay(let duration):
            let (seconds, attoseconds) = duration.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            if let answer = forward(raw) { writeAll(client, answer) }
        case .forwardAndLoseAnswer:
            _ = forward(raw)
        case .rewrite(let change):
            guard let answer = forward(raw), let split = answer.range(of: Data("\r\n\r\n".utf8))
            else { return }
            let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
            let body = change(answer[split.upperBound...])
            let lines = head.components(separatedBy: "\r\n").filter {
                !$0.lowercased().hasPrefix("content-length:")
                    && !$0.lowercased().hasPrefix("transfer-encoding:")
            }
            writeAll(
                client,
                Data(
                    (lines.joined(separator: "\r\n") + "\r\nContent-Length: \(body.count)\r\n\r\n")
                        .utf8) + body)
        }
    }

    /// Reads one request: head up to the blank line, then Content-Length bytes of body.
    private func readRequest(_ fd: Int32) -> (Data, Request)? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headEnd = buffer.range(of: Data("\r\n\r\n".utf8))
        }
        let head = String(decoding: buffer[..<headEnd!.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        if headers["expect"]?.lowercased() == "100-continue" {
            writeAll(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        while buffer.count - headEnd!.upperBound < length {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let body = buffer[headEnd!.upperBound..<(headEnd!.upperBound + length)]
        guard requestLine.count >= 2 else { return nil }
        return (
            buffer,
            Request(
                method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
                body: Data(body))
        )
    }

    private func writeAll(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = send(
                    fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
