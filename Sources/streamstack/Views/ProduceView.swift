import Foundation
import Pipeline
import Providers

/// How `produce` tells what it sends, how it goes and how it went.
struct ProduceView {
    let console: Console
    /// "kinesis stream NAME", "delivery stream NAME".
    let target: String
    let progress: ProgressLine

    init(console: Console, target: String) {
        self.console = console
        self.target = target
        progress = ProgressLine(console: console)
    }

    func sending(_ count: String) {
        console.out("Sending \(count) records to \(target)…")
    }

    /// The closing line, and the first failures by their record's position.
    func sent(_ summary: Producer.Summary) {
        progress.finish()
        let result = summary.progress
        console.out(
            "Sent \(result.sent) record\(result.sent == 1 ? "" : "s") to \(target) in \(result.elapsed.readable) (\(Int(result.rate.rounded()))/s, \(summary.calls) call\(summary.calls == 1 ? "" : "s")); \(result.failed) failed."
        )
        for failure in summary.failures.prefix(5) {
            console.err("record \(failure.index + 1) failed: \(failure.reason)")
        }
        if summary.failures.count > 5 {
            console.err("… and \(summary.failures.count - 5) more")
        }
    }
}
