import AWS
import Foundation
import TestSupport
import Testing

/// moto recomputes every signature (signature checking on), so these prove the signer and the
/// transport together.
struct SigningAgainstMotoTests {
    @Test func callerIdentityWithGoodKeys() async throws {
        let server = try await MotoServer.shared()
        let identity = try await STSClient(motoContext(server)).getCallerIdentity()
        #expect(identity.account == server.accountID)
        #expect(identity.arn.hasSuffix(":user/streamstack-admin"))
    }

    @Test func aWrongSecretFailsClearlyAndIsNotRetried() async throws {
        let server = try await MotoServer.shared()
        let logger = RecordingLogger()
        let wrong = StaticCredentialProvider(
            AWSCredentials(
                accessKeyID: server.accessKeyID, secretAccessKey: "not-the-secret", source: "test"))
        let error = await #expect(throws: AWSError.self) {
            _ = try await KinesisClient(motoContext(server, credentials: wrong, logger: logger))
                .listStreams()
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.status == 403)
        #expect(error?.description.contains("check AWS_SECRET_ACCESS_KEY") == true)
        #expect(logger.all.count == 1)
    }

    @Test func anUnknownAccessKeyIsNamed() async throws {
        let server = try await MotoServer.shared()
        let unknown = StaticCredentialProvider(
            AWSCredentials(
                accessKeyID: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "x", source: "test"))
        let error = await #expect(throws: AWSError.self) {
            _ = try await STSClient(motoContext(server, credentials: unknown)).getCallerIdentity()
        }
        #expect(error?.code == "InvalidClientTokenId")
        #expect(error?.hint?.contains("does not know this access key id") == true)
    }

    @Test func temporaryCredentialsWithASessionToken() async throws {
        let server = try await MotoServer.shared()
        let context = motoContext(server)
        let role = try await createAssumableRole(uniqueName("session"), context: context)
        let temporary = try await STSClient(context).assumeRole(
            roleARN: role.arn, sessionName: "test")
        #expect(temporary.sessionToken?.isEmpty == false)
        #expect(temporary.expiration != nil)
        let asRole = motoContext(server, credentials: StaticCredentialProvider(temporary))
        let identity = try await STSClient(asRole).getCallerIdentity()
        #expect(identity.arn.contains(":assumed-role/\(role.name)/test"))
        // A JSON service and S3 accept the token-bearing signature too.
        _ = try await KinesisClient(asRole).listStreams()
        _ = try await S3Client(asRole).listBuckets()
    }
}
