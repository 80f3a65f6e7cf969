import Foundation

/// AWS Security Token Service (Query protocol).
public struct STSClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .sts) }

    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userID: String
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.query("GetCallerIdentity")
        guard let account = result.value("Account"), let arn = result.value("Arn") else {
            throw MalformedResponseError(
                service: "sts", operation: "GetCallerIdentity", detail: "no Account or Arn")
        }
        return CallerIdentity(account: account, arn: arn, userID: result.value("UserId") ?? "")
    }

    public func assumeRole(
        roleARN: String, sessionName: String, externalID: String? = nil,
        durationSeconds: Int? = nil,
        mfa: (serial: String, code: String)? = nil
    ) async throws -> AWSCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let mfa { parameters += [("SerialNumber", mfa.serial), ("TokenCode", mfa.code)] }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let result = try await client.query("AssumeRole", parameters)
        return try Self.credentials(in: result, operation: "AssumeRole", source: "role \(roleARN)")
    }

    /// The temporary credentials an AssumeRole* answer carries.
    static func credentials(in result: QueryResult, operation: String, source: String) throws
        -> AWSCredentials
    {
        guard let id = result.value("Credentials", "AccessKeyId"),
            let secret = result.value("Credentials", "SecretAccessKey"),
            let token = result.value("Credentials", "SessionToken")
        else {
            throw MalformedResponseError(
                service: "sts", operation: operation, detail: "no Credentials")
        }
        return AWSCredentials(
            accessKeyID: id, secretAccessKey: secret, sessionToken: token,
            expiration: result.value("Credentials", "Expiration").flatMap(ISO8601.parse),
            source: source)
    }
}

extension STSClient {
    /// Credentials for a role, in exchange for an OIDC token (GitHub Actions, EKS service
    /// accounts). The call is not signed: the token is the proof.
    public func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, token: String)
        async throws -> AWSCredentials
    {
        let result = try await client.query(
            "AssumeRoleWithWebIdentity",
            [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token)],
            unsigned: true)
        return try Self.credentials(
            in: result, operation: "AssumeRoleWithWebIdentity",
            source: "web identity for role \(roleARN)")
    }
}
