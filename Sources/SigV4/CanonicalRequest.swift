/// Task 1 of SigV4: the canonical request.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public func canonicalRequest(_ request: RequestToSign, rules: SigningRules) -> String {
    let headers = canonicalHeaders(request.headers)
    return [
        request.method.uppercased(),
        canonicalURI(request.path, rules: rules),
        canonicalQueryString(request.query),
        headers.canonical,
        headers.signed,
        request.payloadHash,
    ].joined(separator: "\n")
}

/// The path, normalized and encoded as the service's rules say.
public func canonicalURI(_ path: String, rules: SigningRules) -> String {
    var path = path.isEmpty ? "/" : path
    if rules.normalizePath {
        path = normalizedPath(path)
    }
    let keep: Set<UInt8> =
        rules.doubleEncodePath ? [UInt8(ascii: "/")] : [UInt8(ascii: "/"), UInt8(ascii: "%")]
    return uriEncode(path, keeping: keep)
}

/// RFC 3986 dot-segment removal plus collapsing of empty segments, keeping a trailing slash.
func normalizedPath(_ path: String) -> String {
    var output: [Substring] = []
    let segments = path.split(separator: "/", omittingEmptySubsequences: true)
    for segment in segments {
        switch segment {
        case ".": continue
        case "..": _ = output.popLast()
        default: output.append(segment)
        }
    }
    var result = "/" + output.joined(separator: "/")
    let endsInDirectory =
        path.hasSuffix("/") || segments.last == "." || segments.last == ".."
    if endsInDirectory && !output.isEmpty {
        result += "/"
    }
    return result
}

/// Query parameters decoded, encoded strictly, and sorted by key, then value.
public func canonicalQueryString(_ query: String) -> String {
    guard !query.isEmpty else { return "" }
    var pairs: [(key: String, value: String)] = []
    for part in query.split(separator: "&", omittingEmptySubsequences: true) {
        let key: Substring
        let value: Substring
        if let equals = part.firstIndex(of: "=") {
            key = part[..<equals]
            value = part[part.index(after: equals)...]
        } else {
            key = part
            value = ""
        }
        pairs.append((uriEncode(uriDecode(String(key))), uriEncode(uriDecode(String(value)))))
    }
    pairs.sort { lhs, rhs in
        lhs.key == rhs.key
            ? Array(lhs.value.utf8).lexicographicallyPrecedes(rhs.value.utf8)
            : Array(lhs.key.utf8).lexicographicallyPrecedes(rhs.key.utf8)
    }
    return pairs.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
}

/// Lower-cased names, trimmed values with inner whitespace runs collapsed, repeated headers
/// joined with commas in the order given, sorted by name.
public func canonicalHeaders(_ headers: [HTTPHeader]) -> (canonical: String, signed: String) {
    var values: [String: [String]] = [:]
    for header in headers {
        values[header.name.lowercased(), default: []].append(collapsedWhitespace(header.value))
    }
    let names = values.keys.sorted()
    var canonical = ""
    for name in names {
        canonical += name + ":" + values[name]!.joined(separator: ",") + "\n"
    }
    return (canonical, names.joined(separator: ";"))
}

func collapsedWhitespace(_ value: String) -> String {
    value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        .joined(separator: " ")
}
