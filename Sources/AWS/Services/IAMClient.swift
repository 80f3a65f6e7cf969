import Foundation

/// AWS Identity and Access Management (Query protocol, one global endpoint per partition).
public struct IAMClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .iam) }

    public struct Role: Sendable, Equatable {
        public var name: String
        public var arn: String
        public var path: String
        /// The trust policy, decoded from IAM's percent-encoding.
        public var assumeRolePolicyDocument: String
        public var tags: [String: String]
        /// A permissions boundary's ARN, and a session length other than IAM's default hour:
        /// settings streamstack never sets.
        public var permissionsBoundary: String? = nil
        public var maxSessionDuration: Int? = nil
        public var createDate: Date? = nil
    }

    /// Creates the role with its trust policy and tags in one call; "already exists" after a lost
    /// answer counts as created (the role is then read back).
    public func createRole(
        name: String, assumeRolePolicyDocument: String, description: String? = nil,
        path: String = "/",
        tags: [String: String] = [:]
    ) async throws -> Role {
        try await createRoleReportingLostAnswer(
            name: name, assumeRolePolicyDocument: assumeRolePolicyDocument,
            description: description, path: path, tags: tags
        ).role
    }

    /// As `createRole`; `afterLostAnswer` says that the role was read back after "already
    /// exists" answered a retry, so that it may not be the one this call made.
    public func createRoleReportingLostAnswer(
        name: String, assumeRolePolicyDocument: String, description: String? = nil,
        path: String = "/",
        tags: [String: String] = [:]
    ) async throws -> (role: Role, afterLostAnswer: Bool) {
        var parameters = [
            ("RoleName", name), ("AssumeRolePolicyDocument", assumeRolePolicyDocument),
            ("Path", path),
        ]
        if let description { parameters.append(("Description", description)) }
        parameters += QueryParameters.entries("Tags", tags)
        let result = try await client.query(
            "CreateRole", parameters, alreadyExistsCodes: ["EntityAlreadyExists"])
        if result.createdByEarlierAttempt {
            // IAM may not show the role yet; its name and ARN are known, the rest is read later.
            guard let role = try await getRole(name: name) else {
                throw MalformedResponseError(
                    service: "iam", operation: "GetRole",
                    detail:
                        "role \(name) exists (CreateRole said so) but GetRole does not show it yet; run again"
                )
            }
            return (role, true)
        }
        guard let node = result.node?.child("Role"), let role = Self.role(from: node) else {
            throw MalformedResponseError(service: "iam", operation: "CreateRole", detail: "no Role")
        }
        return (role, false)
    }

    /// nil when no role has this name.
    public func getRole(name: String) async throws -> Role? {
        do {
            let result = try await client.query("GetRole", [("RoleName", name)])
            return result.node?.child("Role").flatMap(Self.role(from:))
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
    }

    /// Names of the roles under a path, such as `/streamstack/demo/`.
    public func listRoleNames(pathPrefix: String) async throws -> [String] {
        try await client.allPages("ListRoles") { marker in
            var parameters = [("PathPrefix", pathPrefix)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.query("ListRoles", parameters)
            return (
                result.node?.child("Roles")?.children("member").compactMap { $0.value("RoleName") }
                    ?? [], Self.nextMarker(result)
            )
        }
    }

    public func deleteRole(name: String) async throws {
        try await client.query("DeleteRole", [("RoleName", name)])
    }

    public func updateAssumeRolePolicy(roleName: String, document: String) async throws {
        try await client.query(
            "UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", document)])
    }

    public func putRolePolicy(roleName: String, policyName: String, document: String) async throws {
        try await client.query(
            "PutRolePolicy",
            [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document)])
    }

    /// The inline policy's document, decoded; nil when the role has no such policy.
    public func getRolePolicy(roleName: String, policyName: String) async throws -> String? {
        do {
            let result = try await client.query(
                "GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
            return result.value("PolicyDocument").map(Self.decodePolicy)
        } catch let error as AWSError where error.isNotFound {
            return nil
        }
    }

    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        try await client.query(
            "DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
    }

    public func listRolePolicies(roleName: String) async throws -> [String] {
        try await client.allPages("ListRolePolicies") { marker in
            var parameters = [("RoleName", roleName)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.query("ListRolePolicies", parameters)
            return (
                result.node?.child("PolicyNames")?.children("member").map(\.text) ?? [],
                Self.nextMarker(result)
            )
        }
    }

    public func detachRolePolicy(roleName: String, policyARN: String) async throws {
        try await client.query(
            "DetachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)])
    }

    public func listAttachedRolePolicies(roleName: String) async throws -> [String] {
        try await client.allPages("ListAttachedRolePolicies") { marker in
            var parameters = [("RoleName", roleName)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.query("ListAttachedRolePolicies", parameters)
            return (
                result.node?.child("AttachedPolicies")?.children("member").compactMap {
                    $0.value("PolicyArn")
                } ?? [], Self.nextMarker(result)
            )
        }
    }

    public func tagRole(name: String, tags: [String: String]) async throws {
        guard !tags.isEmpty else { return }
        try await client.query(
            "TagRole", [("RoleName", name)] + QueryParameters.entries("Tags", tags))
    }

    public func untagRole(name: String, keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        let parameters = QueryParameters.list("TagKeys", keys)
        try await client.query("UntagRole", [("RoleName", name)] + parameters)
    }

    public func listRoleTags(name: String) async throws -> [String: String] {
        let pairs = try await client.allPages("ListRoleTags") { marker in
            var parameters = [("RoleName", name)]
            if let marker { parameters.append(("Marker", marker)) }
            let result = try await client.query("ListRoleTags", parameters)
            let members = result.node?.child("Tags")?.children("member") ?? []
            return (
                members.compactMap { member in
                    member.value("Key").map { ($0, member.value("Value") ?? "") }
                }, Self.nextMarker(result)
            )
        }
        return Dictionary(pairs) { $1 }
    }

    /// The marker of the next page, when IAM says there is one.
    static func nextMarker(_ result: QueryResult) -> String? {
        result.value("IsTruncated") == "true" ? result.value("Marker") : nil
    }

    static func role(from node: XMLNode) -> Role? {
        guard let name = node.value("RoleName"), let arn = node.value("Arn") else { return nil }
        let tags = node.entries("Tags")
        return Role(
            name: name, arn: arn, path: node.value("Path") ?? "/",
            assumeRolePolicyDocument: node.value("AssumeRolePolicyDocument").map(decodePolicy)
                ?? "", tags: tags,
            permissionsBoundary: node.child("PermissionsBoundary")?.value(
                "PermissionsBoundaryArn"),
            maxSessionDuration: node.value("MaxSessionDuration").flatMap { Int($0) },
            createDate: node.value("CreateDate").flatMap(ISO8601.parse))
    }

    /// IAM returns policy documents percent-encoded inside the XML.
    static func decodePolicy(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }
}
