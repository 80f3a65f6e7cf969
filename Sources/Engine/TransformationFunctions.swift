import AWS
import Kinds
import Providers
import StackFile

/// The Lambda functions delivery streams transform records with must exist before apply makes
/// Firehose call them (a create with a missing function succeeds, and every record then fails):
/// a missing one is an error at the line that names it.
struct TransformationFunctions: Sendable {
    let lambda: LambdaClient

    /// Errors for the functions Lambda does not know; warnings for those it would not say.
    func check(_ stack: ResolvedStack, document: StackDocument) async throws -> (
        errors: [Diagnostic], warnings: [String]
    ) {
        let named = stack.resources.compactMap { resource -> (String, String, SourceLocation)? in
            guard let delivery = DeliveryStreamSpec(resource.spec),
                let function = delivery.transformation?.lambdaARN
            else { return nil }
            return (resource.id, function, Self.location(of: resource, in: document))
        }
        guard !named.isEmpty else { return ([], []) }
        return try await withThrowingTaskGroup(of: (Diagnostic?, String?).self) { group in
            for (id, function, location) in named {
                group.addTask {
                    do {
                        guard
                            try await lambda.functionARN(
                                function, callerAccount: stack.context.accountID) == nil
                        else { return (nil, nil) }
                        return (
                            Diagnostic(
                                location,
                                "\(id): there is no Lambda function \(function) in this account and region; create it first, or correct the ARN (and its version or alias)"
                            ), nil
                        )
                    } catch let error as AWSError {
                        return (
                            nil,
                            "\(id): could not check that Lambda function \(function) exists (\(error.code)); Firehose fails every record if it does not"
                        )
                    }
                }
            }
            var errors: [Diagnostic] = []
            var warnings: [String] = []
            for try await (error, warning) in group {
                if let error { errors.append(error) }
                if let warning { warnings.append(warning) }
            }
            return (errors.sorted { $0.location < $1.location }, warnings.sorted())
        }
    }

    /// Where the file names the function: its `lambda_arn` value, else the resource.
    static func location(of resource: ResolvedResource, in document: StackDocument)
        -> SourceLocation
    {
        typealias Key = DeliveryStreamFields
        let value = document.resource(resource.id)?.properties[Key.s3]?.mapping?[
            Key.Transformation.section]?.mapping?[Key.Transformation.lambdaARN]?.scalar
        return value?.textStart ?? resource.location
    }
}
