/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    public var lookedFor: String {
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"
    }

    public func credentials() async throws -> AWSCredentials? {
        let id = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(
                accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: "environment"
            )
        case (nil, _):
            throw CredentialError("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw CredentialError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
    }
}
