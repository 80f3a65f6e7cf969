import Foundation

/// EC2 instance metadata (IMDSv2): a session token first, then the instance role's
/// credentials. Short timeouts and one attempt, so that off EC2 it costs about a second.
/// AWS_EC2_METADATA_DISABLED=true skips it; AWS_EC2_METADATA_SERVICE_ENDPOINT moves it.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public var environment: [String: String]
    public var http: any HTTPClient

    public init(environment: [String: String], http: any HTTPClient) {
        self.environment = environment
        self.http = http
    }

    public var lookedFor: String { "the EC2 instance metadata service" }

    public func credentials() async throws -> AWSCredentials? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let base =
            (environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "http://169.254.169.254").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let tokenURL = URL(string: base + "/latest/api/token") else {
            throw CredentialError("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL: \(base)")
        }
        let timeout = Duration.seconds(1)
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await http.send(
                HTTPRequest(
                    method: "PUT", url: tokenURL,
                    headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
                timeout: timeout)
        } catch {
            return nil  // not on EC2
        }
        guard tokenResponse.status == 200 else { return nil }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let header = [(name: "X-aws-ec2-metadata-token", value: token)]
        let roleURL = URL(string: base + "/latest/meta-data/iam/security-credentials/")!
        let roles = try await http.send(
            HTTPRequest(method: "GET", url: roleURL, headers: header), timeout: timeout)
        guard roles.status == 200,
            let role = String(decoding: roles.body, as: UTF8.self).split(
                whereSeparator: \.isNewline
            ).first
        else { return nil }  // an instance without a role
        let credentialsURL = roleURL.appendingPathComponent(String(role))
        let answer = try await http.send(
            HTTPRequest(method: "GET", url: credentialsURL, headers: header), timeout: timeout)
        guard answer.status == 200,
            let parsed = try? JSONDecoder().decode(MetadataCredentials.self, from: answer.body),
            parsed.code == nil || parsed.code == "Success"
        else {
            throw CredentialError(
                "the instance metadata service gave no credentials for role \(role) (HTTP \(answer.status))"
            )
        }
        return parsed.credentials(source: "instance role \(role)")
    }
}
