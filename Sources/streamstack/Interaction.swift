import ArgumentParser
import Dispatch
import Engine

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Asks for "yes" on a terminal; without one, refuses unless told to go ahead.
func confirm(_ question: String, autoApprove: Bool, console: Console) throws {
    if autoApprove { return }
    guard isatty(STDIN_FILENO) == 1 else {
        console.err(
            "\(console.styled("error:", .red, stderr: true)) nothing was changed: confirmation needs a terminal; pass --auto-approve to go ahead without one"
        )
        throw ExitCode.failure
    }
    console.out("\n\(question) Only 'yes' will be accepted.")
    print("  Enter a value: ", terminator: "")
    guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
        console.out("Cancelled: nothing was changed.")
        throw ExitCode.failure
    }
}

/// Ctrl-C during execution: start nothing new, let calls in flight finish, then report.
enum InterruptWatch {
    /// Kept for the life of the process: a released source stops delivering the signal.
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    static func install(console: Console) -> CancellationFlag {
        let flag = CancellationFlag()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if flag.isCancelled { exit(130) }  // a second Ctrl-C does not wait
            flag.cancel()
            console.err(
                "\ninterrupted: finishing the calls in flight, starting nothing new (Ctrl-C again to quit now)"
            )
        }
        source.resume()
        Self.source = source
        return flag
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}
