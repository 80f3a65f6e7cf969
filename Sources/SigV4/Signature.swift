import Crypto

public let signingAlgorithm = "AWS4-HMAC-SHA256"

/// The credential scope: `DATE/REGION/SERVICE/aws4_request`.
public func credentialScope(date: SigningDate, region: String, service: String) -> String {
    "\(date.day)/\(region)/\(service)/aws4_request"
}

/// Task 2 of SigV4: the string to sign.
public func stringToSign(canonicalRequest: String, date: SigningDate, scope: String) -> String {
    [signingAlgorithm, date.timestamp, scope, sha256Hex(Array(canonicalRequest.utf8))]
        .joined(separator: "\n")
}

/// Task 3 of SigV4, first half: the signing key derived from the secret.
public func signingKey(
    secretAccessKey: String, date: SigningDate, region: String, service: String
) -> SymmetricKey {
    var key = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
    for part in [date.day, region, service, "aws4_request"] {
        key = SymmetricKey(data: hmac(key, part))
    }
    return key
}

/// Task 3 of SigV4, second half: the hex signature of the string to sign.
public func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
    hex(hmac(signingKey, stringToSign))
}

/// Hex SHA-256 of a payload, for `x-amz-content-sha256` and the canonical request.
public func sha256Hex(_ bytes: [UInt8]) -> String {
    hex(Array(SHA256.hash(data: bytes)))
}

/// The payload hash of an empty body.
public let emptyPayloadHash = sha256Hex([])

private func hmac(_ key: SymmetricKey, _ message: String) -> [UInt8] {
    Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key))
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
