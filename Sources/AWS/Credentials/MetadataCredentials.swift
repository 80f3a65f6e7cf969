import Foundation

/// The JSON that the container and instance metadata services answer with.
struct MetadataCredentials: Decodable {
    var accessKeyID: String
    var secretAccessKey: String
    var token: String?
    var expiration: String?
    var code: String?

    enum CodingKeys: String, CodingKey {
        case accessKeyID = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
        case code = "Code"
    }

    func credentials(source: String) -> AWSCredentials {
        AWSCredentials(
            accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: token,
            expiration: expiration.flatMap(ISO8601.parse), source: source)
    }
}
