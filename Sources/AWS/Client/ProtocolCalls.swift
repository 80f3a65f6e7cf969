import Foundation

extension AWSClient {
    /// A JSON 1.1 call: the input encoded as the body, `X-Amz-Target` naming the operation.
    public func json<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, as output: Output.Type = Output.self,
        alreadyExistsCodes: Set<String> = []
    ) async throws -> Output {
        let response = try await jsonResponse(
            operation, input, alreadyExistsCodes: alreadyExistsCodes)
        return try decodeJSON(output, from: response.http, operation: operation)
    }

    /// A JSON 1.1 call whose answer is not needed, or whose create may have been made by an
    /// earlier attempt (see `AWSResponse.createdByEarlierAttempt`).
    @discardableResult
    public func jsonResponse<Input: Encodable>(
        _ operation: String, _ input: Input, alreadyExistsCodes: Set<String> = []
    ) async throws -> AWSResponse {
        guard case .json(let targetPrefix, let pascalCase) = service.wireProtocol else {
            preconditionFailure("\(service.name) does not speak JSON 1.1")
        }
        let body = try JSONCoding.encoder(pascalCase: pascalCase).encode(input)
        return try await send(
            AWSRequest(
                operation: operation,
                headers: [
                    ("Content-Type", "application/x-amz-json-1.1"),
                    ("X-Amz-Target", "\(targetPrefix).\(operation)"),
                ], body: body, alreadyExistsCodes: alreadyExistsCodes))
    }

    public func decodeJSON<Output: Decodable>(
        _ type: Output.Type, from response: HTTPResponse, operation: String
    )
        throws -> Output
    {
        let body = response.body.isEmpty ? Data("{}".utf8) : response.body
        let pascalCase: Bool
        switch service.wireProtocol {
        case .json(_, let pascal): pascalCase = pascal
        case .restJSON: pascalCase = false
        case .query, .restXML: pascalCase = true
        }
        do {
            return try JSONCoding.decoder(pascalCase: pascalCase).decode(type, from: body)
        } catch {
            throw MalformedResponseError(
                service: service.name, operation: operation, detail: "\(error)")
        }
    }

    /// A Query call (IAM, STS): returns the `<OperationResult>` element.
    @discardableResult
    public func query(
        _ action: String, _ parameters: [(String, String)] = [],
        alreadyExistsCodes: Set<String> = [], unsigned: Bool = false
    ) async throws -> QueryResult {
        guard case .query(let version) = service.wireProtocol else {
            preconditionFailure("\(service.name) does not speak Query")
        }
        let body = FormEncoding.encode([("Action", action), ("Version", version)] + parameters)
        var request = AWSRequest(
            operation: action,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(body.utf8), alreadyExistsCodes: alreadyExistsCodes)
        request.unsigned = unsigned
        let response = try await send(request)
        if response.createdByEarlierAttempt {
            return QueryResult(node: nil, createdByEarlierAttempt: true)
        }
        guard let root = XMLNode.parse(response.http.body) else {
            throw MalformedResponseError(
                service: service.name, operation: action, detail: "the answer is not XML")
        }
        return QueryResult(
            node: root.child("\(action)Result") ?? root, createdByEarlierAttempt: false)
    }
}

/// The result element of a Query call.
public struct QueryResult: Sendable {
    /// nil when an earlier attempt made the create and the answer was lost.
    public var node: XMLNode?
    public var createdByEarlierAttempt: Bool

    public func value(_ path: String...) -> String? {
        var current = node
        for name in path { current = current?.child(name) }
        return current?.text
    }
}

/// A success answer that could not be read.
public struct MalformedResponseError: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String
    public var detail: String
    public var description: String {
        "\(service) \(operation) answered something streamstack cannot read: \(detail)"
    }
}
