import Foundation

/// The IAM Identity Center portal (REST, JSON): role credentials for the bearer token that
/// `aws sso login` obtained. Its calls carry the token, not a signature.
public struct SSOPortalClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .sso) }

    struct Output: Decodable {
        var roleCredentials: RoleCredentials
        struct RoleCredentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var sessionToken: String
            /// Milliseconds since 1970.
            var expiration: Int64
        }
    }

    public func roleCredentials(roleName: String, accountID: String, accessToken: String)
        async throws -> AWSCredentials
    {
        var request = AWSRequest(
            operation: "GetRoleCredentials", method: "GET", path: "/federation/credentials",
            query: [("account_id", accountID), ("role_name", roleName)],
            headers: [("x-amz-sso_bearer_token", accessToken)])
        request.unsigned = true
        let response = try await client.send(request)
        let output = try client.decodeJSON(
            Output.self, from: response.http, operation: "GetRoleCredentials")
        let role = output.roleCredentials
        return AWSCredentials(
            accessKeyID: role.accessKeyId, secretAccessKey: role.secretAccessKey,
            sessionToken: role.sessionToken,
            expiration: Date(timeIntervalSince1970: Double(role.expiration) / 1000),
            source: "IAM Identity Center role \(roleName) in account \(accountID)")
    }
}
