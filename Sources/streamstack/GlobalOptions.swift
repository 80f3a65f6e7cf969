import AWS
import ArgumentParser
import Engine
import Foundation
import StackFile

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(
        help:
            "AWS region, for a stack file that leaves `region:` out (overrides AWS_REGION and the profile); a file's own region cannot be changed."
    )
    var region: String?

    @Option(help: "Named profile from ~/.aws/config and ~/.aws/credentials.")
    var profile: String?

    @Option(help: "Send every AWS call to this endpoint (a local emulator, for instance).")
    var endpointURL: String?

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Set a stack variable.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(
        help: ArgumentHelp(
            "Read stack variables from a YAML file of NAME: VALUE.", valueName: "FILE"))
    var varFile: [String] = []

    @Flag(help: "Never colour the output (NO_COLOR does the same).")
    var noColor = false

    @Flag(help: "Log every AWS request (secrets redacted).")
    var verbose = false

    func validate() throws {
        for assignment in variables where StackLoader.parseVariableAssignment(assignment) == nil {
            throw ValidationError("--var expects NAME=VALUE, got '\(assignment)'")
        }
    }

    /// Variables from `--var-file`s, then `--var`s, later ones winning.
    func variableValues(console: Console) throws -> [String: String] {
        var values: [String: String] = [:]
        for path in varFile {
            do {
                values.merge(try StackLoader.loadVariableFile(path: path)) { $1 }
            } catch {
                console.printDiagnostics(error.diagnostics)
                throw ExitCode.failure
            }
        }
        for assignment in variables {
            if let (name, value) = StackLoader.parseVariableAssignment(assignment) {
                values[name] = value
            }
        }
        return values
    }

    func console() -> Console { Console(colorDisabledByFlag: noColor) }

    var awsSettings: AWSSettings {
        var settings = AWSSettings(
            profile: profile, region: region, endpointURL: endpointURL, verbose: verbose)
        let toStandardError: @Sendable (String) -> Void = {
            FileHandle.standardError.write(Data((TerminalText.escaped($0) + "\n").utf8))
        }
        settings.slowCallNotice = toStandardError
        settings.requestLog = toStandardError
        return settings
    }

    /// Runs a command's body on the stack opened against AWS; every failure is reported once,
    /// as an exit code 1 with its message.
    /// - Parameter planning: the command plans, so reads may start at once.
    func withSession(
        _ path: String, console: Console, planning: Bool = true,
        _ body: (StackSession) async throws -> Void
    ) async throws {
        try await reportingFailures(console) {
            try await body(openSession(path, console: console, planning: planning))
        }
    }

    /// Loads the stack with this command line's variables and opens it against AWS.
    /// - Parameter planning: the command plans, so reads may start at once.
    func openSession(_ path: String, console: Console, planning: Bool = true) async throws
        -> StackSession
    {
        // Commands that plan change nothing until their execution begins; others (produce)
        // may have sent something by the time Ctrl-C comes.
        if planning { Interrupts.beginReading() }
        return try await StackSession.open(
            path: path, variables: variableValues(console: console), settings: awsSettings,
            readEarly: planning)
    }
}
