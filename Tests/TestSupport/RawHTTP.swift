import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// HTTP/1.1 messages as bytes, for the proxy: one exchange with moto, and answers taken apart
/// and put together.
enum RawHTTP {
    /// Sends the raw request to 127.0.0.1:`port` over a fresh connection and reads the whole
    /// answer (moto is asked to close after answering, so the answer ends at EOF).
    static func exchange(_ raw: Data, port: Int) -> Data? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard upstream >= 0 else { return nil }
        defer { Glibc.close(upstream) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = withConnectionClose(raw)
        let sent = request.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = send(
                    upstream, buffer.baseAddress! + offset, buffer.count - offset,
                    Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        guard sent else { return nil }
        var answer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(upstream, &chunk, chunk.count, 0)
            if count <= 0 { break }
            answer.append(contentsOf: chunk[0..<count])
        }
        return answer
    }

    /// Connection and Expect are never signed, so they may be changed in transit.
    static func withConnectionClose(_ raw: Data) -> Data {
        guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return raw }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n").filter {
            !$0.lowercased().hasPrefix("connection:") && !$0.lowercased().hasPrefix("expect:")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\nConnection: close\r\n\r\n").utf8)
            + raw[end.upperBound...]
    }

    /// An answer taken apart.
    struct Response {
        var status: Int
        /// Header lines other than Content-Length and Transfer-Encoding.
        var headerLines: [String]
        var body: Data

        init?(_ raw: Data) {
            guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else { return nil }
            var lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self)
                .components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
            self.status = status
            headerLines = lines.filter {
                !$0.lowercased().hasPrefix("content-length:")
                    && !$0.lowercased().hasPrefix("transfer-encoding:")
            }
            body = Data(raw[split.upperBound...])
        }

        init(status: Int, headers: [String: String], body: Data) {
            self.status = status
            headerLines = headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            self.body = body
        }

        var bytes: Data {
            var head = "HTTP/1.1 \(status) \(status < 300 ? "OK" : "Error")\r\n"
            for line in headerLines { head += line + "\r\n" }
            head += "Content-Length: \(body.count)\r\n"
            if !headerLines.contains(where: { $0.lowercased().hasPrefix("connection:") }) {
                head += "Connection: close\r\n"
            }
            return Data((head + "\r\n").utf8) + body
        }

        /// The body as a JSON object, when it is one.
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
    }

    /// A JSON 1.1 answer (Kinesis, Firehose, Glue, the tagging API).
    static func json(status: Int = 200, _ object: [String: Any]) -> Data {
        Response(
            status: status,
            headers: [
                "Content-Type": "application/x-amz-json-1.1",
                "x-amzn-RequestId": UUID().uuidString,
            ],
            body: (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        ).bytes
    }

    /// A JSON 1.1 error, as AWS writes them.
    static func jsonError(status: Int = 400, _ code: String, _ message: String) -> Data {
        json(status: status, ["__type": code, "message": message])
    }

    /// An S3 error, as AWS writes them.
    static func s3Error(status: Int, _ code: String, _ message: String, bucket: String) -> Data {
        let body =
            #"<?xml version="1.0" encoding="UTF-8"?><Error><Code>\#(code)</Code><Message>\#(message)</Message><BucketName>\#(bucket)</BucketName><RequestId>\#(UUID().uuidString)</RequestId></Error>"#
        return Response(
            status: status, headers: ["Content-Type": "application/xml"], body: Data(body.utf8)
        ).bytes
    }

    /// A Query-protocol error (IAM, STS), as AWS writes them.
    static func queryError(status: Int, _ code: String, _ message: String) -> Data {
        let body =
            #"<ErrorResponse><Error><Type>Sender</Type><Code>\#(code)</Code><Message>\#(message)</Message></Error><RequestId>\#(UUID().uuidString)</RequestId></ErrorResponse>"#
        return Response(
            status: status, headers: ["Content-Type": "text/xml"], body: Data(body.utf8)
        )
        .bytes
    }
}
