import Foundation

/// ECS and other container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
/// 169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN
/// or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.
public struct ContainerCredentialProvider: CredentialProvider {
    public var environment: [String: String]
    public var http: any HTTPClient

    public init(environment: [String: String], http: any HTTPClient) {
        self.environment = environment
        self.http = http
    }

    public var lookedFor: String {
        "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI)"
    }

    public func credentials() async throws -> AWSCredentials? {
        let url: URL
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = URL(string: "http://169.254.170.2" + relative)!
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            guard let parsed = URL(string: full) else {
                throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)")
            }
            url = parsed
        } else {
            return nil
        }
        var headers: [(name: String, value: String)] = []
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty
        {
            guard let token = FileManager.default.contents(atPath: tokenFile) else {
                throw CredentialError(
                    "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile)")
            }
            headers.append(
                (
                    "Authorization",
                    String(decoding: token, as: UTF8.self).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                ))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }
        let response: HTTPResponse
        do {
            response = try await http.send(
                HTTPRequest(method: "GET", url: url, headers: headers), timeout: .seconds(2))
        } catch {
            throw CredentialError(
                "container credentials endpoint \(url.absoluteString) did not answer: \(error)")
        }
        guard response.status == 200,
            let parsed = try? JSONDecoder().decode(MetadataCredentials.self, from: response.body)
        else {
            throw CredentialError(
                "container credentials endpoint answered HTTP \(response.status) without credentials"
            )
        }
        return parsed.credentials(source: "container credentials")
    }
}
