import ArgumentParser
import Engine
import Foundation

/// Removes the stack's lock when the run that holds it is gone (killed, its machine lost).
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract:
            "Remove the stack's lock left by a run that is gone (it shows the holder and asks).")

    @Argument(help: "The stack file.") var stack: String
    @Flag(help: "Do not ask for confirmation.") var autoApprove = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let console = global.console()
        try await global.withSession(stack, console: console, planning: false) { session in
            let lock = session.lock
            let view = UnlockView(console: console)
            guard let current = try await lock.current() else {
                view.notLocked(session.stack.name, at: lock.location)
                return
            }
            view.held(by: current.holder, at: lock.location)
            try confirm(
                "Remove this lock? Only do so if that run is no longer running: two runs at once can leave the stack half-changed.",
                autoApprove: autoApprove, console: console)
            if try await lock.remove(etag: current.etag) {
                view.removed()
            } else {
                throw CommandError(
                    "the lock changed while you were deciding (another run took it): it was left as it is; run unlock again to see who holds it now"
                )
            }
        }
    }
}
