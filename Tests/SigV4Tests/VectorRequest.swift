import Foundation
import SigV4

/// A request as the test suites write it: `METHOD TARGET HTTP/1.1`, headers (continuation
/// lines start with whitespace), a blank line, then the body.
struct VectorRequest {
    var method: String
    var path: String
    var query: String
    var headers: [HTTPHeader]
    var body: [UInt8]

    init(text: String) {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let firstSpace = requestLine.firstIndex(of: " ")!
        method = String(requestLine[..<firstSpace])
        var target = String(requestLine[requestLine.index(after: firstSpace)...])
        if let version = target.range(of: " HTTP/", options: .backwards) {
            target = String(target[..<version.lowerBound])
        }
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            query = String(target[target.index(after: question)...])
        } else {
            path = target
            query = ""
        }
        headers = []
        while !lines.isEmpty {
            let line = lines.removeFirst()
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            let colon = line.firstIndex(of: ":")!
            headers.append(
                HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        body = Array(lines.joined(separator: "\n").utf8)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
            .trimmingCharacters(in: .whitespaces)
    }

    func removingHeaders(_ names: Set<String>) -> VectorRequest {
        var copy = self
        copy.headers = headers.filter { !names.contains($0.name.lowercased()) }
        return copy
    }

    func toSign(payloadHash: String) -> RequestToSign {
        RequestToSign(
            method: method, path: path, query: query, headers: headers, payloadHash: payloadHash)
    }
}

/// Secret shared by every case of the AWS suites.
let exampleCredentials = SigningCredentials(
    accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

func vectorsRoot() -> URL {
    Bundle.module.resourceURL!.appendingPathComponent("Vectors")
}

func read(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

/// Parses `2015-08-30T12:36:00Z` or `20150830T123600Z`.
func signingDate(_ text: String) -> SigningDate {
    let digits = text.filter(\.isNumber)
    var components = DateComponents()
    components.timeZone = TimeZone(identifier: "UTC")
    let numbers = Array(digits)
    func number(_ range: Range<Int>) -> Int { Int(String(numbers[range]))! }
    components.year = number(0..<4)
    components.month = number(4..<6)
    components.day = number(6..<8)
    components.hour = number(8..<10)
    components.minute = number(10..<12)
    components.second = number(12..<14)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return SigningDate(secondsSince1970: calendar.date(from: components)!.timeIntervalSince1970)
}
