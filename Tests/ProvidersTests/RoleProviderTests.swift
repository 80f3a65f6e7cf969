import AWS
import Foundation
import Kinds
import Providers
import StackFile
import TestSupport
import Testing

struct RoleProviderTests {
    /// A managed role someone attached a policy to is still deleted: the policy is detached.
    @Test func deleteDetachesPoliciesAttachedOutOfBand() async throws {
        let server = try await MotoServer.shared()
        let aws = context(server)
        let provider = try RoleProvider(iam: IAMClient(aws), region: aws.region)
        let stack = try resolve(
            """
            stack: \(uniqueName("roles"))
            resources:
              bucket: { type: s3.bucket, properties: { name: roles-bucket-x } }
              delivery:
                type: firehose.delivery_stream
                properties: { s3: { bucket: "${bucket.arn}" } }
            """)
        let role = spec(stack, "delivery.role")
        try await provider.create(role, progress: SilentProgress())
        let iam = try aws.client(for: .iam)
        let created = try await iam.query(
            "CreatePolicy",
            [
                ("PolicyName", uniqueName("extra")),
                (
                    "PolicyDocument",
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
                ),
            ])
        let policyARN = try #require(created.value("Policy", "Arn"))
        try await iam.query(
            "AttachRolePolicy", [("RoleName", role.name), ("PolicyArn", policyARN)])
        #expect(
            try await IAMClient(aws).listAttachedRolePolicies(roleName: role.name) == [policyARN])

        // Drift the plan shows (apply detaches it); delete must detach it in any case.
        let live = try #require(try await provider.read(role))
        #expect(
            try provider.changes(from: live, to: role) == [
                AttributeChange(
                    key: "policies.attached", old: .list([policyARN]), new: nil,
                    forcesReplacement: false)
            ])
        try await provider.delete(live, progress: SilentProgress())
        #expect(try await provider.read(role) == nil)
    }
}
