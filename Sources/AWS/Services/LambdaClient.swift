import Foundation
import SigV4

/// AWS Lambda (REST, JSON): streamstack only asks whether a function exists.
public struct LambdaClient: Sendable {
    public let client: AWSClient

    public init(_ context: AWSContext) throws { client = try context.client(for: .lambda) }

    /// The ARN Lambda reports for the function (a version or alias when the ARN carries one);
    /// nil when there is no such function, version or alias.
    /// - Parameter callerAccount: the account of the credentials in use: a function of that
    ///   account in the client's region is asked for by its plain name, which needs no
    ///   encoding in the path.
    public func functionARN(_ arn: String, callerAccount: String) async throws -> String? {
        // arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
        var parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let qualifier = parts.count == 8 ? parts.removeLast() : nil
        let own = parts.count == 7 && parts[3] == client.region && parts[4] == callerAccount
        let function = own ? parts[6] : parts.joined(separator: ":")
        let response = try await nilIfNotFound {
            try await client.send(
                AWSRequest(
                    operation: "GetFunctionConfiguration", method: "GET",
                    path: "/2015-03-31/functions/\(uriEncode(function))/configuration",
                    query: qualifier.map { [("Qualifier", $0)] } ?? []))
        }
        guard let response else { return nil }
        guard case .string(let arn)? = JSONValue(json: response.http.body)?["FunctionArn"] else {
            throw MalformedResponseError(
                service: "lambda", operation: "GetFunctionConfiguration",
                detail: "the answer names no FunctionArn")
        }
        return arn
    }
}
