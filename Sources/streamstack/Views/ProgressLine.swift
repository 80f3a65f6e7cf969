import Foundation
import Pipeline

/// One line of progress: rewritten in place on a terminal, a line a second otherwise.
final class ProgressLine: @unchecked Sendable {
    let console: Console
    private let lock = NSLock()
    private var lastPrinted = ContinuousClock.now
    private var printedInPlace = false

    init(console: Console) { self.console = console }

    func show(_ progress: Producer.Progress) {
        lock.withLock {
            let text =
                "sent \(progress.sent) records (\(Int(progress.rate.rounded()))/s), \(progress.failed) failed"
            if console.stdoutIsTerminal {
                FileHandle.standardOutput.write(
                    Data("\r\u{1B}[K\(TerminalText.escaped(text))".utf8))
                printedInPlace = true
            } else if ContinuousClock.now - lastPrinted >= .seconds(1) {
                console.out(text)
                lastPrinted = ContinuousClock.now
            }
        }
    }

    func finish() {
        lock.withLock {
            if printedInPlace { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
    }
}
