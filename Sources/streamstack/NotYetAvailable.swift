import ArgumentParser

/// Commands whose place in the CLI is fixed but whose work has not landed yet say so plainly
/// instead of pretending to work.
func notYetAvailable(_ command: String, console: Console) -> ExitCode {
    console.err("streamstack \(command) is not available in this version yet.")
    return .failure
}
