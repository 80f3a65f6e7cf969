import ArgumentParser
import Foundation
import StackFile

@main
struct Streamstack: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "streamstack",
        abstract: "Declarative provisioning of Kinesis → Firehose → S3 pipelines on AWS.",
        discussion: """
            A stack file (YAML) declares a Kinesis data stream, an S3 bucket and a Firehose \
            delivery stream. streamstack reads the live AWS state, shows the difference as a \
            plan, and applies it.

            Exit codes: 0 success (plan: no changes), 1 error, 2 plan with changes (with \
            --detailed-exitcode) or a pipeline failing (status), 64 usage error (an unknown command or option), 130 \
            interrupted (143 terminated).
            """,
        version: "streamstack \(version)",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            ShowCommand.self, StatusCommand.self, OutputCommand.self, GraphCommand.self,
            ImportCommand.self,
            ProduceCommand.self,
            WatchCommand.self,
            UnlockCommand.self, SynthCommand.self,
            SchemaCommand.self,
        ]
    )

    static func main() async {
        Interrupts.install()
        if let unknown = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
            Console(colorDisabledByFlag: CommandLine.arguments.contains("--no-color")).error(
                unknown)
            leave(ExitCode.validationFailure)
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            leave(.success)
        } catch {
            // As the parser's own exit(withError:) says it, without its exit().
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let stream = code == .success ? FileHandle.standardOutput : .standardError
                stream.write(Data((TerminalText.escaped(message) + "\n").utf8))
            }
            leave(code)
        }
    }

    /// Ends the process without running exit handlers and destructors: a transfer abandoned
    /// when a command failed (the transport lets requests in flight finish on their own
    /// threads) must not meet a libcurl or Foundation torn down under it.
    static func leave(_ code: ExitCode) -> Never {
        fflush(nil)  // every C stream, print's included
        _exit(code.rawValue)
    }

    /// A first word that is no command (`plna`) gets the command it resembles, rather than
    /// the parser's "unexpected argument".
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names =
            configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        return
            "unknown command '\(first)'\(Suggestion.didYouMean(first, in: names)); the commands are \(names.dropLast().joined(separator: ", ")) (streamstack --help)"
    }
}
