import Crypto
import Foundation
import SigV4

/// Signing on moto's behalf.
public enum MotoSigning {
    /// The raw request with a SigV4 signature added. AWS takes some calls unsigned
    /// (AssumeRoleWithWebIdentity: `authtype: none` in botocore's STS model); moto with its
    /// signature checks on refuses any request without one, so a proxy signs such calls for it.
    public static func signed(
        _ raw: Data, accessKeyID: String, secretAccessKey: String, region: String, service: String
    ) -> Data {
        guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return raw }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
        let body = raw[end.upperBound...]
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return raw }
        let target = String(parts[1])
        let path = String(target.prefix { $0 != "?" })
        let query = target.contains("?") ? String(target.drop { $0 != "?" }.dropFirst()) : ""
        let headers = lines.compactMap { line -> HTTPHeader? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = String(line[..<colon])
            guard ["host", "content-type"].contains(name.lowercased()) else { return nil }
            return HTTPHeader(
                name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let signer = Signer(
            credentials: SigningCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secretAccessKey),
            region: region, service: service)
        let signed = signer.signHeaders(
            RequestToSign(
                method: String(parts[0]), path: path, query: query, headers: headers,
                payloadHash: SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()),
            date: SigningDate(secondsSince1970: Date().timeIntervalSince1970))
        let added = signed.headers.map { "\($0.name): \($0.value)" }
        return Data(([requestLine] + lines + added).joined(separator: "\r\n").utf8)
            + Data("\r\n\r\n".utf8) + body
    }
}
