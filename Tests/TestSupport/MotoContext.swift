import AWS
import Foundation

/// A context for moto with its administrator's keys in the region's partition, through a fault proxy when given one.
public func motoContext(
    _ server: MotoServer, through proxy: FaultProxy? = nil, region: String = "sa-east-1",
    credentials: (any CredentialProvider)? = nil, retry: RetryPolicy = fastRetries(),
    logger: (any RequestLogger)? = nil
) -> AWSContext {
    AWSContext(
        region: region,
        credentials: credentials
            ?? StaticCredentialProvider(
                AWSCredentials(
                    accessKeyID: server.keys(region: region).id,
                    secretAccessKey: server.keys(region: region).secret, source: "test")),
        endpoints: EndpointResolver(commandLineOverride: proxy?.endpoint ?? server.endpoint),
        retry: retry, logger: logger, timeout: .seconds(30),
        // The tests' own calls straight to moto need no pacing.
        pacer: RequestPacer(rates: [:]))
}

/// Retries as in production, with delays short enough for tests.
public func fastRetries(maxAttempts: Int = 5) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50))
}

/// A role the moto administrator may assume, allowed everything; moto matches the trust
/// policy's principal exactly (no account root), so it names the administrator.
public func createAssumableRole(_ name: String, context: AWSContext) async throws -> IAMClient.Role
{
    let role = try await IAMClient(context).createRole(
        name: name,
        assumeRolePolicyDocument:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/streamstack-admin"},"Action":"sts:AssumeRole"}]}"#
    )
    try await IAMClient(context).putRolePolicy(
        roleName: role.name, policyName: "all",
        document:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    )
    return role
}
