import Foundation

/// ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE),
/// read as the AWS CLI reads them.
public struct SharedConfigFiles: Sendable {
    /// Profile name to its settings, from the config file (`[profile NAME]`, `[default]`).
    public var config: [String: [String: String]]
    /// Profile name to its settings, from the credentials file (`[NAME]`).
    public var credentials: [String: [String: String]]
    /// `[sso-session NAME]` sections of the config file, by name.
    public var ssoSessions: [String: [String: String]]
    public var configPath: String
    public var credentialsPath: String
    /// Every section of the config file, by its whole header.
    var configSections: [String: [String: String]]

    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        configPath = Self.expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: home)
        credentialsPath = Self.expand(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home: home)
        configSections = Self.sections(path: configPath)
        config = Self.profiles(configSections, isConfig: true)
        ssoSessions = Self.named("sso-session", in: configSections)
        credentials = Self.profiles(Self.sections(path: credentialsPath), isConfig: false)
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

    static func sections(path: String) -> [String: [String: String]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return sections(text: String(decoding: data, as: UTF8.self))
    }

    /// Profiles by name: in the config file `[profile NAME]` and `[default]`, in the
    /// credentials file every section.
    static func profiles(_ sections: [String: [String: String]], isConfig: Bool)
        -> [String: [String: String]]
    {
        guard isConfig else { return sections }
        var profiles = named("profile", in: sections)
        if let fallback = sections["default"] { profiles["default"] = fallback }
        return profiles
    }

    /// Sections headed `[KIND NAME]`, by NAME.
    static func named(_ kind: String, in sections: [String: [String: String]])
        -> [String: [String: String]]
    {
        var found: [String: [String: String]] = [:]
        for (header, settings) in sections where header.hasPrefix(kind + " ") {
            let name = header.dropFirst(kind.count + 1).trimmingCharacters(in: .whitespaces)
            found[name] = settings
        }
        return found
    }

    /// The endpoints a profile's `services = NAME` gives in `[services NAME]` (`sts =` with an
    /// indented `endpoint_url = ...`), by the service's key (`sts`, `sso`).
    public func serviceEndpoints(profile name: String) -> [String: String] {
        guard let services = profile(name)?["services"],
            let section = configSections["services \(services)"]
        else { return [:] }
        var endpoints: [String: String] = [:]
        for (key, value) in section where key.hasSuffix(".endpoint_url") {
            endpoints[String(key.dropLast(".endpoint_url".count))] = value
        }
        return endpoints
    }

    /// INI as botocore reads it: sections by their whole header, `#`/`;` comments,
    /// `key = value`; indented lines belong to the nested block of the key above them with no
    /// value (such as `s3 =`), and are kept as `s3.key`.
    static func sections(text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        var block: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let header = String(trimmed.dropFirst().dropLast()).trimmingCharacters(
                    in: .whitespaces
                ).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = header
                block = nil
                sections[header, default: [:]] = sections[header] ?? [:]
                continue
            }
            guard let current, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(
                in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if line.first == " " || line.first == "\t" {
                if let block { sections[current]?[block + "." + key] = value }
                continue
            }
            block = value.isEmpty ? key : nil
            sections[current]?[key] = value
        }
        return sections
    }
}
