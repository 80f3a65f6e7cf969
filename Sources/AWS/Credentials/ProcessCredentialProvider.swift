import Foundation

/// `credential_process`: runs the command and reads its JSON (Version 1).
public struct ProcessCredentialProvider: CredentialProvider {
    public var command: String
    public var profile: String
    /// How long the helper may take; a helper that hangs is killed after it.
    public var timeout: Duration

    public static let defaultTimeout = Duration.seconds(60)

    public init(command: String, profile: String, timeout: Duration = defaultTimeout) {
        self.command = command
        self.profile = profile
        self.timeout = timeout
    }

    public var lookedFor: String { "credential_process of profile '\(profile)'" }

    struct Output: Decodable {
        var version: Int
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
        var expiration: String?

        enum CodingKeys: String, CodingKey {
            case version = "Version"
            case accessKeyID = "AccessKeyId"
            case secretAccessKey = "SecretAccessKey"
            case sessionToken = "SessionToken"
            case expiration = "Expiration"
        }
    }

    public func credentials() async throws -> AWSCredentials? {
        let (status, output, errors) = try await HelperProcess.run(
            command, timeout: timeout, describing: "credential_process of profile '\(profile)'")
        guard status == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            throw CredentialError(
                "credential_process of profile '\(profile)' exited with status \(status)\(message.isEmpty ? "" : ": \(message)")"
            )
        }
        guard let parsed = try? JSONDecoder().decode(Output.self, from: output), parsed.version == 1
        else {
            throw CredentialError(
                "credential_process of profile '\(profile)' did not print JSON with Version 1, AccessKeyId and SecretAccessKey"
            )
        }
        return AWSCredentials(
            accessKeyID: parsed.accessKeyID, secretAccessKey: parsed.secretAccessKey,
            sessionToken: parsed.sessionToken, expiration: parsed.expiration.flatMap(ISO8601.parse),
            source: "credential_process of profile '\(profile)'")
    }
}
