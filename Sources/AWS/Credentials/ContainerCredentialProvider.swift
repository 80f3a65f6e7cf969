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

    /// Hosts that plain http may reach, as the AWS SDKs allow: ECS's and EKS Pod Identity's
    /// link-local agents and this machine. Anything else needs https, or the authorization
    /// token and the credentials would cross a network in the clear.
    static let plainHTTPHosts: Set<String> = [
        "169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost",
    ]

    /// The endpoint the environment names, nil when it names none; throws for one that is
    /// not safe to send the token to.
    static func endpoint(_ environment: [String: String]) throws -> URL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            // Appended to the ECS agent's address: anything but a path (`@host/...`) would
            // change the host.
            guard relative.hasPrefix("/"), let url = URL(string: "http://169.254.170.2" + relative),
                url.host == "169.254.170.2", url.user == nil
            else {
                throw CredentialError(
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must be a path beginning with '/', got \(relative)"
                )
            }
            return url
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else {
            return nil
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(),
            let host = url.host
        else {
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)")
        }
        switch scheme {
        case "https":
            return url
        case "http" where isAllowedPlainHTTPHost(host):
            return url
        case "http":
            throw CredentialError(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI \(full) uses plain http to \(host): only a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23 may be reached without https"
            )
        default:
            throw CredentialError(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an http or https URL, got \(full)")
        }
    }

    static func isAllowedPlainHTTPHost(_ rawHost: String) -> Bool {
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if plainHTTPHosts.contains(host) || host == "::1" { return true }
        // 127.0.0.0/8, written as four decimal numbers.
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127"
            && octets.allSatisfy { octet in
                octet.allSatisfy(\.isNumber) && (Int(octet).map { $0 <= 255 } ?? false)
            }
    }

    /// More than any token is.
    static let maximumTokenBytes = 16 * 1024

    public func credentials() async throws -> AWSCredentials? {
        guard let url = try Self.endpoint(environment) else { return nil }
        var headers: [(name: String, value: String)] = []
        var token: (value: String, origin: String)?
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty
        {
            guard
                let data = try? BoundedFile.contents(
                    atPath: tokenFile, limit: Self.maximumTokenBytes)
            else {
                throw CredentialError(
                    "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile) (at most \(Self.maximumTokenBytes) bytes)"
                )
            }
            token = (
                String(decoding: data, as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines),
                "the file \(tokenFile)"
            )
        } else if let value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !value.isEmpty {
            token = (value, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        if let token {
            // A line break would end the header and start another (botocore refuses it too).
            guard !token.value.contains(where: \.isNewline) else {
                throw CredentialError(
                    "the container authorization token from \(token.origin) contains a line break; it cannot be sent as a header"
                )
            }
            headers.append(("Authorization", token.value))
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
