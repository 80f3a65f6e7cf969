import Foundation

/// An HTTP request as it goes on the wire.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Headers in the order set; names as sent.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An HTTP response: status, headers (looked up case-insensitively) and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        if let value = headers[name] { return value }
        return headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
