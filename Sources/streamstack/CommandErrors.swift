import AWS
import ArgumentParser
import Providers
import StackFile

/// A problem with what was typed (an id the stack does not have, a flag that cannot apply),
/// as opposed to the AWS configuration's `ConfigurationError`.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body and turns every failure into one clear message and exit code 1.
func reportingFailures(_ console: Console, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as StackFileError {
        console.printDiagnostics(error.diagnostics)
        throw ExitCode.failure
    } catch {
        console.error(describe(error))
        throw ExitCode.failure
    }
}

func describe(_ error: Error) -> String {
    switch error {
    case let error as TransportError where error.description.contains("SSL certificate problem"):
        // URLSession's words for a server certificate no trusted CA signed.
        return
            "\(error.description); if the endpoint's certificate comes from a private CA, name its bundle with AWS_CA_BUNDLE (or ca_bundle in the profile)"
    case let error as TransportError:
        return
            "\(error.description); check the endpoint (--endpoint-url, AWS_ENDPOINT_URL) and the network"
    case let error as CustomStringConvertible:
        return error.description
    default:
        return "\(error)"
    }
}
