import Foundation

/// ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE),
/// read as the AWS CLI reads them.
public struct SharedConfigFiles: Sendable {
    /// Profile name to its settings, from the config file (`[profile NAME]`, `[default]`).
    public var config: [String: [String: String]]
    /// Profile name to its settings, from the credentials file (`[NAME]`).
    public var credentials: [String: [String: String]]
    public var configPath: String
    public var credentialsPath: String

    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        configPath = Self.expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: home)
        credentialsPath = Self.expand(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home: home)
        config = Self.parse(path: configPath, isConfig: true)
        credentials = Self.parse(path: credentialsPath, isConfig: false)
    }

    /// Settings of a profile, the credentials file winning over the config file.
    public func profile(_ name: String) -> [String: String]? {
        let fromConfig = config[name]
        let fromCredentials = credentials[name]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { $1 }
    }

    static func expand(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }

    static func parse(path: String, isConfig: Bool) -> [String: [String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return parse(text: String(decoding: data, as: UTF8.self), isConfig: isConfig)
    }

    /// INI as botocore reads it: `#`/`;` comments, `key = value`, indented lines belong to a
    /// nested block (such as `s3 =`) and are skipped.
    static func parse(text: String, isConfig: Bool) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                var name = String(trimmed.dropFirst().dropLast()).trimmingCharacters(
                    in: .whitespaces)
                if isConfig {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces)
                    } else if name != "default" {
                        current = nil  // [sso-session x], [services x]: not profiles
                        continue
                    }
                }
                current = name
                profiles[name, default: [:]] = profiles[name] ?? [:]
                continue
            }
            guard let current, line.first != " ", line.first != "\t",
                let equals = trimmed.firstIndex(of: "=")
            else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(
                in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            profiles[current]?[key] = value
        }
        return profiles
    }
}
