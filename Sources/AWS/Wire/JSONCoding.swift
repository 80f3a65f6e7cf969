import Foundation

/// JSON 1.1 bodies: Swift's lowerCamelCase properties on the wire as AWS's PascalCase. A
/// property's name is the wire name with its first letter lower-cased (`kMSEncryptionConfig`
/// for `KMSEncryptionConfig` needs an explicit coding key), so the mapping is exact both ways.
/// Services whose members are camelCase already (CloudWatch Logs) use the names as they are.
public enum JSONCoding {
    public static func encoder(pascalCase: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        if pascalCase {
            encoder.keyEncodingStrategy = .custom { path in
                WireKey(
                    path.last!.stringValue.prefix(1).uppercased()
                        + path.last!.stringValue.dropFirst())
            }
        }
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    public static func decoder(pascalCase: Bool = true) -> JSONDecoder {
        let decoder = JSONDecoder()
        if pascalCase {
            decoder.keyDecodingStrategy = .custom { path in
                WireKey(
                    path.last!.stringValue.prefix(1).lowercased()
                        + path.last!.stringValue.dropFirst())
            }
        }
        // AWS JSON timestamps are seconds since 1970, as floats.
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    struct WireKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// An empty JSON object, for operations that take or return nothing.
public struct EmptyShape: Codable, Sendable {
    public init() {}
}
