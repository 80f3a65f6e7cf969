import AWS
import ArgumentParser
import Engine
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Asks for "yes" on a terminal; without one, refuses unless told to go ahead.
func confirm(_ question: String, autoApprove: Bool, console: Console) throws {
    if autoApprove { return }
    guard isatty(STDIN_FILENO) == 1 else {
        throw CommandError(
            "nothing was changed: confirmation needs a terminal; pass --auto-approve to go ahead without one"
        )
    }
    console.out("\n\(question) Only 'yes' will be accepted.")
    print("  Enter a value: ", terminator: "")
    guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
        console.out("Cancelled: nothing was changed.")
        throw ExitCode.failure
    }
}

/// Ctrl-C. Before any change is under way it ends the process at once (exit 130), saying that
/// nothing was changed when streamstack was only reading; while a plan is being carried out it
/// stops new work, lets calls in flight finish and lets the run report (exit 130); a second
/// Ctrl-C ends the process at once. The handler only touches lock-free flags and write(2), as a
/// signal handler must.
enum Interrupts {
    /// Cancels the execution under way, if any.
    static let cancellation = CancellationFlag()
    private static let executing = Atomic<Bool>(false)
    /// Set while a command reads AWS (and waits for a yes) before changing anything.
    private static let reading = Atomic<Bool>(false)
    private static let readingMessage = Array(
        "\ninterrupted while reading AWS: nothing was changed\n".utf8)
    /// Made before any signal, so that the handler allocates nothing.
    private static let message = Array(
        "\ninterrupted: finishing the calls in flight, starting nothing new (Ctrl-C again to quit now)\n"
            .utf8)

    static func install() {
        // A parent (a test runner, a supervisor) may hand down SIGINT blocked: take it back.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGTERM) { _ in
            Interrupts.endHelper()
            _exit(143)
        }
        signal(SIGINT) { _ in
            guard Interrupts.executing.load(ordering: .sequentiallyConsistent),
                !Interrupts.cancellation.isCancelled
            else {
                // Said first: a helper killed before the exit would let the run report its
                // death as the error.
                if Interrupts.reading.load(ordering: .sequentiallyConsistent),
                    !Interrupts.executing.load(ordering: .sequentiallyConsistent)
                {
                    _ = Interrupts.readingMessage.withUnsafeBufferPointer {
                        write(STDERR_FILENO, $0.baseAddress, $0.count)
                    }
                }
                Interrupts.endHelper()
                _exit(130)
            }
            Interrupts.cancellation.cancel()
            _ = Interrupts.message.withUnsafeBufferPointer {
                write(STDERR_FILENO, $0.baseAddress, $0.count)
            }
        }
    }

    /// A credential helper still running is killed with streamstack: it runs in a process
    /// group of its own, which no terminal signal reaches.
    static func endHelper() {
        let helper = HelperProcess.running.load(ordering: .sequentiallyConsistent)
        if helper > 0 { kill(-helper, SIGKILL) }
    }

    /// From now until execution begins, Ctrl-C says that nothing was changed.
    static func beginReading() {
        reading.store(true, ordering: .sequentiallyConsistent)
    }

    /// From now on Ctrl-C cancels `cancellation` instead of ending the process.
    static func beginExecution() -> CancellationFlag {
        executing.store(true, ordering: .sequentiallyConsistent)
        return cancellation
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
