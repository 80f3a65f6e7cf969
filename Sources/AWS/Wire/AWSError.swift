import Foundation

/// An error answer from an AWS service, decoded from whichever format it came in.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String
    /// AWS's error code, such as `ResourceNotFoundException` or `NoSuchBucket`.
    public var code: String
    public var message: String
    public var requestID: String?
    public var status: Int
    /// Extra fields some errors carry (S3's `x-amz-bucket-region`, for one).
    public var details: [String: String] = [:]

    public init(
        service: String, operation: String, code: String, message: String, requestID: String?,
        status: Int
    ) {
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.requestID = requestID
        self.status = status
    }

    public var description: String {
        var text = "\(service) \(operation) failed: \(code)"
        if !message.isEmpty { text += ": \(message)" }
        text += " (HTTP \(status)"
        if let requestID { text += ", request id \(requestID)" }
        text += ")"
        if let hint { text += "\n  \(hint)" }
        return text
    }

    /// What the user can do about the most common configuration errors.
    public var hint: String? {
        if isAccountQuota {
            return
                "This is an account quota, not a momentary rate limit: some Kinesis quotas count per 24 hours. Ask for an increase in the Service Quotas console, or change the stack to stay within it."
        }
        switch code {
        case "SignatureDoesNotMatch":
            return
                "The secret access key does not match the access key id: check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key."
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId":
            return
                "AWS does not know this access key id: check the credentials, and that the endpoint and region are the ones they belong to."
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired":
            return
                "The session token has expired: get fresh credentials (for example `aws sso login` or a new AssumeRole) and run again."
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError":
            return
                "The credentials are not allowed to call \(service):\(operation); grant it in IAM or use other credentials."
        case "PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException":
            if let region = details["bucketRegion"] {
                return "The bucket is in \(region): use that region."
            }
            if details["location"] != nil { return redirectHint }
            return "The request went to the wrong region for this resource."
        default:
            return (300..<400).contains(status) ? redirectHint : nil
        }
    }

    private var redirectHint: String {
        let target = details["location"].map { " to \($0)" } ?? ""
        let endpoint = details["endpoint"].map { "\($0) " } ?? "The endpoint "
        return
            "\(endpoint)answered with a redirect\(target). streamstack never follows redirects: they would carry the signed request and its credentials to another host. Check the endpoint (--endpoint-url, AWS_ENDPOINT_URL)."
    }

    /// Decodes an error response of any protocol: JSON (`__type`), XML (`<Error><Code>`,
    /// `<ErrorResponse>`), or an empty body (HEAD, some 5xx).
    public static func decode(_ response: HTTPResponse, service: String, operation: String)
        -> AWSError
    {
        var requestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        var code: String?
        var message = ""
        if let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            code = (json["__type"] as? String ?? json["code"] as? String).map(Self.shortCode)
            message = json["message"] as? String ?? json["Message"] as? String ?? ""
        } else if let xml = XMLNode.parse(response.body) {
            let error = xml.first("Error") ?? xml
            code = error.value("Code")
            message = error.value("Message") ?? ""
            requestID = requestID ?? xml.first("RequestId")?.text
        }
        if code == nil, let typeHeader = response.header("x-amzn-ErrorType") {
            code = shortCode(typeHeader)
        }
        var error = AWSError(
            service: service, operation: operation,
            code: code ?? Self.code(forStatus: response.status),
            message: message, requestID: requestID, status: response.status)
        if let region = response.header("x-amz-bucket-region") {
            error.details["bucketRegion"] = region
        }
        if let location = response.header("Location") { error.details["location"] = location }
        return error
    }

    /// `com.amazonaws.kinesis#ResourceNotFoundException` and
    /// `ResourceNotFoundException:http://...` both become `ResourceNotFoundException`.
    static func shortCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }

    static func code(forStatus status: Int) -> String {
        switch status {
        case 301: "PermanentRedirect"
        case 400: "BadRequest"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 429: "TooManyRequests"
        case 500: "InternalError"
        case 503: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
    }
}
