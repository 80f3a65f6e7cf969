import StackFile

/// A bucket policy as the stack file states it: the `policy` document, with the statement
/// `require_tls` adds, canonical so that it compares with what S3 reports.
public enum BucketPolicy {
    public static func document(_ given: [String: Any]?, requireTLS: Bool, bucketARN: String)
        -> String?
    {
        guard given != nil || requireTLS else { return nil }
        var policy = given ?? ["Version": "2012-10-17"]
        if requireTLS {
            var statements = policy["Statement"] as? [Any] ?? []
            if let single = policy["Statement"] as? [String: Any] { statements = [single] }
            statements.append(tlsStatement(bucketARN: bucketARN))
            policy["Statement"] = statements
        }
        return FirehoseRolePolicy.canonicalJSON(policy)
    }

    /// Denies every request made without TLS.
    static func tlsStatement(bucketARN: String) -> [String: Any] {
        [
            "Sid": BucketFields.requireTLSStatementID, "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": [bucketARN, bucketARN + "/*"],
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ]
    }

    /// Whether a statement lets anyone in: it allows a principal of `*` with no condition (the
    /// test S3 applies before refusing a policy under BlockPublicPolicy, in its simplest form).
    public static func grantsPublicAccess(_ policy: [String: Any]) -> Bool {
        var statements = policy["Statement"] as? [Any] ?? []
        if let single = policy["Statement"] as? [String: Any] { statements = [single] }
        return statements.contains { item in
            guard let statement = item as? [String: Any],
                statement["Effect"] as? String == "Allow", statement["Condition"] == nil
            else { return false }
            let principal = statement["Principal"]
            if let text = principal as? String { return text == "*" }
            if let mapping = principal as? [String: Any] {
                let aws = mapping["AWS"]
                return aws as? String == "*"
                    || (aws as? [Any])?.contains { $0 as? String == "*" } == true
            }
            return false
        }
    }
}
