import AWS
import Foundation
import TestSupport
import Testing

struct IAMClientTests {
    static let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"123456789012"}}}]}"#

    /// CreateRole's answer lost, the retry told "already exists", and IAM not yet showing the
    /// role to GetRole: an error that says so, not a crash.
    @Test func aRoleIAMDoesNotShowYetAfterALostCreateIsAnErrorNotACrash() async throws {
        let server = try await MotoServer.shared()
        let proxy = try FaultProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let lose = FaultProxy.first(1, of: "CreateRole", .forwardAndLoseAnswer)
        proxy.setRule { request in
            request.operation == "GetRole"
                ? .respond(
                    status: 404, headers: ["Content-Type": "text/xml"],
                    body:
                        "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>not yet</Message></Error></ErrorResponse>"
                ) : lose(request)
        }
        let iam = try IAMClient(motoContext(server, through: proxy))
        let name = uniqueName("lostrole")
        let error = await #expect(throws: MalformedResponseError.self) {
            _ = try await iam.createRole(name: name, assumeRolePolicyDocument: Self.trust)
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("GetRole does not show it yet"))
        try await IAMClient(motoContext(server)).deleteRole(name: name)
    }

    @Test func roleWithTrustPolicyInlinePolicyAndTags() async throws {
        let server = try await MotoServer.shared()
        let iam = try IAMClient(motoContext(server))
        let name = uniqueName("role")
        let role = try await iam.createRole(
            name: name, assumeRolePolicyDocument: Self.trust, description: "test role",
            tags: ["streamstack:stack": "t", "a b": "c/d+e=f"])
        #expect(role.arn == "arn:aws:iam::\(server.accountID):role/\(name)")
        let read = try #require(try await iam.getRole(name: name))
        #expect(
            try JSONSerialization.jsonObject(with: Data(read.assumeRolePolicyDocument.utf8))
                as? NSDictionary
                == (try JSONSerialization.jsonObject(with: Data(Self.trust.utf8)) as? NSDictionary))
        #expect(
            try await iam.listRoleTags(name: name) == ["streamstack:stack": "t", "a b": "c/d+e=f"])

        let policy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:GetRecords"],"Resource":"arn:aws:kinesis:sa-east-1:123456789012:stream/s"}]}"#
        try await iam.putRolePolicy(roleName: name, policyName: "delivery", document: policy)
        #expect(try await iam.listRolePolicies(roleName: name) == ["delivery"])
        let stored = try #require(
            try await iam.getRolePolicy(roleName: name, policyName: "delivery"))
        #expect(
            try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? NSDictionary
                == (try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? NSDictionary))

        try await iam.tagRole(name: name, tags: ["team": "data"])
        try await iam.untagRole(name: name, keys: ["a b"])
        #expect(
            try await iam.listRoleTags(name: name) == ["streamstack:stack": "t", "team": "data"])

        // A role with inline policies cannot be deleted until they are gone.
        let refused = await #expect(throws: AWSError.self) { try await iam.deleteRole(name: name) }
        #expect(refused?.code == "DeleteConflict")
        try await iam.deleteRolePolicy(roleName: name, policyName: "delivery")
        try await iam.deleteRole(name: name)
        #expect(try await iam.getRole(name: name) == nil)
    }

    @Test func iamIsSignedForUsEast1FromAnyRegion() async throws {
        let server = try await MotoServer.shared()
        let client = try motoContext(server, region: "sa-east-1").client(for: .iam)
        #expect(client.endpoint.signingRegion == "us-east-1")
        #expect(
            try await IAMClient(motoContext(server, region: "sa-east-1")).getRole(
                name: uniqueName("none")) == nil)
    }
}
